"""Test helpers of the sender: a fake provider server, a clock, rows by plain SQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg
import pytest

from precheckin.notifications.settings import NotificationSettings
from precheckin.testing.fake_provider import FakeProvider, build_app
from precheckin.testing.fake_server import ServerThread

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WHATSAPP_TOKEN = "test-whatsapp-token"
RESEND_API_KEY = "re_test_key"
PUBLIC_URL = "https://stay.example.com/p/"


class Clock:
    """A clock that moves only when a test moves it."""

    def __init__(self, start: datetime = START) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current


@dataclass
class RunningFake:
    """A fake provider and the URL it serves on."""

    fake: FakeProvider
    url: str


@pytest.fixture
def fake() -> Iterator[RunningFake]:
    """Serve a fake provider on 127.0.0.1 for one test."""
    provider = FakeProvider(
        whatsapp_token=WHATSAPP_TOKEN, resend_api_key=RESEND_API_KEY
    )
    with ServerThread(build_app(provider)) as server:
        yield RunningFake(provider, server.url)


@pytest.fixture
def clock() -> Clock:
    """Return a clock standing at a fixed time."""
    return Clock()


def sender_settings(url: str, **overrides: Any) -> NotificationSettings:
    """Return settings that send to the fake at `url`, with limits off."""
    values: dict[str, Any] = {
        "whatsapp_token": WHATSAPP_TOKEN,
        "whatsapp_api_url": url,
        "resend_api_key": RESEND_API_KEY,
        "resend_api_url": url,
        "public_url": PUBLIC_URL,
        "whatsapp_messages_per_second": 0,
        "resend_requests_per_second": 0,
        "send_timeout_seconds": 2,
    }
    values.update(overrides)
    return NotificationSettings(**values)


Connection = psycopg.Connection[Any]


def add_hotel(
    conn: Connection,
    code: str = "berlin-mitte",
    *,
    name: str = "Hotel Mitte",
    wa_phone_number_id: str | None = "1065403522",
    email_from: str | None = "stay@hotel-mitte.example",
) -> int:
    """Insert a hotel and return its id."""
    row = conn.execute(
        "INSERT INTO hotels (code, name, timezone, country, wa_phone_number_id,"
        " email_from) VALUES (%s, %s, 'Europe/Berlin', 'DE', %s, %s) RETURNING id",
        (code, name, wa_phone_number_id, email_from),
    ).fetchone()
    assert row is not None
    return int(row["id"])


def add_booking(
    conn: Connection,
    hotel_id: int,
    reference: str,
    *,
    guest_name: str = "Ana Lima",
    phone: str | None = None,
    email: str | None = None,
    status: str = "CONFIRMED",
    token: str | None = None,
    token_expires_at: datetime = START + timedelta(days=30),
) -> int:
    """Insert a booking with its token and return the booking id."""
    row = conn.execute(
        "INSERT INTO bookings (hotel_id, booking_reference, guest_name, phone, email,"
        " checkin_date, checkout_date, status) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
        " RETURNING id",
        (
            hotel_id,
            reference,
            guest_name,
            phone,
            email,
            date(2026, 3, 10),
            date(2026, 3, 12),
            status,
        ),
    ).fetchone()
    assert row is not None
    booking_id = int(row["id"])
    conn.execute(
        "INSERT INTO precheckin_tokens (booking_id, token, expires_at)"
        " VALUES (%s, %s, %s)",
        (booking_id, token or f"token-{reference}", token_expires_at),
    )
    return booking_id


def queue(
    conn: Connection,
    booking_id: int,
    channel: str,
    template_code: str = "precheckin_link",
    *,
    due: datetime = START,
) -> int:
    """Queue a pending notification and return its id."""
    row = conn.execute(
        "INSERT INTO notification_queue (booking_id, hotel_id, channel, template_code,"
        " next_attempt_at) SELECT id, hotel_id, %s, %s, %s FROM bookings WHERE id = %s"
        " RETURNING id",
        (channel, template_code, due, booking_id),
    ).fetchone()
    assert row is not None
    return int(row["id"])


def notification_row(conn: Connection, notification_id: int) -> dict[str, Any]:
    """Return one row of notification_queue."""
    row = conn.execute(
        "SELECT * FROM notification_queue WHERE id = %s", (notification_id,)
    ).fetchone()
    assert row is not None
    return dict(row)


def guest(
    conn: Connection,
    hotel_id: int,
    number: int,
    channel: str,
    **booking: Any,
) -> int:
    """Insert booking `number` with a phone and an email, queue one notification."""
    booking.setdefault("phone", f"+4915112{number:05d}")
    booking.setdefault("email", f"guest{number}@example.com")
    booking_id = add_booking(conn, hotel_id, f"R{number:05d}", **booking)
    return queue(conn, booking_id, channel)
