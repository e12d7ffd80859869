"""Hotels, bookings and tokens written straight into the database for reminder tests."""

from __future__ import annotations

import itertools
import secrets
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import psycopg

from precheckin.hotels import create_hotel
from precheckin.reminders import ReminderSettings

Connection = psycopg.Connection[Any]

references = itertools.count(1)

# The windows precheckin ships with, written out so no environment variable
# changes them: reminder 1 from 06:00 to 22:00 the day before check-in,
# reminder 2 from 06:00 to noon on the check-in day.
DEFAULT_WINDOWS = ReminderSettings(
    reminder_1_from=time(6),
    reminder_1_until=time(22),
    reminder_2_from=time(6),
    reminder_2_until=time(12),
    reminder_1_link_gap_hours=12,
)

# Windows that cover the whole local day, so a test checks exactly where the
# hotel's date changes at midnight.
WHOLE_DAY = ReminderSettings(
    reminder_1_from=time(0),
    reminder_1_until=time(23, 59, 59, 999999),
    reminder_2_from=time(0),
    reminder_2_until=time(23, 59, 59, 999999),
    reminder_1_link_gap_hours=12,
)


def add_hotel(conn: Connection, timezone: str, code: str | None = None) -> int:
    """Insert a hotel in `timezone` and return its id."""
    code = code or timezone.lower().replace("/", "-").replace("_", "-")
    hotel = create_hotel(
        conn,
        code=code,
        name=f"Hotel {code}",
        timezone=timezone,
        country="DE",
        wa_phone_number_id="1055",
        email_from="stay@example.com",
    )
    return hotel.id


def add_booking(
    conn: Connection,
    hotel_id: int,
    checkin: date,
    *,
    phone: str | None = "+4915112345678",
    email: str | None = "guest@example.com",
    status: str = "CONFIRMED",
    token: bool = True,
) -> int:
    """Insert a booking and, when `token` is true, its token; return the booking id."""
    row = conn.execute(
        "INSERT INTO bookings (hotel_id, booking_reference, guest_name, phone, email,"
        " checkin_date, checkout_date, status)"
        " VALUES (%s, %s, 'Ada Guest', %s, %s, %s, %s, %s) RETURNING id",
        (
            hotel_id,
            f"R{next(references)}",
            phone,
            email,
            checkin,
            checkin + timedelta(2),
            status,
        ),
    ).fetchone()
    if row is None:
        raise RuntimeError("booking not inserted")
    booking_id = int(row["id"])
    if token:
        conn.execute(
            "INSERT INTO precheckin_tokens (booking_id, token, expires_at)"
            " VALUES (%s, %s, %s)",
            (booking_id, secrets.token_urlsafe(24), datetime(2030, 1, 1, tzinfo=UTC)),
        )
    return booking_id


def add_link(
    conn: Connection,
    booking_id: int,
    *,
    status: str,
    sent_at: datetime | None = None,
    channel: str = "whatsapp",
) -> None:
    """Insert the booking's link notification in `status`."""
    conn.execute(
        "INSERT INTO notification_queue (booking_id, hotel_id, channel, template_code,"
        " status, sent_at)"
        " SELECT id, hotel_id, %s, 'precheckin_link', %s, %s FROM bookings"
        " WHERE id = %s",
        (channel, status, sent_at, booking_id),
    )


def queued(conn: Connection, booking_id: int) -> list[tuple[str, str]]:
    """Return the booking's reminders as sorted (template, channel) pairs."""
    rows = conn.execute(
        "SELECT template_code, channel FROM notification_queue"
        " WHERE booking_id = %s AND template_code <> 'precheckin_link'"
        " ORDER BY template_code, channel",
        (booking_id,),
    ).fetchall()
    return [(row["template_code"], row["channel"]) for row in rows]


def stamps(
    conn: Connection, booking_id: int
) -> tuple[datetime | None, datetime | None]:
    """Return the booking's two reminder stamps."""
    row = conn.execute(
        "SELECT precheckin_reminder1_sent_at, precheckin_reminder2_sent_at"
        " FROM bookings WHERE id = %s",
        (booking_id,),
    ).fetchone()
    if row is None:
        raise RuntimeError(f"booking {booking_id} not found")
    return row["precheckin_reminder1_sent_at"], row["precheckin_reminder2_sent_at"]


def utc(text: str) -> datetime:
    """Parse an ISO instant written with a Z."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
