"""Claimed notifications and the outcome of one attempt to send them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Notification:
    """A claimed notification with what its message needs from booking and hotel."""

    id: int
    booking_id: int
    hotel_id: int
    channel: str
    template_code: str
    retry_count: int
    email_batch_key: str | None
    booking_reference: str
    booking_status: str
    guest_name: str
    phone: str | None
    email: str | None
    checkin_date: date
    checkout_date: date
    precheckin_completed_at: datetime | None
    hotel_code: str
    hotel_name: str
    wa_phone_number_id: str | None
    email_from: str | None
    language: str
    token: str | None
    token_expires_at: datetime | None
    token_revoked_at: datetime | None

    @property
    def recipient(self) -> str | None:
        """Return the phone number or email address this channel sends to."""
        return self.phone if self.channel == "whatsapp" else self.email


class Result(enum.StrEnum):
    """Outcome of one attempt."""

    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Outcome:
    """The outcome of one attempt to send one notification.

    `retry_after` is the wait in seconds that the provider asked for;
    `min_delay` is a floor that the error class sets (24 hours for daily
    quotas). `attempted` is False when nothing reached a provider, as with a
    missing setting, so the attempt is not counted.
    """

    notification_id: int
    result: Result
    provider_message_id: str | None = None
    error: str | None = None
    retry_after: float | None = None
    min_delay: float | None = None
    fallback_to_email: bool = False
    attempted: bool = True
    email_batch_key: str | None = None


def sent(notification_id: int, provider_message_id: str) -> Outcome:
    """Return the outcome of an accepted message."""
    return Outcome(
        notification_id, Result.SENT, provider_message_id=provider_message_id
    )


def not_sendable(notification_id: int, error: str) -> Outcome:
    """Return a failure found before any provider was called."""
    return Outcome(notification_id, Result.FAILED, error=error, attempted=False)


def cancelled(notification_id: int, reason: str) -> Outcome:
    """Return the outcome of a notification that must no longer go out."""
    return Outcome(
        notification_id,
        Result.CANCELLED,
        error=f"notification_cancelled: {reason}",
        attempted=False,
    )
