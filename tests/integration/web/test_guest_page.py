"""The guest page: the form, stored answers, closed links and slowed guessing."""

from __future__ import annotations

from typing import Any

import httpx
import psycopg
import pytest

from tests.web_support import (
    START,
    FakeClock,
    HotelWithKey,
    add_booking,
    add_notification,
)

ANSWERS = {"arrival_time": "16:30", "guests": "3", "note": "Late check-in, please."}


def test_form_shows_hotel_guest_and_dates(
    client: httpx.Client, conn: psycopg.Connection[Any], berlin: HotelWithKey
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "2001", guest_name="Jürgen Weiß")

    response = client.get(f"/precheckin/{booking.token}")

    assert response.status_code == 200
    assert "Hotel Berlin Mitte" in response.text
    assert "Jürgen Weiß" in response.text
    assert "Tue 12 May 2026" in response.text
    assert "Thu 14 May 2026" in response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_submit_stores_answers_and_completes(
    client: httpx.Client, conn: psycopg.Connection[Any], berlin: HotelWithKey
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "2002")

    response = client.post(f"/precheckin/{booking.token}", data=ANSWERS)

    assert response.status_code == 303
    row = conn.execute(
        "SELECT precheckin_answers, precheckin_completed_at FROM bookings"
        " WHERE id = %s",
        (booking.id,),
    ).fetchone()
    assert row["precheckin_answers"] == {
        "arrival_time": "16:30",
        "guests": 3,
        "note": "Late check-in, please.",
    }
    assert row["precheckin_completed_at"] == START
    page = client.get(f"/precheckin/{booking.token}")
    assert "You are pre-checked in" in page.text


def test_submit_cancels_pending_reminders_only(
    client: httpx.Client, conn: psycopg.Connection[Any], berlin: HotelWithKey
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "2003")
    hotel_id = berlin.hotel.id
    link = add_notification(conn, booking.id, hotel_id, status="sent")
    reminder = add_notification(
        conn, booking.id, hotel_id, template="precheckin_reminder_1"
    )

    client.post(f"/precheckin/{booking.token}", data=ANSWERS)

    rows = conn.execute(
        "SELECT id, status FROM notification_queue WHERE booking_id = %s", (booking.id,)
    ).fetchall()
    statuses = {row["id"]: row["status"] for row in rows}
    assert statuses[link] == "sent"
    assert statuses[reminder] == "cancelled"


@pytest.mark.parametrize(
    ("field", "answers"),
    [
        pytest.param(
            "arrival_time", ANSWERS | {"arrival_time": "25:00"}, id="bad-time"
        ),
        pytest.param("guests", ANSWERS | {"guests": "0"}, id="no-guests"),
        pytest.param("guests", ANSWERS | {"guests": "many"}, id="guests-text"),
        pytest.param("note", ANSWERS | {"note": "x" * 1001}, id="long-note"),
    ],
)
def test_invalid_answers_rejected(
    client: httpx.Client,
    conn: psycopg.Connection[Any],
    berlin: HotelWithKey,
    field: str,
    answers: dict[str, str],
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "2004")

    response = client.post(f"/precheckin/{booking.token}", data=answers)

    assert response.status_code == 422
    assert f'id="{field}_problem"' in response.text
    completed = conn.execute(
        "SELECT precheckin_completed_at FROM bookings WHERE id = %s", (booking.id,)
    ).fetchone()
    assert completed == {"precheckin_completed_at": None}


@pytest.mark.parametrize(
    ("setup", "status", "text"),
    [
        pytest.param({"token_expires_at": START}, 410, "no longer valid", id="expired"),
        pytest.param(
            {"status": "CHECKED_IN"}, 200, "You are checked in", id="checked-in"
        ),
        pytest.param({"status": "CANCELLED"}, 410, "no longer active", id="cancelled"),
    ],
)
def test_closed_link_friendly_page(
    client: httpx.Client,
    conn: psycopg.Connection[Any],
    berlin: HotelWithKey,
    setup: dict[str, Any],
    status: int,
    text: str,
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "2005", **setup)

    page = client.get(f"/precheckin/{booking.token}")
    submit = client.post(f"/precheckin/{booking.token}", data=ANSWERS)

    assert page.status_code == status
    assert text in page.text
    assert "Erika" not in page.text
    assert submit.status_code == status
    answers = conn.execute(
        "SELECT precheckin_answers FROM bookings WHERE id = %s", (booking.id,)
    ).fetchone()
    assert answers == {"precheckin_answers": None}


def test_revoked_link_friendly_page(
    client: httpx.Client, conn: psycopg.Connection[Any], berlin: HotelWithKey
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "2006")
    conn.execute("UPDATE precheckin_tokens SET revoked_at = %s", (START,))

    response = client.get(f"/precheckin/{booking.token}")

    assert response.status_code == 410
    assert "no longer valid" in response.text


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("A" * 32, id="unknown"),
        pytest.param("short", id="malformed"),
        pytest.param("%27%20OR%201%3D1--", id="injection"),
    ],
)
def test_unknown_token_reveals_nothing(
    client: httpx.Client,
    conn: psycopg.Connection[Any],
    berlin: HotelWithKey,
    token: str,
) -> None:
    add_booking(conn, berlin.hotel.id, "2007")

    response = client.get(f"/precheckin/{token}")

    assert response.status_code == 404
    assert "This link does not work" in response.text
    assert "Hotel Berlin Mitte" not in response.text


def test_form_in_hotel_language(
    client: httpx.Client, conn: psycopg.Connection[Any], berlin: HotelWithKey
) -> None:
    conn.execute("UPDATE hotels SET language = 'de' WHERE id = %s", (berlin.hotel.id,))
    booking = add_booking(conn, berlin.hotel.id, "2011", guest_name="Jürgen Weiß")

    response = client.get(f"/precheckin/{booking.token}")

    assert response.status_code == 200
    assert '<html lang="de">' in response.text
    assert "Hallo Jürgen Weiß" in response.text
    assert "Di. 12. Mai 2026" in response.text
    assert "Online-Check-in abschließen" in response.text


def test_problems_in_hotel_language(
    client: httpx.Client, conn: psycopg.Connection[Any], berlin: HotelWithKey
) -> None:
    conn.execute("UPDATE hotels SET language = 'fr' WHERE id = %s", (berlin.hotel.id,))
    booking = add_booking(conn, berlin.hotel.id, "2012")

    response = client.post(
        f"/precheckin/{booking.token}", data={**ANSWERS, "guests": "0"}
    )

    assert response.status_code == 422
    assert "Indiquez le nombre de personnes, de 1 à 20." in response.text


def test_done_page_in_hotel_language(
    client: httpx.Client, conn: psycopg.Connection[Any], berlin: HotelWithKey
) -> None:
    conn.execute("UPDATE hotels SET language = 'es' WHERE id = %s", (berlin.hotel.id,))
    booking = add_booking(conn, berlin.hotel.id, "2013")

    client.post(f"/precheckin/{booking.token}", data=ANSWERS)
    page = client.get(f"/precheckin/{booking.token}")

    assert "Su check-in en línea está hecho" in page.text
    assert "hacia las 16:30" in page.text


def test_unknown_token_in_browser_language(
    client: httpx.Client, conn: psycopg.Connection[Any], berlin: HotelWithKey
) -> None:
    response = client.get(
        f"/precheckin/{'A' * 32}", headers={"Accept-Language": "fr-CH, de;q=0.8"}
    )

    assert response.status_code == 404
    assert "Ce lien ne fonctionne pas" in response.text


def test_near_miss_token_not_found(
    client: httpx.Client, conn: psycopg.Connection[Any], berlin: HotelWithKey
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "2008")
    last = booking.token[-1]
    near_miss = booking.token[:-1] + ("A" if last != "A" else "B")

    response = client.get(f"/precheckin/{near_miss}")

    assert response.status_code == 404


def test_repeated_failures_slowed_down(
    client: httpx.Client,
    conn: psycopg.Connection[Any],
    berlin: HotelWithKey,
    clock: FakeClock,
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "2009")
    guesses = [client.get(f"/precheckin/{'G' * 31}{n}") for n in range(5)]

    blocked = client.get(f"/precheckin/{booking.token}")
    clock.advance(seconds=1)
    after_wait = client.get(f"/precheckin/{booking.token}")

    assert [guess.status_code for guess in guesses] == [404] * 5
    assert blocked.status_code == 429
    assert blocked.headers["retry-after"] == "1"
    assert "Erika" not in blocked.text
    assert after_wait.status_code == 200


def test_wait_doubles_with_each_failure(
    client: httpx.Client, berlin: HotelWithKey, clock: FakeClock
) -> None:
    for n in range(5):
        client.get(f"/precheckin/{'G' * 31}{n}")
    waits = []
    for n in range(4):
        blocked = client.get(f"/precheckin/{'H' * 31}{n}")
        waits.append(int(blocked.headers["retry-after"]))
        clock.advance(seconds=waits[-1])
        client.get(f"/precheckin/{'H' * 31}{n}")

    assert waits == [1, 2, 4, 8]


def test_quiet_hour_resets_failures(
    client: httpx.Client,
    conn: psycopg.Connection[Any],
    berlin: HotelWithKey,
    clock: FakeClock,
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "2010")
    for n in range(6):
        client.get(f"/precheckin/{'G' * 31}{n}")
    assert client.get(f"/precheckin/{booking.token}").status_code == 429

    clock.advance(hours=1, seconds=1)
    response = client.get(f"/precheckin/{booking.token}")

    assert response.status_code == 200
