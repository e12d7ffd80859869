"""A batch as processing needs it: its hotel, mapping and date style."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from ..errors import NotFound


@dataclass(frozen=True)
class BatchContext:
    """The settings of one batch that processing needs."""

    id: int
    hotel_id: int
    hotel_code: str
    timezone: str
    country: str
    whatsapp_ready: bool
    mapping: dict[str, str]
    date_style: str
    status: str


def load_batch(conn: psycopg.Connection[Any], batch_id: int) -> BatchContext:
    """Return a batch with its hotel's settings, or raise NotFound."""
    row = conn.execute(
        "SELECT b.id, b.hotel_id, h.code AS hotel_code, h.timezone, h.country,"
        " h.wa_phone_number_id IS NOT NULL AS whatsapp_ready,"
        " b.mapping, b.date_style, b.status"
        " FROM import_batches b JOIN hotels h ON h.id = b.hotel_id WHERE b.id = %s",
        (batch_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"No batch with id {batch_id}; `precheckin batches` lists them.")
    return BatchContext(**row)
