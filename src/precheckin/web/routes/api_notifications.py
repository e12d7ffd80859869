"""API: a hotel's notifications; cancel a pending one, send a failed one again."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, status

from ...staff.notifications import (
    NotificationFilter,
    NotificationItem,
    cancel_notification,
    list_notifications,
    resend_notification,
)
from ..deps import Conn, Now, ScopedHotel

router = APIRouter(prefix="/api/hotels/{hotel_code}", tags=["notifications"])

Status = Literal["pending", "processing", "sent", "failed", "cancelled"]
Channel = Literal["whatsapp", "email"]
Template = Literal["precheckin_link", "precheckin_reminder_1", "precheckin_reminder_2"]


@router.get("/notifications", response_model=list[NotificationItem])
def get_notifications(
    hotel: ScopedHotel,
    conn: Conn,
    status: Status | None = None,
    channel: Channel | None = None,
    template_code: Template | None = None,
    before_id: Annotated[
        int | None, Query(description="Only notifications older than this id.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[NotificationItem]:
    """List the hotel's notifications, newest first, optionally filtered."""
    where = NotificationFilter(
        status=status, channel=channel, template_code=template_code
    )
    return list_notifications(conn, hotel.id, where, before_id=before_id, limit=limit)


@router.post(
    "/notifications/{notification_id}/cancel",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={409: {"description": "The notification is not pending."}},
)
def post_cancel(hotel: ScopedHotel, conn: Conn, now: Now, notification_id: int) -> None:
    """Cancel a pending notification."""
    cancel_notification(conn, hotel.id, notification_id, now=now)


@router.post(
    "/notifications/{notification_id}/resend",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={409: {"description": "The notification has not failed."}},
)
def post_resend(hotel: ScopedHotel, conn: Conn, now: Now, notification_id: int) -> None:
    """Queue a failed notification again, due now."""
    resend_notification(conn, hotel.id, notification_id, now=now)
