"""`precheckin send`: send the due notifications once."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import pydantic
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from ..errors import ConfigError
from ..notifications import (
    NotificationSettings,
    SendReport,
    load_notification_settings,
    send_due,
)
from .app import app, stderr, stdout
from .runtime import open_database


def utc_now() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


def read_settings(outbox: Path | None) -> NotificationSettings:
    """Read the sender settings, with `--outbox` over PRECHECKIN_OUTBOX."""
    overrides = {"outbox": outbox} if outbox is not None else {}
    try:
        return load_notification_settings(**overrides)
    except pydantic.ValidationError as error:
        problems = "; ".join(
            f"{variable_name(issue['loc'])}: {issue['msg']}" for issue in error.errors()
        )
        raise ConfigError(f"Invalid sender setting {problems}.") from error


def require_public_url(settings: NotificationSettings) -> None:
    """Stop before sending when links cannot be built.

    Without a public URL every link message would fail for good, so the
    command stops before it claims one.
    """
    if not settings.public_url:
        raise ConfigError(
            "PRECHECKIN_PUBLIC_URL is not set, so guest links cannot be built. "
            "Set it to where `precheckin serve` shows the guest page, such as "
            "https://checkin.example.com/precheckin/."
        )


def variable_name(location: tuple[int | str, ...]) -> str:
    """Return the environment variable of a settings field, such as
    PRECHECKIN_SEND_MAX_ATTEMPTS or WHATSAPP_TOKEN."""
    parts = [str(part) for part in location]
    if parts and parts[0].isupper():
        return "__".join(parts)
    return "PRECHECKIN_" + "__".join(parts).upper()


def summary_table(report: SendReport) -> Table:
    """Return the counts of a run, one row per channel."""
    table = Table("channel", "sent", "to retry", "failed", "cancelled")
    for channel, counts in report.channels.items():
        table.add_row(
            channel,
            str(counts.sent),
            str(counts.retried),
            str(counts.failed),
            str(counts.cancelled),
        )
    table.add_row(
        "total",
        str(report.sent),
        str(report.retried),
        str(report.failed),
        str(report.cancelled),
        style="bold",
    )
    return table


@app.command("send")
def send_command(
    outbox: Annotated[
        Path | None,
        typer.Option(
            help="Write messages as .eml and .json files into this folder "
            "instead of sending them (overrides PRECHECKIN_OUTBOX)."
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(min=1, help="Send at most this many notifications."),
    ] = None,
) -> None:
    """Send the due notifications by WhatsApp and email, or write them to an outbox."""
    settings = read_settings(outbox)
    require_public_url(settings)
    database = open_database()
    if settings.outbox is not None:
        stderr.print(f"Outbox: {settings.outbox}", highlight=False)

    columns = (TextColumn("sending"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task("send", total=None)

        def show(report: SendReport, due: int) -> None:
            progress.update(task, total=max(due, report.total), completed=report.total)

        report = send_due(database, settings, now=utc_now, limit=limit, progress=show)

    stdout.print(summary_table(report))
    if report.fallbacks:
        stdout.print(f"{report.fallbacks} emails queued for guests without WhatsApp.")
    if report.expired_leases:
        stdout.print(f"{report.expired_leases} expired claims taken back.")
