"""Small helpers the tests share: a fixed clock, hotels, staging bytes."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import psycopg

from precheckin.db.connection import Database
from precheckin.hotels import Hotel, create_hotel
from precheckin.imports.processing import ProcessCounts, process_batch
from precheckin.imports.staging import StagedBatch, stage_export

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def fixed_clock(instant: datetime = NOW) -> Any:
    """Return a clock that always reads `instant`."""
    return lambda: instant


def add_hotel(
    conn: psycopg.Connection[Any], code: str = "berlin-mitte", country: str = "DE"
) -> Hotel:
    """Create a hotel with a sender address and a WhatsApp number id."""
    return create_hotel(
        conn,
        code=code,
        name=f"Hotel {code}",
        timezone="Europe/Berlin",
        country=country,
        wa_phone_number_id="1055",
        email_from="stay@example.com",
    )


def stage_bytes(
    conn: psycopg.Connection[Any], hotel: Hotel, data: bytes, **options: Any
) -> StagedBatch:
    """Stage an export given as bytes."""
    return stage_export(conn, hotel, io.BytesIO(data), filename="export.csv", **options)


def import_bytes(
    database: Database, hotel: Hotel, data: bytes, **options: Any
) -> tuple[StagedBatch, ProcessCounts]:
    """Stage and process an export given as bytes, at the fixed clock."""
    with database.connect(autocommit=True) as conn:
        staged = stage_bytes(conn, hotel, data, **options)
    counts = process_batch(database, staged.batch_id, now=fixed_clock(), set_size=7)
    return staged, counts


def csv_bytes(*lines: str, encoding: str = "utf-8", newline: str = "\r\n") -> bytes:
    """Join lines into an export's bytes."""
    return (newline.join(lines) + newline).encode(encoding)
