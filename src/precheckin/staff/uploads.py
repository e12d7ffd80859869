"""Mapping proposals and dry-run previews for the upload page."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, BinaryIO

import psycopg

from ..db.connection import Database
from ..errors import MappingError
from ..hotels import Hotel
from ..imports.fields import REQUIRED, Field
from ..imports.mapping import headers_key, propose_mapping, resolve_mapping
from ..imports.preview import preview_export
from ..imports.saved_mappings import SavedMapping, latest_mapping, load_mapping
from ..imports.staging import StagedBatch
from ..imports.summary import BatchSummary

# Problems listed in a preview; the counts still cover every row.
MAX_PROBLEMS = 200

SAMPLE_QUERY = """
SELECT line_number, status, raw_data, parsed_data, error FROM import_rows
WHERE batch_id = %(batch_id)s ORDER BY line_number LIMIT %(limit)s
"""


@dataclass(frozen=True)
class FieldInfo:
    """A field the mapping can feed, as the upload page lists it."""

    name: str
    label: str
    required: bool


@dataclass(frozen=True)
class MappingProposal:
    """The mapping to show first: the hotel's saved one, or one proposed."""

    fields: list[FieldInfo]
    mapping: dict[str, str | None]
    source: str
    date_format: str | None


@dataclass(frozen=True)
class SampleRow:
    """One of the first rows of an export as processing reads it."""

    line_number: int
    status: str
    values: dict[str, str]
    error: str | None


@dataclass(frozen=True)
class UploadPreview:
    """The outcome an import of the file would have, and its first rows as read."""

    total_rows: int
    new_bookings: int
    changed_bookings: int
    unchanged_bookings: int
    failed_rows: int
    skipped_rows: int
    links_whatsapp: int
    links_email: int
    failures: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    sample: list[SampleRow] = field(default_factory=list)


def field_infos() -> list[FieldInfo]:
    """Return every field in the order the page lists them."""
    return [FieldInfo(f.value, f.label, f in REQUIRED) for f in Field]


def saved_for(
    conn: psycopg.Connection[Any], hotel: Hotel, headers: Sequence[str]
) -> SavedMapping | None:
    """Return the hotel's mapping for these headers, else its latest that fits them."""
    saved = load_mapping(conn, hotel.id, headers_key(headers))
    if saved is None:
        saved = latest_mapping(conn, hotel.id)
    if saved is None or not set(saved.mapping.values()) <= set(headers):
        return None
    return saved


def propose_for_upload(
    conn: psycopg.Connection[Any], hotel: Hotel, headers: Sequence[str]
) -> MappingProposal:
    """Return the mapping the page shows first; the clerk may change every field.

    A mapping that lacks a required field is still returned, so that the page
    can show which select the clerk has to fill in.
    """
    saved = saved_for(conn, hotel, headers)
    try:
        mapping: Mapping[Field, str] = resolve_mapping(
            headers, saved=saved.mapping if saved else None
        )
    except MappingError:
        mapping = propose_mapping(headers)
    return MappingProposal(
        fields=field_infos(),
        mapping={f.value: mapping.get(f) for f in Field},
        source="saved" if saved else "proposed",
        date_format=saved.date_format if saved else None,
    )


def preview_upload(
    database: Database,
    hotel: Hotel,
    stream: BinaryIO,
    *,
    filename: str,
    now: Callable[[], datetime],
    overrides: Mapping[str, str] | None = None,
    date_format: str | None = None,
    sample_size: int = 5,
) -> UploadPreview:
    """Stage and process the file in a transaction that is rolled back.

    The counts are the ones a real import would give now. The first rows are
    read back before the rollback, with the values processing parsed.
    """
    sample: list[SampleRow] = []

    def read_sample(conn: psycopg.Connection[Any], staged: StagedBatch) -> None:
        params = {"batch_id": staged.batch_id, "limit": sample_size}
        for row in conn.execute(SAMPLE_QUERY, params):
            sample.append(sample_row(row, staged.mapping))

    summary = preview_export(
        database,
        hotel,
        stream,
        filename=filename,
        now=now,
        overrides=overrides,
        date_format=date_format,
        before_rollback=read_sample,
    )
    return upload_preview(summary, sample)


def sample_row(row: Mapping[str, Any], mapping: Mapping[str, str]) -> SampleRow:
    """Return a row's parsed values, or its raw mapped cells when it failed."""
    parsed = row["parsed_data"] or {}
    raw = row["raw_data"] or {}
    values = {}
    for name, header in mapping.items():
        # Processing stores parsed values under the field names.
        value = parsed.get(name) if parsed else raw.get(header)
        values[name] = "" if value is None else str(value)
    return SampleRow(row["line_number"], row["status"], values, row["error"])


def upload_preview(summary: BatchSummary, sample: list[SampleRow]) -> UploadPreview:
    """Flatten a dry run's summary into the preview the page shows."""
    return UploadPreview(
        total_rows=summary.rows["total"],
        new_bookings=summary.bookings["created"],
        changed_bookings=summary.bookings["updated"],
        unchanged_bookings=summary.bookings["unchanged"],
        failed_rows=summary.rows["failed"],
        skipped_rows=summary.rows["skipped"],
        links_whatsapp=summary.links["whatsapp"],
        links_email=summary.links["email"],
        failures=[vars(problem) for problem in summary.failed_rows[:MAX_PROBLEMS]],
        warnings=[vars(problem) for problem in summary.warnings[:MAX_PROBLEMS]],
        sample=sample,
    )
