"""Dry run: stage and process an export inside a transaction that is rolled back."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import IO, Any

import psycopg

from ..db.connection import Database
from ..hotels import Hotel
from .batches import load_batch
from .claims import SetCursor
from .processing import (
    DEFAULT_SET_SIZE,
    Clock,
    process_set,
)
from .rows import RowChecker
from .staging import StagedBatch, stage_export
from .summary import BatchSummary, batch_summary


def preview_export(
    database: Database,
    hotel: Hotel,
    stream: IO[bytes],
    *,
    filename: str,
    now: Clock,
    overrides: Mapping[str, str] | None = None,
    date_format: str | None = None,
    set_size: int = DEFAULT_SET_SIZE,
    progress: Callable[[int], None] | None = None,
    before_rollback: Callable[[psycopg.Connection[Any], StagedBatch], None]
    | None = None,
) -> BatchSummary:
    """Report what importing the export would do, changing nothing.

    The rows are staged and processed exactly as a real import would, so the
    counts of bookings and links are the ones a real import would give now.
    Then everything is rolled back. `before_rollback` may read the processed
    rows first.
    """
    with (
        database.connect(autocommit=True) as conn,
        conn.transaction(force_rollback=True),
    ):
        staged = stage_export(
            conn,
            hotel,
            stream,
            filename=filename,
            overrides=overrides,
            date_format=date_format,
            progress=progress,
            dry_run=True,
        )
        batch = load_batch(conn, staged.batch_id)
        checker = RowChecker.for_batch(batch)
        cursor = SetCursor()
        while True:
            with conn.transaction():
                counts = process_set(
                    conn, batch, checker, now=now(), set_size=set_size, cursor=cursor
                )
            if counts is None:
                break
        summary = batch_summary(conn, staged.batch_id)
        if before_rollback is not None:
            before_rollback(conn, staged)
    summary.dry_run = True
    summary.status = "dry run"
    return summary
