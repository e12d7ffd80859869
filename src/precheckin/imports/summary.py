"""A batch's summary: how it was read, counts, failed rows and warnings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import psycopg

from ..errors import NotFound


@dataclass(frozen=True)
class RowProblem:
    """A failed row's reason or a row's warning, with its line number."""

    line_number: int | None
    message: str


@dataclass
class BatchSummary:
    """Everything a clerk or a script needs to know about one batch."""

    batch_id: int
    hotel: str
    filename: str
    status: str
    format: dict[str, Any]
    mapping: dict[str, str]
    rows: dict[str, int]
    bookings: dict[str, int]
    links: dict[str, int]
    failed_rows: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        """Return the summary as plain JSON types."""
        return asdict(self)


BATCH_QUERY = """
SELECT b.*, h.code AS hotel_code
FROM import_batches b JOIN hotels h ON h.id = b.hotel_id
WHERE b.id = %s
"""

FAILED_QUERY = """
SELECT line_number, error FROM import_rows
WHERE batch_id = %s AND status = 'failed'
ORDER BY line_number
"""

WARNINGS_QUERY = """
SELECT line_number, unnest(warnings) AS message FROM import_rows
WHERE batch_id = %s AND warnings IS NOT NULL
ORDER BY line_number
"""


def row_counts(batch: dict[str, Any]) -> dict[str, int]:
    """Return a batch's rows by outcome, where total is valid + failed + skipped.

    Pending rows count in total too until they are processed. Blank rows below
    the header are never staged, but they were read and skipped, so they count
    in total and skipped. Valid rows are notified or completed. Warned rows are
    valid rows with at least one warning.
    """
    skipped = batch["skipped_rows"] + batch["blank_rows"]
    return {
        "total": batch["total_rows"] + batch["blank_rows"],
        "pending": batch["pending_rows"],
        "valid": batch["notified_rows"] + batch["completed_rows"],
        "notified": batch["notified_rows"],
        "completed": batch["completed_rows"],
        "failed": batch["failed_rows"],
        "skipped": skipped,
        "warned": batch["warned_rows"],
    }


def batch_summary(conn: psycopg.Connection[Any], batch_id: int) -> BatchSummary:
    """Read a batch's summary from the database, or raise NotFound."""
    batch = conn.execute(BATCH_QUERY, (batch_id,)).fetchone()
    if batch is None:
        raise NotFound(f"No batch with id {batch_id}; `precheckin batches` lists them.")
    failed = [
        RowProblem(r["line_number"], r["error"])
        for r in conn.execute(FAILED_QUERY, (batch_id,))
    ]
    read_warnings = [
        RowProblem(w["line_number"], w["message"]) for w in batch["read_warnings"]
    ]
    row_warnings = [
        RowProblem(r["line_number"], r["message"])
        for r in conn.execute(WARNINGS_QUERY, (batch_id,))
    ]
    return BatchSummary(
        batch_id=batch["id"],
        hotel=batch["hotel_code"],
        filename=batch["filename"],
        status=batch["status"],
        format=batch["file_format"],
        mapping=batch["mapping"],
        rows=row_counts(batch),
        bookings={
            "created": batch["bookings_created"],
            "updated": batch["bookings_updated"],
            "unchanged": batch["bookings_unchanged"],
            "cancelled": batch["bookings_cancelled"],
        },
        links={"whatsapp": batch["links_whatsapp"], "email": batch["links_email"]},
        failed_rows=failed,
        warnings=read_warnings + row_warnings,
    )
