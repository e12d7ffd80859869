"""API: a hotel's batches, their rows, and the failed rows as CSV."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from psycopg.rows import tuple_row
from psycopg_pool import ConnectionPool

from ...db.queries import query
from ...staff.batches import (
    BatchFile,
    BatchItem,
    BatchStatus,
    StagedRow,
    batch_status,
    list_batches,
    list_rows,
    require_batch,
)
from ...staff.failed_rows import write_failed_rows
from ..deps import Conn, ScopedHotel

router = APIRouter(prefix="/api/hotels/{hotel_code}", tags=["batches"])

RowStatus = Literal[
    "pending", "processing", "completed", "failed", "notified", "skipped"
]


@dataclass(frozen=True)
class RowPage:
    """One page of a batch's rows; `next_after_line` starts the next page."""

    rows: list[StagedRow]
    next_after_line: int | None


@router.get("/batches", response_model=list[BatchItem])
def get_batches(
    hotel: ScopedHotel,
    conn: Conn,
    before_id: Annotated[
        int | None, Query(description="Only batches older than this id.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[BatchItem]:
    """List the hotel's batches, newest first."""
    return list_batches(conn, hotel.id, before_id=before_id, limit=limit)


@router.get("/batches/{batch_id}", response_model=BatchStatus)
def get_batch(hotel: ScopedHotel, conn: Conn, batch_id: int) -> BatchStatus:
    """Return a batch's status and counts."""
    return batch_status(conn, hotel.id, batch_id)


@router.get("/batches/{batch_id}/rows", response_model=RowPage)
def get_rows(
    hotel: ScopedHotel,
    conn: Conn,
    batch_id: int,
    status: RowStatus | None = None,
    after_line: Annotated[
        int, Query(ge=0, description="Rows after this line number.")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> RowPage:
    """List a batch's rows in line order, of one status when given, a page at a time."""
    require_batch(conn, hotel.id, batch_id)
    rows = list_rows(conn, batch_id, status=status, after_line=after_line, limit=limit)
    next_after_line = rows[-1].line_number if len(rows) == limit else None
    return RowPage(rows, next_after_line)


@router.get(
    "/batches/{batch_id}/failed-rows.csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "The failed rows."}},
)
def get_failed_rows(
    request: Request, hotel: ScopedHotel, conn: Conn, batch_id: int
) -> StreamingResponse:
    """Download the failed rows with their original columns and an error column."""
    batch = require_batch(conn, hotel.id, batch_id)
    filename = f"batch-{batch_id}-failed-rows.csv"
    return StreamingResponse(
        stream_failed_rows(request.app.state.pool, batch),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def stream_failed_rows(pool: ConnectionPool, batch: BatchFile) -> Iterator[bytes]:
    """Yield the CSV file, reading the rows on a connection of its own.

    The response body is sent after the route returns, when the request's own
    connection may already be back in the pool.
    """
    params = {"batch_id": batch.id}
    with pool.connection() as conn, conn.cursor(row_factory=tuple_row) as cur:
        rows = (
            (raw, error)
            for raw, error in cur.stream(query("staff", "failed_rows"), params)
        )
        yield from write_failed_rows(batch, rows)
