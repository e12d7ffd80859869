"""The sender's reads and writes of `notification_queue`, one statement per set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import psycopg
from psycopg.rows import class_row, dict_row

from ..db.queries import query
from .models import Notification, Outcome, Result

AsyncConnection = psycopg.AsyncConnection[Any]


@dataclass(frozen=True)
class Decision:
    """Values stored for one notification after its attempt."""

    notification: Notification
    outcome: Outcome
    status: Result
    error: str | None = None
    next_attempt_at: datetime | None = None


@dataclass(frozen=True)
class ExpiredLease:
    """A claim that was taken back from a stopped sender."""

    id: int
    channel: str
    status: str


def sql(name: str) -> bytes:
    """Return a named query of `notifications.sql` in the form psycopg runs."""
    return query("notifications", name).encode()


async def release_expired_leases(
    conn: AsyncConnection, now: datetime, max_attempts: int
) -> list[ExpiredLease]:
    """Return claims whose lease ran out to `pending` (or `failed` when exhausted)."""
    async with conn.cursor(row_factory=class_row(ExpiredLease)) as cur:
        await cur.execute(
            sql("release_expired_leases"), {"now": now, "max_attempts": max_attempts}
        )
        return await cur.fetchall()


async def count_due(conn: AsyncConnection, now: datetime) -> int:
    """Return how many notifications are due now."""
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(sql("count_due"), {"now": now})
        row = await cur.fetchone()
    return int(row["due"]) if row else 0


async def claim_due(
    conn: AsyncConnection,
    *,
    claimer: str,
    now: datetime,
    lease_seconds: int,
    size: int,
) -> list[Notification]:
    """Claim up to `size` due notifications under a lease; return them in id order."""
    params = {
        "claimer": claimer,
        "now": now,
        "lease_until": now + timedelta(seconds=lease_seconds),
        "size": size,
    }
    async with conn.cursor(row_factory=class_row(Notification)) as cur:
        await cur.execute(sql("claim_due"), params)
        return await cur.fetchall()


async def record(
    conn: AsyncConnection, claimer: str, decisions: list[Decision], now: datetime
) -> list[int]:
    """Store the decisions of one set; return ids of emails queued as fallbacks.

    A row whose claim another sender took over in the meantime (its lease
    expired) is left alone, since that sender now owns it.
    """
    sent = [d for d in decisions if d.status is Result.SENT]
    retry = [d for d in decisions if d.status is Result.RETRY]
    final = [d for d in decisions if d.status in (Result.FAILED, Result.CANCELLED)]
    fallback = [d.notification.id for d in final if d.outcome.fallback_to_email]

    async with conn.transaction():
        if sent:
            await conn.execute(sql("mark_sent"), sent_params(sent, claimer, now))
        if retry:
            await conn.execute(sql("mark_retry"), retry_params(retry, claimer, now))
        if final:
            await conn.execute(sql("mark_final"), final_params(final, claimer, now))
        if not fallback:
            return []
        async with conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(
                sql("queue_email_fallback"), {"ids": fallback, "now": now}
            )
            return [row["id"] for row in await cur.fetchall()]


def sent_params(
    decisions: list[Decision], claimer: str, now: datetime
) -> dict[str, Any]:
    """Return the parameters of `mark_sent`."""
    return {
        "ids": [d.notification.id for d in decisions],
        "provider_message_ids": [d.outcome.provider_message_id for d in decisions],
        "claimer": claimer,
        "now": now,
    }


def retry_params(
    decisions: list[Decision], claimer: str, now: datetime
) -> dict[str, Any]:
    """Return the parameters of `mark_retry`."""
    return {
        "ids": [d.notification.id for d in decisions],
        "errors": [d.error for d in decisions],
        "next_attempt_ats": [d.next_attempt_at for d in decisions],
        "email_batch_keys": [d.outcome.email_batch_key for d in decisions],
        "claimer": claimer,
        "now": now,
    }


def final_params(
    decisions: list[Decision], claimer: str, now: datetime
) -> dict[str, Any]:
    """Return the parameters of `mark_final`."""
    return {
        "ids": [d.notification.id for d in decisions],
        "statuses": [d.status.value for d in decisions],
        "errors": [d.error for d in decisions],
        "attempted": [d.outcome.attempted for d in decisions],
        "claimer": claimer,
        "now": now,
    }
