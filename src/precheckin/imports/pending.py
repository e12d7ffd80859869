"""Processing every open batch, one set per call, so a stop acts between sets.

The worker calls it set by set; `process_pending` runs it until no row is left.
"""

from __future__ import annotations

from ..db.connection import Database
from .batches import BatchContext, load_batch
from .claims import SetCursor
from .processing import (
    DEFAULT_SET_SIZE,
    Clock,
    finish_batch,
    log_set,
    prepare_connection,
    process_set_with_retry,
    q,
)
from .rows import RowChecker


class PendingProcessor:
    """Processes the open batches, oldest first, one set per call.

    Each batch keeps its claim cursor between calls, so claims keep moving
    forward through a batch as they do in `process_batch`.
    """

    def __init__(
        self,
        database: Database,
        *,
        now: Clock,
        set_size: int = DEFAULT_SET_SIZE,
        claim_timeout_seconds: int = 300,
    ) -> None:
        self.database = database
        self.now = now
        self.set_size = set_size
        self.claim_timeout_seconds = claim_timeout_seconds
        self.cursors: dict[int, SetCursor] = {}
        self.batches: dict[int, tuple[BatchContext, RowChecker]] = {}

    def run_one_set(self) -> int:
        """Process one set of the oldest open batch with work; return its rows.

        A batch found without pending rows is marked completed on the way.
        Returns 0 when no open batch has a row left to claim.
        """
        with self.database.connect(autocommit=True) as conn:
            prepare_connection(conn, self.claim_timeout_seconds)
            open_ids = [row["id"] for row in conn.execute(q("open_batches"))]
            for batch_id in open_ids:
                if batch_id not in self.batches:
                    batch = load_batch(conn, batch_id)
                    self.batches[batch_id] = (batch, RowChecker.for_batch(batch))
                batch, checker = self.batches[batch_id]
                cursor = self.cursors.setdefault(batch_id, SetCursor())
                counts = process_set_with_retry(
                    conn,
                    batch,
                    checker,
                    now=self.now,
                    set_size=self.set_size,
                    cursor=cursor,
                )
                if counts is not None:
                    log_set(batch, counts)
                    return counts.rows
                finish_batch(conn, batch_id, self.now())
                self.forget(batch_id)
        return 0

    def forget(self, batch_id: int) -> None:
        """Drop what is kept of a batch that has no pending row left."""
        self.cursors.pop(batch_id, None)
        self.batches.pop(batch_id, None)


def process_pending(
    database: Database,
    *,
    now: Clock,
    set_size: int | None = None,
    claim_timeout_seconds: int = 300,
) -> int:
    """Process pending rows of every open batch, oldest first; return rows done."""
    processor = PendingProcessor(
        database,
        now=now,
        set_size=set_size or DEFAULT_SET_SIZE,
        claim_timeout_seconds=claim_timeout_seconds,
    )
    done = 0
    while rows := processor.run_one_set():
        done += rows
    return done
