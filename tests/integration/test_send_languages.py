"""Messages go out in the hotel's language, through the fake providers."""

from __future__ import annotations

import pytest

from precheckin.db.connection import Database
from precheckin.notifications import send_due
from tests.delivery_support import (
    Clock,
    Connection,
    RunningFake,
    add_booking,
    add_hotel,
    queue,
    sender_settings,
)


def hotel_speaking(conn: Connection, language: str) -> int:
    hotel = add_hotel(conn)
    conn.execute("UPDATE hotels SET language = %s WHERE id = %s", (language, hotel))
    return hotel


def test_german_email_reads_german(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    hotel = hotel_speaking(conn, "de")
    booking = add_booking(conn, hotel, "1001", email="ana@example.com")
    queue(conn, booking, "email")

    send_due(database, sender_settings(fake.url), now=clock)

    [request] = fake.fake.requests
    body = request.body
    assert body["subject"] == (
        "Ihr Aufenthalt im Hotel Mitte: vor der Anreise online einchecken"
    )
    assert "Guten Tag Ana Lima," in body["text"]
    assert "Vielen Dank für Ihre Buchung im Hotel Mitte." in body["text"]
    assert "Anreise: 10. März 2026" in body["text"]
    assert "Abreise: 12. März 2026" in body["text"]
    assert '<html lang="de">' in body["html"]
    assert "Jetzt online einchecken</a>" in body["html"]


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("fr", "À demain à Hotel Mitte : enregistrez-vous en ligne dès maintenant"),
        ("es", "Hasta mañana en Hotel Mitte: haga ya el check-in en línea"),
        ("en", "See you tomorrow at Hotel Mitte: check in online now"),
    ],
)
def test_reminder_subject_per_language(
    conn: Connection,
    database: Database,
    fake: RunningFake,
    clock: Clock,
    language: str,
    subject: str,
) -> None:
    hotel = hotel_speaking(conn, language)
    booking = add_booking(conn, hotel, "1001", email="ana@example.com")
    queue(conn, booking, "email", "precheckin_reminder_1")

    send_due(database, sender_settings(fake.url), now=clock)

    assert fake.fake.requests[0].body["subject"] == subject


def test_missing_name_greets_in_hotel_language(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    hotel = hotel_speaking(conn, "es")
    booking = add_booking(conn, hotel, "1001", guest_name=" ", email="a@example.com")
    queue(conn, booking, "email")

    send_due(database, sender_settings(fake.url), now=clock)

    assert "Hola, estimado huésped:" in fake.fake.requests[0].body["text"]


def test_german_whatsapp_uses_german_template(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    hotel = hotel_speaking(conn, "de")
    booking = add_booking(conn, hotel, "1001", phone="+4915112345789", token="tok")
    queue(conn, booking, "whatsapp")

    send_due(database, sender_settings(fake.url), now=clock)

    [request] = fake.fake.requests
    template = request.body["template"]
    parameters = [p["text"] for p in template["components"][0]["parameters"]]
    assert template["language"] == {"code": "de"}
    assert parameters == ["Ana Lima", "Hotel Mitte", "10. März 2026", "12. März 2026"]
