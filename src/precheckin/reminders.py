"""Reminders: queue the day-before and check-in-morning messages in hotel time."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Self

import psycopg
from psycopg.rows import class_row
from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .db.connection import Database
from .db.queries import query
from .errors import ConfigError

logger = logging.getLogger(__name__)

# Processing and reminders wake the sender on this channel after they queue.
NOTIFICATION_CHANNEL = "precheckin_notification"


class ReminderSettings(BaseSettings):
    """When reminders go out, in the hotel's local time; read from `PRECHECKIN_*`.

    A reminder is queued only inside its window; once the window has passed
    it is skipped, not sent late.
    """

    model_config = SettingsConfigDict(env_prefix="PRECHECKIN_", extra="ignore")

    reminder_1_from: time = Field(
        default=time(6, 0),
        description="local time on the day before check-in from which reminder 1 goes",
    )
    reminder_1_until: time = Field(
        default=time(22, 0),
        description="local time on the day before check-in at which reminder 1 stops",
    )
    reminder_2_from: time = Field(
        default=time(6, 0),
        description="local time on the check-in day from which reminder 2 goes",
    )
    reminder_2_until: time = Field(
        default=time(12, 0),
        description="local time on the check-in day at which reminder 2 stops",
    )
    reminder_1_link_gap_hours: float = Field(
        default=12.0,
        ge=0,
        description="no reminder 1 when the link went out fewer hours ago than this",
    )

    @model_validator(mode="after")
    def check_windows(self) -> Self:
        """Reject a window that ends before it starts."""
        for kind in ("1", "2"):
            start = getattr(self, f"reminder_{kind}_from")
            end = getattr(self, f"reminder_{kind}_until")
            if end <= start:
                raise ValueError(
                    f"PRECHECKIN_REMINDER_{kind}_UNTIL ({end:%H:%M}) must be later "
                    f"than PRECHECKIN_REMINDER_{kind}_FROM ({start:%H:%M}); "
                    "set both as HH:MM."
                )
        return self


@dataclass(frozen=True)
class ReminderCounts:
    """Bookings stamped and notifications queued by one reminder statement."""

    bookings: int
    whatsapp: int
    email: int

    @property
    def notifications(self) -> int:
        """Notifications queued on both channels."""
        return self.whatsapp + self.email


@dataclass(frozen=True)
class ReminderReport:
    """The outcome of one reminder run, per template."""

    reminder_1: ReminderCounts
    reminder_2: ReminderCounts

    @property
    def bookings(self) -> int:
        """Bookings stamped by either reminder."""
        return self.reminder_1.bookings + self.reminder_2.bookings

    @property
    def notifications(self) -> int:
        """Notifications queued by either reminder."""
        return self.reminder_1.notifications + self.reminder_2.notifications


Connection = psycopg.Connection[Any]


def queue_reminders(
    database_or_conn: Database | Connection,
    *,
    now: datetime,
    settings: ReminderSettings,
) -> ReminderReport:
    """Queue every reminder due at `now`, stamp its bookings and wake the sender.

    Both statements run in one transaction; when it commits, a NOTIFY on
    `precheckin_notification` wakes listening senders.
    Running it twice, or in two processes at once, queues each reminder once.
    `now` must carry a time zone.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"queue_reminders needs an aware datetime, not {now!r}")
    if isinstance(database_or_conn, Database):
        with database_or_conn.connect() as conn:
            return queue_in_transaction(conn, now, settings)
    return queue_in_transaction(database_or_conn, now, settings)


def queue_in_transaction(
    conn: Connection, now: datetime, settings: ReminderSettings
) -> ReminderReport:
    """Run both reminder statements and the NOTIFY in one transaction on `conn`."""
    with conn.transaction():
        report = ReminderReport(
            reminder_1=run_statement(
                conn,
                "queue_reminder_1",
                now=now,
                from_time=settings.reminder_1_from,
                until_time=settings.reminder_1_until,
                link_gap=timedelta(hours=settings.reminder_1_link_gap_hours),
            ),
            reminder_2=run_statement(
                conn,
                "queue_reminder_2",
                now=now,
                from_time=settings.reminder_2_from,
                until_time=settings.reminder_2_until,
            ),
        )
        if report.notifications:
            conn.execute("SELECT pg_notify(%s, 'reminders')", (NOTIFICATION_CHANNEL,))
    log_report(report, now)
    return report


def run_statement(conn: Connection, name: str, **params: object) -> ReminderCounts:
    """Execute one named reminder statement and return its counts."""
    with conn.cursor(row_factory=class_row(ReminderCounts)) as cur:
        cur.execute(query("reminders", name), params)
        counts = cur.fetchone()
    if counts is None:
        return ReminderCounts(bookings=0, whatsapp=0, email=0)
    return counts


def log_report(report: ReminderReport, now: datetime) -> None:
    """Log a run that queued something at INFO, an empty one at DEBUG."""
    level = logging.INFO if report.bookings else logging.DEBUG
    logger.log(
        level,
        "reminders queued at %s: reminder 1 for %d bookings (%d WhatsApp, %d email), "
        "reminder 2 for %d bookings (%d WhatsApp, %d email)",
        now.isoformat(),
        report.reminder_1.bookings,
        report.reminder_1.whatsapp,
        report.reminder_1.email,
        report.reminder_2.bookings,
        report.reminder_2.whatsapp,
        report.reminder_2.email,
        extra={
            "event": "reminders_queued",
            "reminder_1_bookings": report.reminder_1.bookings,
            "reminder_2_bookings": report.reminder_2.bookings,
            "notifications": report.notifications,
        },
    )


def load_reminder_settings() -> ReminderSettings:
    """Read the reminder settings; an invalid one raises ConfigError naming it."""
    try:
        return ReminderSettings()
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in issue['loc'])}: {issue['msg']}"
            for issue in error.errors()
        )
        raise ConfigError(f"Invalid reminder setting: {problems}") from error
