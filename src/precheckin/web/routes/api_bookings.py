"""API: a hotel's bookings with their link expiry and notifications."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query

from ...staff.bookings import BookingView, find_bookings, require_booking
from ...staff.notifications import (
    NotificationFilter,
    NotificationItem,
    list_notifications,
)
from ..deps import Conn, ScopedHotel

router = APIRouter(prefix="/api/hotels/{hotel_code}", tags=["bookings"])


@dataclass(frozen=True)
class BookingDetail:
    """A booking and every notification queued for it, newest first."""

    booking: BookingView
    notifications: list[NotificationItem]


@router.get("/bookings", response_model=list[BookingView])
def get_bookings(
    hotel: ScopedHotel,
    conn: Conn,
    reference: Annotated[
        str, Query(min_length=1, description="The booking reference.")
    ],
) -> list[BookingView]:
    """Find the hotel's booking with a booking reference (an empty list when none)."""
    return find_bookings(conn, hotel.id, reference=reference)


@router.get("/bookings/{booking_id}", response_model=BookingDetail)
def get_booking(hotel: ScopedHotel, conn: Conn, booking_id: int) -> BookingDetail:
    """Return a booking with its link's expiry and its notifications."""
    booking = require_booking(conn, hotel.id, booking_id)
    where = NotificationFilter(booking_id=booking_id)
    notifications = list_notifications(conn, hotel.id, where, limit=100)
    return BookingDetail(booking, notifications)
