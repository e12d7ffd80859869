"""`precheckin remind`: queue the reminders that are due now."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from ..errors import PrecheckinError
from ..reminders import ReminderReport, load_reminder_settings, queue_reminders
from .app import app, stdout
from .runtime import open_database


def parse_instant(text: str) -> datetime:
    """Return the ISO 8601 instant in `text`; it must carry a UTC offset."""
    try:
        instant = datetime.fromisoformat(text)
    except ValueError as error:
        raise PrecheckinError(
            f"Invalid --at {text!r}: use ISO 8601 with an offset, "
            "such as 2026-05-09T06:30+02:00 or 2026-05-09T04:30Z."
        ) from error
    if instant.tzinfo is None:
        raise PrecheckinError(
            f"--at {text!r} has no UTC offset: add one, "
            f"such as {text}+02:00 or {text}Z."
        )
    return instant


def report_table(report: ReminderReport) -> Table:
    """Return the report as a table: one line per reminder."""
    table = Table("reminder", "bookings", "WhatsApp", "email")
    for name, counts in (
        ("precheckin_reminder_1 (day before)", report.reminder_1),
        ("precheckin_reminder_2 (check-in day)", report.reminder_2),
    ):
        table.add_row(
            name, str(counts.bookings), str(counts.whatsapp), str(counts.email)
        )
    return table


def report_json(report: ReminderReport, now: datetime) -> str:
    """Return the report as one JSON object."""
    return json.dumps(
        {
            "at": now.isoformat(),
            "precheckin_reminder_1": vars(report.reminder_1),
            "precheckin_reminder_2": vars(report.reminder_2),
        }
    )


@app.command("remind")
def remind_command(
    at: Annotated[
        str | None,
        typer.Option(
            help="Run as of this instant (ISO 8601 with an offset) instead of now.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result as one JSON object.")
    ] = False,
) -> None:
    """Queue the reminders due now in each hotel's local time; safe to run again."""
    settings = load_reminder_settings()
    now = parse_instant(at) if at else datetime.now(UTC)
    database = open_database()
    report = queue_reminders(database, now=now, settings=settings)
    if as_json:
        print(report_json(report, now))
        return
    stdout.print(report_table(report))
