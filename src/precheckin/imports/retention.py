"""Retention: delete the staged rows of final batches after a number of days."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import psycopg

logger = logging.getLogger(__name__)

# Batches are purged a few at a time so that one run never holds locks on
# millions of rows for long.
PURGE_QUERY = """
WITH old AS (
    SELECT id FROM import_batches
    WHERE status IN ('completed', 'failed') AND completed_at < %(before)s
      AND EXISTS (SELECT 1 FROM import_rows r WHERE r.batch_id = import_batches.id)
    ORDER BY id
    LIMIT 10
)
DELETE FROM import_rows r USING old WHERE r.batch_id = old.id
RETURNING r.batch_id
"""


def purge_staged_rows(
    conn: psycopg.Connection[Any], *, now: datetime, retention_days: int
) -> int:
    """Delete staged rows of batches final for longer than `retention_days`.

    The batches themselves stay, with their counts, so summaries of old
    imports still show what happened; only their rows are gone. Returns the
    number of rows deleted.
    """
    before = now - timedelta(days=retention_days)
    deleted = 0
    while True:
        with conn.transaction():
            rows = conn.execute(PURGE_QUERY, {"before": before}).fetchall()
        if not rows:
            break
        deleted += len(rows)
        batches = sorted({row["batch_id"] for row in rows})
        logger.info(
            "deleted %s staged rows of batches %s",
            len(rows),
            batches,
            extra={"event": "rows_purged", "batch_ids": batches},
        )
    return deleted
