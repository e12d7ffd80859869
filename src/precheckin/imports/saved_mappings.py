"""Column mappings saved per hotel under the export's set of headers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb


@dataclass(frozen=True)
class SavedMapping:
    """A mapping a hotel used before, and the date format given with it, if any."""

    mapping: dict[str, str]
    date_format: str | None


def load_mapping(
    conn: psycopg.Connection[Any], hotel_id: int, headers_key: str
) -> SavedMapping | None:
    """Return the mapping saved for this export shape, if any."""
    row = conn.execute(
        "SELECT mapping, date_format FROM column_mappings"
        " WHERE hotel_id = %s AND headers_key = %s",
        (hotel_id, headers_key),
    ).fetchone()
    return SavedMapping(row["mapping"], row["date_format"]) if row else None


def latest_mapping(conn: psycopg.Connection[Any], hotel_id: int) -> SavedMapping | None:
    """Return the mapping the hotel used last, for any export shape."""
    row = conn.execute(
        "SELECT mapping, date_format FROM column_mappings"
        " WHERE hotel_id = %s ORDER BY updated_at DESC LIMIT 1",
        (hotel_id,),
    ).fetchone()
    return SavedMapping(row["mapping"], row["date_format"]) if row else None


def save_mapping(
    conn: psycopg.Connection[Any],
    hotel_id: int,
    headers_key: str,
    mapping: dict[str, str],
    date_format: str | None,
) -> None:
    """Store the mapping used for this export shape, replacing an older one."""
    conn.execute(
        "INSERT INTO column_mappings (hotel_id, headers_key, mapping, date_format)"
        " VALUES (%s, %s, %s, %s)"
        " ON CONFLICT (hotel_id, headers_key) DO UPDATE"
        " SET mapping = excluded.mapping, date_format = excluded.date_format,"
        " updated_at = now()",
        (hotel_id, headers_key, Jsonb(mapping), date_format),
    )
