"""`precheckin import`, `precheckin process` and `precheckin batch`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from ..config import load_settings
from ..db.connection import Database
from ..errors import PrecheckinError
from ..hotels import get_hotel
from ..imports.pending import process_pending
from ..imports.preview import preview_export
from ..imports.processing import ProcessCounts, process_batch
from ..imports.retention import purge_staged_rows
from ..imports.staging import stage_export
from ..imports.summary import BatchSummary, batch_summary
from .app import app, stderr, stdout
from .runtime import open_database
from .summary_view import mapping_table, print_summary


def utc_now() -> datetime:
    """Return the current time; the CLI's clock."""
    return datetime.now(UTC)


def parse_overrides(pairs: list[str]) -> dict[str, str]:
    """Turn `field=Header` options into a mapping, or raise naming the bad one."""
    overrides = {}
    for pair in pairs:
        field, sep, header = pair.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise PrecheckinError(
                f"Invalid --map {pair!r}: write it as field=Header, "
                "such as --map checkin=Arrival."
            )
        overrides[field.strip()] = header.strip()
    return overrides


def progress_bar() -> Progress:
    """Return a progress display on standard error."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    )


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="The reservation export, a CSV file.")],
    hotel: Annotated[
        str, typer.Option("--hotel", help="Hotel code, such as berlin-mitte.")
    ],
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="Set a field's column: field=Header. Repeatable."),
    ] = None,
    date_format: Annotated[
        str | None,
        typer.Option(
            help="strptime format of the dates, such as %d.%m.%Y; detected if unset."
        ),
    ] = None,
    wait: Annotated[
        bool,
        typer.Option("--wait", help="Process the batch now and print its summary."),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Report what the import would do; change nothing."
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result as one JSON object.")
    ] = False,
) -> None:
    """Stage a reservation export as a new batch; with --wait, process it too."""
    if file.is_dir():
        raise PrecheckinError(f"{file} is a folder; pass the CSV file inside it.")
    if not file.is_file():
        raise PrecheckinError(f"File not found: {file}. Check the path.")
    settings = load_settings()
    database = open_database(settings)
    overrides = parse_overrides(map_ or [])
    with database.connect(autocommit=True) as conn:
        hotel_row = get_hotel(conn, hotel)

    if dry_run:
        with file.open("rb") as stream, progress_bar() as progress:
            task = progress.add_task("Checking rows", total=None)
            summary = preview_export(
                database,
                hotel_row,
                stream,
                filename=file.name,
                now=utc_now,
                overrides=overrides,
                date_format=date_format,
                set_size=settings.process_set_size,
                progress=lambda n: progress.update(task, completed=n),
            )
        if not as_json:
            stderr.print(mapping_table(summary.mapping))
        emit_summary(summary, as_json)
        return

    with file.open("rb") as stream, progress_bar() as progress:
        task = progress.add_task("Staging rows", total=None)
        with database.connect(autocommit=True) as conn:
            staged = stage_export(
                conn,
                hotel_row,
                stream,
                filename=file.name,
                overrides=overrides,
                date_format=date_format,
                progress=lambda n: progress.update(task, completed=n),
            )
    if not as_json:
        stderr.print(mapping_table(staged.mapping))
    if not wait:
        if as_json:
            stdout.print_json(
                json.dumps({"batch_id": staged.batch_id, "rows": staged.total_rows})
            )
        else:
            stdout.print(
                f"Staged batch {staged.batch_id}: {staged.total_rows:,} rows. "
                f"Run `precheckin process` or a worker to process it."
            )
        return

    run_batch(
        database,
        staged.batch_id,
        staged.total_rows,
        settings.process_set_size,
        settings.process_threads,
    )
    with database.connect(autocommit=True) as conn:
        emit_summary(batch_summary(conn, staged.batch_id), as_json)


def run_batch(
    database: Database, batch_id: int, total: int, set_size: int, threads: int = 1
) -> ProcessCounts:
    """Process one batch with a progress bar."""
    with progress_bar() as progress:
        task = progress.add_task(f"Processing batch {batch_id}", total=total)
        return process_batch(
            database,
            batch_id,
            now=utc_now,
            set_size=set_size,
            threads=threads,
            on_set=lambda counts: progress.advance(task, counts.rows),
        )


def emit_summary(summary: BatchSummary, as_json: bool) -> None:
    """Print a summary as tables, or as JSON for scripts."""
    if as_json:
        print(json.dumps(summary.to_json(), ensure_ascii=False, default=str))
    else:
        print_summary(stdout, summary)


@app.command("process")
def process_command(
    batch: Annotated[
        int | None,
        typer.Option(help="Process only this batch id; default every open batch."),
    ] = None,
) -> None:
    """Process staged rows until none is pending, then exit."""
    settings = load_settings()
    database = open_database(settings)
    if batch is not None:
        with database.connect(autocommit=True) as conn:
            total = batch_summary(conn, batch).rows["pending"]
        counts = run_batch(database, batch, total, settings.process_set_size)
        stdout.print(f"Processed {rows_text(counts.rows)} of batch {batch}.")
        return
    rows = process_pending(
        database,
        now=utc_now,
        set_size=settings.process_set_size,
        claim_timeout_seconds=settings.claim_timeout_seconds,
    )
    stdout.print(f"Processed {rows_text(rows)}.")


def rows_text(count: int) -> str:
    """Return a count of rows as a phrase, such as "1 row" or "2,500 rows"."""
    return f"{count:,} row" if count == 1 else f"{count:,} rows"


@app.command("batch")
def batch_command(
    batch_id: Annotated[
        int, typer.Argument(help="The batch id that `import` printed.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON.")
    ] = False,
) -> None:
    """Show a batch's summary: counts, failed rows and warnings."""
    database = open_database()
    with database.connect(autocommit=True) as conn:
        emit_summary(batch_summary(conn, batch_id), as_json)


@app.command("batches")
def batches_command(
    hotel: Annotated[str, typer.Option("--hotel", help="Hotel code.")],
    limit: Annotated[int, typer.Option(min=1, help="How many, newest first.")] = 20,
) -> None:
    """List a hotel's recent batches with their status and counts."""
    database = open_database()
    with database.connect(autocommit=True) as conn:
        hotel_row = get_hotel(conn, hotel)
        batches = conn.execute(
            "SELECT id, filename, status, total_rows + blank_rows AS total_rows,"
            " notified_rows, completed_rows, failed_rows,"
            " skipped_rows + blank_rows AS skipped_rows, created_at FROM import_batches"
            " WHERE hotel_id = %s ORDER BY id DESC LIMIT %s",
            (hotel_row.id, limit),
        ).fetchall()
    table = Table(
        "batch",
        "file",
        "status",
        "rows",
        "notified",
        "completed",
        "failed",
        "skipped",
        f"staged at ({hotel_row.timezone})",
    )
    for b in batches:
        table.add_row(
            str(b["id"]), b["filename"], b["status"], f"{b['total_rows']:,}",
            f"{b['notified_rows']:,}", f"{b['completed_rows']:,}",
            f"{b['failed_rows']:,}", f"{b['skipped_rows']:,}",
            local_time(b["created_at"], hotel_row.timezone),
        )  # fmt: skip
    if not batches:
        stdout.print(f"Hotel {hotel} has no batches yet; `precheckin import` adds one.")
        return
    stdout.print(table)


def local_time(moment: datetime, timezone: str) -> str:
    """Format a moment in a hotel's time zone, as the staff pages show it."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


@app.command("purge")
def purge_command() -> None:
    """Delete staged rows of batches final for PRECHECKIN_ROW_RETENTION_DAYS.

    Batches, their counts and the bookings stay.
    """
    settings = load_settings()
    database = open_database(settings)
    with database.connect(autocommit=True) as conn:
        deleted = purge_staged_rows(
            conn, now=utc_now(), retention_days=settings.row_retention_days
        )
    stdout.print(f"Deleted {deleted:,} staged rows.")
