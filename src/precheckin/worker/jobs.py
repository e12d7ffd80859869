"""Jobs: the units of background work a worker runs, each a callable passed in."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..config import Settings
from ..db.connection import Database
from ..notifications import NotificationSettings
from ..reminders import NOTIFICATION_CHANNEL, ReminderSettings, queue_reminders
from .settings import WorkerSettings

Clock = Callable[[], datetime]

# Import staging sends NOTIFY on this channel when a batch is ready to process.
IMPORT_CHANNEL = "precheckin_import"


@dataclass(frozen=True)
class SetResult:
    """Outcome of one call of a job: units of work finished, and counts to log."""

    done: int
    counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Job:
    """One kind of background work and when the worker runs it.

    `run` claims and finishes one set of work and returns how much it did; 0
    means no work was waiting. After a set that did work the worker calls it
    again at once. When idle it waits `interval` seconds, or less when a NOTIFY
    arrives on one of `channels`.
    """

    name: str
    run: Callable[[], int | SetResult]
    interval: float
    channels: tuple[str, ...] = ()
    concurrency: int = 1

    def run_set(self) -> SetResult:
        """Call `run` and return its outcome as a SetResult."""
        outcome = self.run()
        if isinstance(outcome, SetResult):
            return outcome
        return SetResult(done=outcome)


def system_clock() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


def remind_job(
    database: Database,
    settings: ReminderSettings,
    *,
    interval: float,
    clock: Clock = system_clock,
) -> Job:
    """Return the job that queues the reminders due at each run."""

    def run() -> SetResult:
        report = queue_reminders(database, now=clock(), settings=settings)
        return SetResult(
            done=report.notifications,
            counts={
                "reminder_1_bookings": report.reminder_1.bookings,
                "reminder_2_bookings": report.reminder_2.bookings,
                "whatsapp": report.reminder_1.whatsapp + report.reminder_2.whatsapp,
                "email": report.reminder_1.email + report.reminder_2.email,
            },
        )

    return Job(name="remind", run=run, interval=interval)


def process_job(
    database: Database,
    core: Settings,
    *,
    interval: float,
    concurrency: int = 1,
    clock: Clock = system_clock,
) -> Job:
    """Return the job that processes the staged rows of every open batch."""
    from ..imports.pending import PendingProcessor

    # One set per call, so that a stop request takes effect between sets.
    processor = PendingProcessor(
        database,
        now=clock,
        set_size=core.process_set_size,
        claim_timeout_seconds=core.claim_timeout_seconds,
    )

    def run() -> int:
        return processor.run_one_set()

    return Job(
        name="process",
        run=run,
        interval=interval,
        channels=(IMPORT_CHANNEL,),
        concurrency=concurrency,
    )


def send_job(
    database: Database,
    settings: NotificationSettings,
    *,
    interval: float,
    concurrency: int = 1,
    clock: Clock = system_clock,
) -> Job:
    """Return the job that sends due notifications, one claimed set per call.

    One set per call lets a stop take effect between sets. Each call also
    returns expired leases of stopped senders to the queue.
    """
    from ..notifications import send_due

    def run() -> SetResult:
        report = send_due(database, settings, now=clock, limit=settings.send_set_size)
        return SetResult(
            done=report.total + report.expired_leases,
            counts={
                "sent": report.sent,
                "to_retry": report.retried,
                "failed": report.failed,
                "cancelled": report.cancelled,
                "expired_leases": report.expired_leases,
                "fallbacks": report.fallbacks,
            },
        )

    return Job(
        name="send",
        run=run,
        interval=interval,
        channels=(NOTIFICATION_CHANNEL,),
        concurrency=concurrency,
    )


def purge_job(
    database: Database,
    core: Settings,
    *,
    interval: float,
    clock: Clock = system_clock,
) -> Job:
    """Return the job that deletes staged rows kept past the retention period."""
    from ..imports.retention import purge_staged_rows

    def run() -> int:
        with database.connect(autocommit=True) as conn:
            return purge_staged_rows(
                conn, now=clock(), retention_days=core.row_retention_days
            )

    return Job(name="purge", run=run, interval=interval)


def build_jobs(
    database: Database,
    *,
    core: Settings,
    worker: WorkerSettings,
    reminders: ReminderSettings,
    notifications: NotificationSettings,
    clock: Clock = system_clock,
) -> list[Job]:
    """Return the worker's jobs in the order `--once` runs them.

    Processing comes first because it queues links, and reminders before
    sending so that one `--once` run also sends the reminders it queued.
    Deleting old staged rows comes last.
    """
    return [
        process_job(
            database,
            core,
            interval=worker.poll_interval,
            concurrency=worker.process_concurrency,
            clock=clock,
        ),
        remind_job(database, reminders, interval=worker.reminder_interval, clock=clock),
        send_job(
            database,
            notifications,
            interval=worker.poll_interval,
            concurrency=worker.send_concurrency,
            clock=clock,
        ),
        purge_job(database, core, interval=worker.purge_interval, clock=clock),
    ]


__all__ = [
    "IMPORT_CHANNEL",
    "NOTIFICATION_CHANNEL",
    "Clock",
    "Job",
    "SetResult",
    "build_jobs",
    "process_job",
    "purge_job",
    "remind_job",
    "send_job",
    "system_clock",
]
