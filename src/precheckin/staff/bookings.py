"""A hotel's bookings as staff see them, with their link's expiry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import psycopg
from psycopg.rows import class_row

from ..db.queries import query
from ..errors import NotFound


@dataclass(frozen=True)
class BookingView:
    """A booking with its pre-check-in state and its link's expiry (never the token)."""

    id: int
    booking_reference: str
    guest_name: str
    phone: str | None
    email: str | None
    checkin_date: date
    checkout_date: date
    room: str | None
    guests: int | None
    status: str
    precheckin_completed_at: datetime | None
    precheckin_answers: dict[str, Any] | None
    precheckin_reminder1_sent_at: datetime | None
    precheckin_reminder2_sent_at: datetime | None
    last_batch_id: int | None
    created_at: datetime
    updated_at: datetime
    link_expires_at: datetime | None
    link_revoked_at: datetime | None


def find_bookings(
    conn: psycopg.Connection[Any],
    hotel_id: int,
    *,
    booking_id: int | None = None,
    reference: str | None = None,
) -> list[BookingView]:
    """Return the hotel's bookings with this id or booking reference."""
    params = {"hotel_id": hotel_id, "booking_id": booking_id, "reference": reference}
    with conn.cursor(row_factory=class_row(BookingView)) as cur:
        cur.execute(query("staff", "booking_of_hotel"), params)
        return cur.fetchall()


def require_booking(
    conn: psycopg.Connection[Any], hotel_id: int, booking_id: int
) -> BookingView:
    """Return the hotel's booking or raise NotFound (also for another hotel's)."""
    found = find_bookings(conn, hotel_id, booking_id=booking_id)
    if not found:
        raise NotFound(f"No booking {booking_id} in this hotel; check the booking id.")
    return found[0]
