"""The send job: claim due notifications, send them, store each outcome.

`send_due` (or `send_due_async` inside an event loop) is what the CLI and the
worker call. Each round claims a set with `FOR UPDATE SKIP LOCKED` under a
lease, sends it concurrently, and writes the outcomes in one transaction, so
any number of senders can share one database.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import datetime

import psycopg
from psycopg.rows import dict_row

from ..db.connection import Database
from ..errors import DatabaseUnavailable
from .backoff import next_attempt_at
from .dispatch import Dispatcher
from .masking import scrub
from .models import Notification, Outcome, Result
from .preparing import describe_recipient
from .report import SendReport
from .settings import NotificationSettings
from .store import (
    AsyncConnection,
    Decision,
    claim_due,
    count_due,
    record,
    release_expired_leases,
)

logger = logging.getLogger(__name__)

NOT_CONFIGURED = "notification_not_configured:"

Progress = Callable[[SendReport, int], None]


def send_due(
    database: Database,
    settings: NotificationSettings,
    *,
    now: Callable[[], datetime],
    limit: int | None = None,
    progress: Progress | None = None,
) -> SendReport:
    """Send every due notification (at most `limit`) and return the counts.

    `now` returns the current time, timezone-aware; every stored time comes
    from it. Runs its own event loop, so call `send_due_async` from code that
    already runs one. `progress`, when given, is called after each set with
    the report so far and the number of notifications due at the start.
    """
    return asyncio.run(
        send_due_async(database, settings, now=now, limit=limit, progress=progress)
    )


async def send_due_async(
    database: Database,
    settings: NotificationSettings,
    *,
    now: Callable[[], datetime],
    limit: int | None = None,
    progress: Progress | None = None,
) -> SendReport:
    """Send every due notification (at most `limit`); the async form of `send_due`."""
    claimer = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    report = SendReport()
    async with await connect(database) as conn, Dispatcher(settings, now) as dispatcher:
        await take_back_expired(conn, settings, now(), report)
        due = await count_due(conn, now())
        while limit is None or report.total < limit:
            size = settings.send_set_size
            if limit is not None:
                size = min(size, limit - report.total)
            notifications = await claim_due(
                conn,
                claimer=claimer,
                now=now(),
                lease_seconds=settings.send_lease_seconds,
                size=size,
            )
            if not notifications:
                break
            await send_set(
                conn, dispatcher, claimer, notifications, settings, now, report
            )
            if progress is not None:
                progress(report, due)
    return report


async def connect(database: Database) -> AsyncConnection:
    """Open an autocommit connection with dict rows, as `Database.connect` does."""
    try:
        return await psycopg.AsyncConnection.connect(
            database.url, autocommit=True, row_factory=dict_row
        )
    except psycopg.OperationalError as error:
        raise DatabaseUnavailable(
            f"Cannot connect to the database at {database.location}: {error}"
        ) from error


async def take_back_expired(
    conn: AsyncConnection,
    settings: NotificationSettings,
    now: datetime,
    report: SendReport,
) -> None:
    """Return the claims of stopped senders to the queue, and count them."""
    expired = await release_expired_leases(conn, now, settings.send_max_attempts)
    report.expired_leases += len(expired)
    for lease in expired:
        if lease.status == "failed":
            report.count(lease.channel, Result.FAILED)
            logger.error(
                "notification %s failed: its claim expired on the last allowed attempt",
                lease.id,
                extra={"event": "notification_failed", "notification_id": lease.id},
            )
        else:
            logger.warning(
                "notification %s is due again: the sender that claimed it stopped",
                lease.id,
                extra={"event": "lease_expired", "notification_id": lease.id},
            )


async def send_set(
    conn: AsyncConnection,
    dispatcher: Dispatcher,
    claimer: str,
    notifications: list[Notification],
    settings: NotificationSettings,
    now: Callable[[], datetime],
    report: SendReport,
) -> None:
    """Send one claimed set and store what happened to each notification."""
    outcomes = await dispatcher.send(notifications)
    by_id = {notification.id: notification for notification in notifications}
    finished = now()
    decisions = [
        decide(by_id[o.notification_id], o, finished, settings) for o in outcomes
    ]
    fallbacks = await record(conn, claimer, decisions, finished)

    counts = SendReport()
    for decision in decisions:
        report.count(decision.notification.channel, decision.status)
        counts.count(decision.notification.channel, decision.status)
        if not decision.error or not decision.error.startswith(NOT_CONFIGURED):
            log_decision(decision, settings)
    log_missing_settings(decisions)
    report.fallbacks += len(fallbacks)
    logger.info(
        "sent a set of %d notifications: %d sent, %d to retry, %d failed, "
        "%d cancelled, %d emails queued as fallback",
        len(decisions),
        counts.sent,
        counts.retried,
        counts.failed,
        counts.cancelled,
        len(fallbacks),
        extra={"event": "send_set_finished", "claimer": claimer},
    )


def decide(
    notification: Notification,
    outcome: Outcome,
    now: datetime,
    settings: NotificationSettings,
) -> Decision:
    """Turn an attempt's outcome into what to store: retry, or give up at the limit."""
    if outcome.result is not Result.RETRY:
        return Decision(notification, outcome, outcome.result, outcome.error)
    attempt = notification.retry_count + 1
    if attempt >= settings.send_max_attempts:
        error = f"{outcome.error} (gave up after {attempt} attempts)"
        return Decision(notification, outcome, Result.FAILED, error)
    when = next_attempt_at(
        now,
        attempt,
        settings,
        retry_after=outcome.retry_after,
        min_delay=outcome.min_delay,
    )
    return Decision(notification, outcome, Result.RETRY, outcome.error, when)


def log_missing_settings(decisions: list[Decision]) -> None:
    """Log one ERROR per missing setting, with the number of notifications it failed."""
    by_error = Counter(
        d.error for d in decisions if d.error and d.error.startswith(NOT_CONFIGURED)
    )
    for error, count in by_error.items():
        logger.error(
            "%d notifications failed: %s",
            count,
            error,
            extra={"event": "notification_failed", "count": count},
        )


def log_decision(decision: Decision, settings: NotificationSettings) -> None:
    """Log a retry as WARNING and a failure as ERROR, with the recipient masked."""
    notification = decision.notification
    recipient = describe_recipient(notification)
    error = scrub(decision.error or "", notification.recipient)
    extra = {
        "notification_id": notification.id,
        "booking_id": notification.booking_id,
        "hotel_id": notification.hotel_id,
        "channel": notification.channel,
    }
    if decision.status is Result.RETRY:
        logger.warning(
            "notification %s (%s to %s) will be retried at %s, attempt %d of %d: %s",
            notification.id,
            notification.channel,
            recipient,
            decision.next_attempt_at,
            notification.retry_count + 2,
            settings.send_max_attempts,
            error,
            extra={"event": "notification_retry", **extra},
        )
    elif decision.status is Result.FAILED:
        logger.error(
            "notification %s (%s to %s) failed: %s",
            notification.id,
            notification.channel,
            recipient,
            error,
            extra={"event": "notification_failed", **extra},
        )
    elif decision.status is Result.CANCELLED:
        logger.info(
            "notification %s (%s to %s) cancelled: %s",
            notification.id,
            notification.channel,
            recipient,
            error,
            extra={"event": "notification_cancelled", **extra},
        )
