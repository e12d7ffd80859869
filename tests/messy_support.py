"""Import a messy export end to end and read back what precheckin stored."""

from __future__ import annotations

import io
from typing import Any

import psycopg

from precheckin.db.connection import Database
from precheckin.hotels import Hotel
from precheckin.imports.processing import process_batch
from precheckin.imports.staging import stage_export
from precheckin.imports.summary import BatchSummary, batch_summary
from tests.helpers import fixed_clock

# Smaller than most test files, so their rows span several sets.
SET_SIZE = 7
STATES = ("notified", "completed", "failed", "skipped")


def import_export(
    conn: psycopg.Connection[Any],
    database: Database,
    hotel: Hotel,
    data: bytes,
    *,
    filename: str = "export.csv",
    **options: Any,
) -> BatchSummary:
    """Stage and process an export given as bytes; return the batch's summary."""
    staged = stage_export(conn, hotel, io.BytesIO(data), filename=filename, **options)
    process_batch(database, staged.batch_id, now=fixed_clock(), set_size=SET_SIZE)
    return batch_summary(conn, staged.batch_id)


def states(summary: BatchSummary) -> dict[str, int]:
    """Return the batch's rows by final state, leaving out states with no row."""
    return {state: summary.rows[state] for state in STATES if summary.rows[state]}


def booking(conn: psycopg.Connection[Any], reference: str) -> dict[str, Any]:
    """Return the stored booking with this reference; fail when there is none."""
    row = conn.execute(
        "SELECT * FROM bookings WHERE booking_reference = %s", (reference,)
    ).fetchone()
    if row is None:
        raise LookupError(f"no booking {reference!r} was stored")
    return dict(row)


def references(conn: psycopg.Connection[Any]) -> list[str]:
    """Return the references of all stored bookings, sorted."""
    rows = conn.execute("SELECT booking_reference FROM bookings ORDER BY 1")
    return [row["booking_reference"] for row in rows]


def links(conn: psycopg.Connection[Any]) -> list[tuple[str, str, str]]:
    """Return (reference, channel, status) of every queued link, sorted."""
    rows = conn.execute(
        "SELECT b.booking_reference, n.channel, n.status FROM notification_queue n"
        " JOIN bookings b ON b.id = n.booking_id"
        " WHERE n.template_code = 'precheckin_link' ORDER BY 1, 2"
    )
    return [(r["booking_reference"], r["channel"], r["status"]) for r in rows]


def warnings(summary: BatchSummary) -> list[tuple[int | None, str]]:
    """Return the summary's warnings as (line number, message)."""
    return [(w.line_number, w.message) for w in summary.warnings]


def failures(summary: BatchSummary) -> list[tuple[int | None, str]]:
    """Return the summary's failed rows as (line number, reason)."""
    return [(f.line_number, f.message) for f in summary.failed_rows]


def raw_cells(conn: psycopg.Connection[Any], line_number: int) -> dict[str, str]:
    """Return the cells of a staged row as read, keyed by header."""
    row = conn.execute(
        "SELECT raw_data FROM import_rows WHERE line_number = %s", (line_number,)
    ).fetchone()
    if row is None:
        raise LookupError(f"no row was staged at line {line_number}")
    return dict(row["raw_data"])


def lines(*rows: str, newline: str = "\r\n", final: bool = True) -> str:
    """Join rows into the text of an export, with or without a final line end."""
    return newline.join(rows) + (newline if final else "")
