"""Missing settings, cancelled bookings, the outbox, and the sender's limits."""

from __future__ import annotations

import json
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from precheckin.db.connection import Database
from precheckin.notifications import send_due
from tests.delivery_support import (
    START,
    Clock,
    Connection,
    RunningFake,
    add_booking,
    add_hotel,
    guest,
    notification_row,
    queue,
    sender_settings,
)


@pytest.mark.parametrize(
    ("channel", "setting", "hotel", "overrides"),
    [
        pytest.param(
            "whatsapp", "WHATSAPP_TOKEN", {}, {"whatsapp_token": None}, id="token"
        ),
        pytest.param(
            "whatsapp",
            "WHATSAPP_API_URL",
            {},
            {"whatsapp_api_url": None},
            id="graph-url",
        ),
        pytest.param(
            "whatsapp",
            "wa_phone_number_id of hotel berlin-mitte",
            {"wa_phone_number_id": None},
            {},
            id="phone-number-id",
        ),
        pytest.param("email", "RESEND_API_KEY", {}, {"resend_api_key": None}, id="key"),
        pytest.param(
            "email", "RESEND_API_URL", {}, {"resend_api_url": None}, id="resend-url"
        ),
        pytest.param(
            "email",
            "email_from of hotel berlin-mitte",
            {"email_from": None},
            {},
            id="sender",
        ),
        pytest.param(
            "email", "PRECHECKIN_PUBLIC_URL", {}, {"public_url": None}, id="public-url"
        ),
    ],
)
def test_missing_setting_names_it(
    conn: Connection,
    database: Database,
    fake: RunningFake,
    clock: Clock,
    channel: str,
    setting: str,
    hotel: dict[str, None],
    overrides: dict[str, None],
) -> None:
    hotel_id = add_hotel(conn, **hotel)  # type: ignore[arg-type]
    notification = guest(conn, hotel_id, 1, channel)

    report = send_due(database, sender_settings(fake.url, **overrides), now=clock)

    row = notification_row(conn, notification)
    assert report.failed == 1
    assert row["status"] == "failed"
    assert row["last_error"].startswith(
        f"notification_not_configured: {setting} is not"
    )
    assert row["retry_count"] == 0
    assert fake.fake.requests == []


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        pytest.param("CANCELLED", "the booking is CANCELLED", id="cancelled"),
        pytest.param("CHECKED_IN", "the guest has checked in", id="checked-in"),
    ],
)
def test_booking_status_cancels_notification(
    conn: Connection,
    database: Database,
    fake: RunningFake,
    clock: Clock,
    status: str,
    reason: str,
) -> None:
    hotel = add_hotel(conn)
    notification = guest(conn, hotel, 1, "email", status=status)

    report = send_due(database, sender_settings(fake.url), now=clock)

    row = notification_row(conn, notification)
    assert report.cancelled == 1
    assert row["status"] == "cancelled"
    assert row["last_error"] == f"notification_cancelled: {reason}"
    assert fake.fake.requests == []


def test_expired_token_fails_notification(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    hotel = add_hotel(conn)
    notification = guest(conn, hotel, 1, "email", token_expires_at=START)

    send_due(database, sender_settings(fake.url), now=clock)

    row = notification_row(conn, notification)
    assert row["status"] == "failed"
    assert row["last_error"].startswith(
        "notification_not_sendable: the booking's token"
    )


def test_outbox_writes_files(
    conn: Connection, database: Database, clock: Clock, tmp_path: Path
) -> None:
    hotel = add_hotel(conn)
    booking = add_booking(
        conn, hotel, "1001", phone="+4915112345789", email="ana@example.com", token="tk"
    )
    whatsapp = queue(conn, booking, "whatsapp")
    email = queue(conn, booking, "email")
    settings = sender_settings(
        "http://127.0.0.1:9", whatsapp_token=None, resend_api_key=None, outbox=tmp_path
    )

    report = send_due(database, settings, now=clock)

    body = json.loads((tmp_path / f"{whatsapp:08d}-precheckin_link.json").read_text())
    eml = (tmp_path / f"{email:08d}-precheckin_link.eml").read_bytes()
    message = BytesParser(policy=policy.default).parsebytes(eml)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert report.sent == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"{whatsapp:08d}-precheckin_link.json",
        f"{email:08d}-precheckin_link.eml",
    ]
    assert body["to"] == "4915112345789"
    assert body["template"]["components"][1]["parameters"][0]["text"] == "tk"
    assert message["To"] == "ana@example.com"
    assert message["From"] == "Hotel Mitte <stay@hotel-mitte.example>"
    assert text is not None and "https://stay.example.com/p/tk" in text.get_content()
    assert html is not None and "Dear Ana Lima," in html.get_content()
    assert notification_row(conn, email)["provider_message_id"] == (
        f"outbox:{email:08d}-precheckin_link.eml"
    )


def test_rate_limit_spaces_requests(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    hotel = add_hotel(conn)
    for number in range(30):
        guest(conn, hotel, number, "whatsapp")
    settings = sender_settings(fake.url, whatsapp_messages_per_second=20)

    send_due(database, settings, now=clock)

    times = sorted(r.received_at for r in fake.fake.requests)
    busiest = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
    assert len(times) == 30
    assert times[-1] - times[0] >= 29 / 20 * 0.95
    assert busiest <= 21


def test_in_flight_limit_holds(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    hotel = add_hotel(conn)
    for number in range(20):
        guest(conn, hotel, number, "whatsapp")
    fake.fake.set_latency(0.2)
    settings = sender_settings(fake.url, send_max_in_flight=5)

    started = time.monotonic()
    report = send_due(database, settings, now=clock)
    elapsed = time.monotonic() - started

    assert report.sent == 20
    assert elapsed >= 20 / 5 * 0.2 * 0.95
    assert elapsed < 20 * 0.2
