"""Processing: claim staged rows in sets and turn them into bookings, tokens and links.

Each set is one transaction, and `claims.py` takes its rows.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any

import orjson
import psycopg
from psycopg.types.json import Jsonb, set_json_dumps, set_json_loads

from ..db.connection import Database
from ..db.queries import query
from .batches import BatchContext, load_batch
from .claims import SetCursor, claim_next
from .outcomes import (
    CANCELLED_STATUSES,
    CheckedRow,
    booking_copy_rows,
    bookings_of,
    reject_conflicting_duplicates,
    reject_guests_of_earlier_sets,
    row_outcomes,
)
from .rows import RowChecker
from .validation import ValidRow

logger = logging.getLogger(__name__)

DEFAULT_SET_SIZE = 5000
DEADLOCK_RETRIES = 3

Clock = Callable[[], datetime]


@dataclass
class ProcessCounts:
    """Counts of rows, bookings and links that processing handled, summed over sets."""

    rows: int = 0
    notified: int = 0
    completed: int = 0
    failed: int = 0
    skipped: int = 0
    warned: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: int = 0
    links_whatsapp: int = 0
    links_email: int = 0

    def add(self, other: ProcessCounts) -> None:
        """Add another set's counts to these."""
        for item in fields(self):
            setattr(
                self, item.name, getattr(self, item.name) + getattr(other, item.name)
            )


def q(name: str) -> str:
    """Return a named query of `db/queries/processing.sql`."""
    return query("processing", name)


def copy_into(
    conn: psycopg.Connection[Any], table: str, columns: str, rows: list[Any]
) -> None:
    """COPY rows into one of the set's temporary tables."""
    with conn.cursor() as cur:
        with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        # Without statistics the planner guesses the temporary table's size and
        # may scan all of import_rows or bookings for each set.
        cur.execute(f"ANALYZE {table}")


def write_bookings(
    conn: psycopg.Connection[Any],
    batch: BatchContext,
    checked: list[CheckedRow],
    now: datetime,
) -> tuple[ProcessCounts, dict[str, dict[str, Any]]]:
    """Upsert the set's bookings, make tokens and queue links.

    Returns the counts and, per booking reference, what the booking ended as.
    """
    counts = ProcessCounts()
    bookings = bookings_of(checked)
    if not bookings:
        return counts, {}
    params: dict[str, Any] = {
        "hotel_id": batch.hotel_id,
        "batch_id": batch.id,
        "timezone": batch.timezone,
        "whatsapp_ready": batch.whatsapp_ready,
        "now": now,
    }
    copy_into(
        conn,
        "set_bookings",
        "booking_reference, guest_name, phone, email, checkin_date, checkout_date,"
        " room, guests, status, token",
        booking_copy_rows(bookings),
    )

    changed = conn.execute(q("write_bookings"), params).fetchall()
    counts.created = sum(1 for b in changed if b["inserted"])
    counts.updated = len(changed) - counts.created
    counts.unchanged = len(bookings) - len(changed)
    counts.cancelled = sum(1 for b in changed if b["status"] in CANCELLED_STATUSES)
    queued = Counter(b["queued_channel"] for b in changed if b["queued_channel"])
    counts.links_whatsapp = queued["whatsapp"]
    counts.links_email = queued["email"]

    params["references"] = list(bookings)
    outcomes = {
        row["booking_reference"]: row
        for row in conn.execute(q("booking_outcomes"), params).fetchall()
    }
    return counts, outcomes


def record_rows(
    conn: psycopg.Connection[Any],
    checked: list[CheckedRow],
    outcomes: dict[str, dict[str, Any]],
    counts: ProcessCounts,
    now: datetime,
) -> None:
    """Store each row's final status, parsed values, error and warnings."""
    tally = row_outcomes(checked, outcomes)
    rows = [
        (row_id, status, Jsonb(parsed) if parsed is not None else None, error, warnings)
        for row_id, status, parsed, error, warnings in tally.copy_rows
    ]
    copy_into(conn, "set_rows", "id, status, parsed_data, error, warnings", rows)
    row_ids = [row.id for row in checked]
    conn.execute(q("update_rows"), {"now": now, "row_ids": row_ids})
    counts.rows = len(checked)
    counts.notified = tally.notified
    counts.completed = tally.completed
    counts.failed = tally.failed
    counts.skipped = tally.skipped
    counts.warned = tally.warned


def guests_written_by_batch(
    conn: psycopg.Connection[Any], batch: BatchContext, checked: list[CheckedRow]
) -> dict[str, str]:
    """Return the guest names that earlier sets of this batch gave these references."""
    references = [
        row.result.booking_reference
        for row in checked
        if isinstance(row.result, ValidRow)
    ]
    params = {
        "hotel_id": batch.hotel_id,
        "batch_id": batch.id,
        "references": references,
    }
    rows = conn.execute(q("guests_of_batch"), params).fetchall()
    return {row["booking_reference"]: row["guest_name"] for row in rows}


def process_set(
    conn: psycopg.Connection[Any],
    batch: BatchContext,
    checker: RowChecker,
    *,
    now: datetime,
    set_size: int,
    cursor: SetCursor | None = None,
) -> ProcessCounts | None:
    """Process one set inside the caller's transaction; None when no row is left."""
    claimed = claim_next(conn, batch.id, set_size, cursor or SetCursor())
    if not claimed:
        return None
    conn.execute(q("start_batch"), {"batch_id": batch.id, "now": now})
    checked = reject_conflicting_duplicates(
        [
            CheckedRow(row["id"], row["line_number"], checker.check(row["raw_data"]))
            for row in claimed
        ]
    )
    checked = reject_guests_of_earlier_sets(
        checked, guests_written_by_batch(conn, batch, checked)
    )
    conn.execute(q("create_set_tables"))
    counts, outcomes = write_bookings(conn, batch, checked, now)
    record_rows(conn, checked, outcomes, counts, now)
    conn.execute(q("add_counts"), {"batch_id": batch.id, **asdict(counts)})
    if counts.links_whatsapp or counts.links_email:
        conn.execute("NOTIFY precheckin_notification")
    return counts


def finish_batch(conn: psycopg.Connection[Any], batch_id: int, now: datetime) -> bool:
    """Mark the batch completed when no row is pending; return whether it was."""
    row = conn.execute(q("finish_batch"), {"batch_id": batch_id, "now": now}).fetchone()
    if row is not None:
        logger.info(
            "batch %s completed",
            batch_id,
            extra={"event": "batch_completed", "batch_id": batch_id},
        )
    return row is not None


def process_set_with_retry(
    conn: psycopg.Connection[Any],
    batch: BatchContext,
    checker: RowChecker,
    *,
    now: Clock,
    set_size: int,
    cursor: SetCursor,
) -> ProcessCounts | None:
    """Process one set in its own transaction, retrying it after a deadlock."""
    for attempt in range(1, DEADLOCK_RETRIES + 1):
        try:
            with conn.transaction():
                return process_set(
                    conn, batch, checker, now=now(), set_size=set_size, cursor=cursor
                )
        except psycopg.errors.DeadlockDetected:
            if attempt == DEADLOCK_RETRIES:
                raise
            logger.warning(
                "deadlock on batch %s, retrying the set (attempt %s)",
                batch.id,
                attempt,
                extra={"event": "set_retry", "batch_id": batch.id},
            )
    return None


def prepare_connection(
    conn: psycopg.Connection[Any], claim_timeout_seconds: int
) -> None:
    """Set up a processing connection: fast JSON, and claims that end if it freezes.

    The server ends the session's transaction, and so its claim, once it has
    been idle inside it for `claim_timeout_seconds`.
    """
    set_json_loads(orjson.loads, conn)
    set_json_dumps(orjson.dumps, conn)
    conn.execute(
        "SELECT set_config('idle_in_transaction_session_timeout', %s, false)",
        (f"{claim_timeout_seconds}s",),
    )


def run_sets(
    database: Database,
    batch_id: int,
    *,
    now: Clock,
    set_size: int,
    claim_timeout_seconds: int,
    on_set: Callable[[ProcessCounts], None],
) -> None:
    """Process sets of one batch on one connection until none is left."""
    with database.connect(autocommit=True) as conn:
        prepare_connection(conn, claim_timeout_seconds)
        batch = load_batch(conn, batch_id)
        checker = RowChecker.for_batch(batch)
        cursor = SetCursor()
        while counts := process_set_with_retry(
            conn, batch, checker, now=now, set_size=set_size, cursor=cursor
        ):
            log_set(batch, counts)
            on_set(counts)


def earlier_open_batches(database: Database, batch_id: int) -> list[int]:
    """Return the ids of the hotel's open batches staged before this one."""
    with database.connect(autocommit=True) as conn:
        rows = conn.execute(q("earlier_open_batches"), {"batch_id": batch_id})
        return [row["id"] for row in rows.fetchall()]


def process_batch(
    database: Database,
    batch_id: int,
    *,
    now: Clock,
    set_size: int = DEFAULT_SET_SIZE,
    claim_timeout_seconds: int = 300,
    threads: int = 1,
    on_set: Callable[[ProcessCounts], None] | None = None,
) -> ProcessCounts:
    """Process every pending row of one batch that no other processor holds.

    Open batches of the same hotel staged before this one go first and are not
    counted, so that an older export never lands after a newer one. With
    `threads` above 1, that many connections claim sets at once. Python
    validates one set while the server writes another, which is where a
    second thread pays off: the threads share one interpreter lock.
    """
    for earlier_id in earlier_open_batches(database, batch_id):
        logger.info(
            "processing batch %s first, staged before batch %s",
            earlier_id,
            batch_id,
            extra={"event": "earlier_batch_first", "batch_id": earlier_id},
        )
        process_batch(
            database,
            earlier_id,
            now=now,
            set_size=set_size,
            claim_timeout_seconds=claim_timeout_seconds,
            threads=threads,
        )
    total = ProcessCounts()
    lock = threading.Lock()

    def add(counts: ProcessCounts) -> None:
        with lock:
            total.add(counts)
            if on_set:
                on_set(counts)

    def run() -> None:
        run_sets(
            database,
            batch_id,
            now=now,
            set_size=set_size,
            claim_timeout_seconds=claim_timeout_seconds,
            on_set=add,
        )

    if threads <= 1:
        run()
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for future in [pool.submit(run) for _ in range(threads)]:
                future.result()
    with database.connect(autocommit=True) as conn:
        finish_batch(conn, batch_id, now())
    return total


def log_set(batch: BatchContext, counts: ProcessCounts) -> None:
    """Log one finished set with its counts."""
    logger.info(
        "batch %s: processed %s rows "
        "(%s notified, %s completed, %s failed, %s skipped)",
        batch.id,
        counts.rows,
        counts.notified,
        counts.completed,
        counts.failed,
        counts.skipped,
        # Nested, because a count named `created` would clash with LogRecord.created.
        extra={
            "event": "set_processed",
            "batch_id": batch.id,
            "counts": asdict(counts),
        },
    )
