"""A hotel's batches and their staged rows, page by page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import class_row

from ..db.queries import query
from ..errors import NotFound

ROW_STATUSES = ("pending", "processing", "completed", "failed", "notified", "skipped")


@dataclass(frozen=True)
class BatchItem:
    """One batch in a hotel's list of uploads."""

    id: int
    filename: str
    status: str
    total_rows: int
    pending_rows: int
    notified_rows: int
    completed_rows: int
    failed_rows: int
    skipped_rows: int
    created_at: datetime
    completed_at: datetime | None


@dataclass(frozen=True)
class BatchStatus:
    """A batch's status, counts by row status and booking outcome, and timestamps."""

    id: int
    filename: str
    status: str
    total_rows: int
    blank_rows: int
    pending_rows: int
    notified_rows: int
    completed_rows: int
    failed_rows: int
    skipped_rows: int
    warned_rows: int
    bookings_created: int
    bookings_updated: int
    bookings_unchanged: int
    bookings_cancelled: int
    links_whatsapp: int
    links_email: int
    error: str | None
    read_warnings: list[Any]
    mapping: dict[str, Any]
    file_format: dict[str, Any]
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None

    @property
    def final(self) -> bool:
        """Return whether processing has ended, so the counts no longer change."""
        return self.status in ("completed", "failed")


@dataclass(frozen=True)
class BatchFile:
    """A batch's file name, file format (headers, delimiter) and mapping."""

    id: int
    filename: str
    status: str
    file_format: dict[str, Any]
    mapping: dict[str, Any]


@dataclass(frozen=True)
class StagedRow:
    """One staged row: as read, as parsed, and how processing ended for it."""

    line_number: int
    status: str
    raw_data: Any
    parsed_data: Any
    error: str | None
    warnings: list[str] | None


def list_batches(
    conn: psycopg.Connection[Any],
    hotel_id: int,
    *,
    before_id: int | None = None,
    limit: int = 50,
) -> list[BatchItem]:
    """Return a hotel's batches, newest first, older than `before_id` when given."""
    params = {"hotel_id": hotel_id, "before_id": before_id, "limit": limit}
    with conn.cursor(row_factory=class_row(BatchItem)) as cur:
        cur.execute(query("staff", "list_batches"), params)
        return cur.fetchall()


def require_batch(
    conn: psycopg.Connection[Any], hotel_id: int, batch_id: int
) -> BatchFile:
    """Return the hotel's batch or raise NotFound, also for another hotel's batch."""
    params = {"hotel_id": hotel_id, "batch_id": batch_id}
    with conn.cursor(row_factory=class_row(BatchFile)) as cur:
        batch = cur.execute(query("staff", "batch_of_hotel"), params).fetchone()
    if batch is None:
        raise NotFound(f"No batch {batch_id} in this hotel; check the batch id.")
    return batch


def batch_status(
    conn: psycopg.Connection[Any], hotel_id: int, batch_id: int
) -> BatchStatus:
    """Return the hotel's batch with its counts, or raise NotFound."""
    params = {"hotel_id": hotel_id, "batch_id": batch_id}
    with conn.cursor(row_factory=class_row(BatchStatus)) as cur:
        batch = cur.execute(query("staff", "batch_status"), params).fetchone()
    if batch is None:
        raise NotFound(f"No batch {batch_id} in this hotel; check the batch id.")
    return batch


def list_rows(
    conn: psycopg.Connection[Any],
    batch_id: int,
    *,
    status: str | None = None,
    after_line: int = 0,
    limit: int = 100,
) -> list[StagedRow]:
    """Return a batch's rows past `after_line` in line order, of one status if given."""
    params = {
        "batch_id": batch_id,
        "status": status,
        "after_line": after_line,
        "limit": limit,
    }
    with conn.cursor(row_factory=class_row(StagedRow)) as cur:
        cur.execute(query("staff", "batch_rows"), params)
        return cur.fetchall()
