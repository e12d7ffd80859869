"""Find the booking behind a guest's token, and whether its link can be used."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

import psycopg
from psycopg.rows import class_row

from ..db.queries import query

# Tokens are URL-safe base64; anything else cannot be one and is not looked up.
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


class LinkState(Enum):
    """The state of a guest's link: usable, or the reason it is not."""

    OPEN = "open"
    COMPLETED = "completed"
    EXPIRED = "expired"
    REVOKED = "revoked"
    CANCELLED = "cancelled"
    CHECKED_IN = "checked_in"


@dataclass(frozen=True)
class GuestLink:
    """A token's booking, as much of it as the guest page shows."""

    token: str
    expires_at: datetime
    revoked_at: datetime | None
    booking_id: int
    guest_name: str
    checkin_date: date
    checkout_date: date
    guests: int | None
    booking_status: str
    precheckin_completed_at: datetime | None
    precheckin_answers: dict[str, Any] | None
    hotel_name: str
    hotel_language: str

    def state(self, now: datetime) -> LinkState:
        """Return whether the link is usable at `now`, and if not, why."""
        if self.booking_status == "CHECKED_IN":
            return LinkState.CHECKED_IN
        if self.booking_status in ("CANCELLED", "NO_SHOW"):
            return LinkState.CANCELLED
        if self.revoked_at is not None:
            return LinkState.REVOKED
        if self.expires_at <= now:
            return LinkState.EXPIRED
        if self.precheckin_completed_at is not None:
            return LinkState.COMPLETED
        return LinkState.OPEN


def find_link(conn: psycopg.Connection[Any], token: str) -> GuestLink | None:
    """Return the link of a token, or None for a token that matches no booking.

    The lookup goes through the token's SHA-256, and the final comparison is
    constant-time, so response times tell nothing about near misses.
    """
    if not TOKEN_SHAPE.match(token):
        return None
    token_hash = hashlib.sha256(token.encode("utf-8")).digest()
    with conn.cursor(row_factory=class_row(GuestLink)) as cur:
        cur.execute(query("guest", "link_by_token_hash"), {"token_hash": token_hash})
        link = cur.fetchone()
    if link is None or not hmac.compare_digest(link.token.encode(), token.encode()):
        return None
    return link
