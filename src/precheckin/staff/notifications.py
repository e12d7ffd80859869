"""A hotel's notifications: list them, cancel a pending one, send a failed one again."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import class_row, tuple_row

from ..db.queries import query
from ..errors import Conflict, NotFound

logger = logging.getLogger(__name__)

STATUSES = ("pending", "processing", "sent", "failed", "cancelled")
CHANNELS = ("whatsapp", "email")
TEMPLATES = ("precheckin_link", "precheckin_reminder_1", "precheckin_reminder_2")


@dataclass(frozen=True)
class NotificationItem:
    """One queued notification with the booking it belongs to."""

    id: int
    booking_id: int
    booking_reference: str
    guest_name: str
    channel: str
    template_code: str
    status: str
    retry_count: int
    next_attempt_at: datetime
    last_error: str | None
    provider_message_id: str | None
    sent_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class NotificationFilter:
    """A filter on notifications; None in a field matches every value."""

    status: str | None = None
    channel: str | None = None
    template_code: str | None = None
    booking_id: int | None = None


def list_notifications(
    conn: psycopg.Connection[Any],
    hotel_id: int,
    where: NotificationFilter,
    *,
    before_id: int | None = None,
    limit: int = 50,
) -> list[NotificationItem]:
    """Return the hotel's notifications that match, newest first."""
    params = {
        "hotel_id": hotel_id,
        "status": where.status,
        "channel": where.channel,
        "template_code": where.template_code,
        "booking_id": where.booking_id,
        "before_id": before_id,
        "limit": limit,
    }
    with conn.cursor(row_factory=class_row(NotificationItem)) as cur:
        cur.execute(query("staff", "list_notifications"), params)
        return cur.fetchall()


def cancel_notification(
    conn: psycopg.Connection[Any], hotel_id: int, notification_id: int, *, now: datetime
) -> None:
    """Cancel a pending notification so that it is never sent."""
    _change(conn, "cancel_notification", hotel_id, notification_id, now, "pending")
    logger.info(
        "notification %s cancelled",
        notification_id,
        extra={"event": "notification_cancelled", "notification_id": notification_id},
    )


def resend_notification(
    conn: psycopg.Connection[Any], hotel_id: int, notification_id: int, *, now: datetime
) -> None:
    """Queue a failed notification again, due now, with a fresh set of attempts."""
    _change(conn, "resend_notification", hotel_id, notification_id, now, "failed")
    logger.info(
        "notification %s queued again",
        notification_id,
        extra={"event": "notification_resent", "notification_id": notification_id},
    )


def _change(
    conn: psycopg.Connection[Any],
    query_name: str,
    hotel_id: int,
    notification_id: int,
    now: datetime,
    required_status: str,
) -> None:
    """Run a status change; raise NotFound or Conflict when it matched no row."""
    params = {"hotel_id": hotel_id, "id": notification_id, "now": now}
    with conn.cursor(row_factory=tuple_row) as cur:
        if cur.execute(query("staff", query_name), params).fetchone():
            return
        row = cur.execute(query("staff", "notification_status"), params).fetchone()
    if row is None:
        raise NotFound(f"No notification {notification_id} in this hotel.")
    raise Conflict(
        f"Notification {notification_id} is {row[0]}; only a {required_status} "
        "notification can be changed this way."
    )
