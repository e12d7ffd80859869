"""Slow down clients that keep presenting unknown guest links or API keys.

Counts live in the database, so every API process shares them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import psycopg
from psycopg.rows import tuple_row

from ..db.queries import query

logger = logging.getLogger(__name__)

Scope = Literal["guest_link", "sign_in"]


@dataclass(frozen=True)
class ThrottlePolicy:
    """How many failures an address gets free, and how long it waits after that.

    Past `free_failures`, each further failure doubles the wait before the next
    attempt, from 1 second up to `max_delay`. An address that stays quiet for
    `window` starts again from zero.
    """

    free_failures: int = 5
    max_delay: timedelta = timedelta(minutes=5)
    window: timedelta = timedelta(hours=1)

    def delay(self, failures: int) -> timedelta:
        """Return how long an address with this many failures must wait."""
        extra = failures - self.free_failures
        if extra < 0:
            return timedelta(0)
        return min(timedelta(seconds=2 ** min(extra, 30)), self.max_delay)


def retry_after(
    conn: psycopg.Connection[Any],
    policy: ThrottlePolicy,
    scope: Scope,
    address: str,
    *,
    now: datetime,
) -> int:
    """Return the seconds the address must still wait, 0 when it may try now."""
    params = {"scope": scope, "address": address, "now": now, "window": policy.window}
    with conn.cursor(row_factory=tuple_row) as cur:
        row = cur.execute(query("auth", "recent_failures"), params).fetchone()
    if row is None:
        return 0
    failures, last_failed_at = row
    wait = last_failed_at + policy.delay(failures) - now
    return max(0, int(wait.total_seconds() + 0.999))


def record_failure(
    conn: psycopg.Connection[Any],
    policy: ThrottlePolicy,
    scope: Scope,
    address: str,
    *,
    now: datetime,
) -> int:
    """Count one failure of the address and return its count in this window."""
    params = {"scope": scope, "address": address, "now": now, "window": policy.window}
    conn.execute(query("auth", "forget_old_failures"), params)
    with conn.cursor(row_factory=tuple_row) as cur:
        row = cur.execute(query("auth", "record_failure"), params).fetchone()
    failures = int(row[0]) if row else 1
    if failures == policy.free_failures + 1:
        # Once per window and address, so an attack does not flood the log.
        logger.warning(
            "repeated %s failures from one address; slowing it down",
            scope,
            extra={"event": "throttle_started", "scope": scope, "failures": failures},
        )
    return failures
