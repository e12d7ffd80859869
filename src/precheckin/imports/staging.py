"""Staging: stream an export into `import_rows` as pending rows of a new batch.

The whole staging is one transaction: a file rejected half-way (say, by a date
column that cannot be read either way) leaves nothing behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import IO, Any

import orjson
import psycopg
from psycopg.types.json import Jsonb

from ..hotels import Hotel
from .cells import clean_cell
from .date_styles import BatchDates, from_decision, from_format
from .dates import DateOrderDetector, check_date_format, default_date_order
from .fields import Field
from .mapping import headers_key, resolve_mapping
from .read import ExportFormat, ExportReader, open_export
from .saved_mappings import load_mapping, save_mapping
from .validation import usable_reference

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 10_000


@dataclass(frozen=True)
class StagedBatch:
    """A staged batch: its id and what was learned reading the export."""

    batch_id: int
    total_rows: int
    blank_rows: int
    mapping: dict[str, str]
    format: ExportFormat
    dates: BatchDates
    warnings: list[dict[str, Any]]


@dataclass(frozen=True)
class StagedColumns:
    """Positions of the columns that staging reads itself."""

    reference: int
    dates: list[int]


def choose_mapping(
    conn: psycopg.Connection[Any],
    hotel: Hotel,
    headers: tuple[str, ...],
    overrides: Mapping[str, str] | None,
) -> tuple[dict[str, str], str | None]:
    """Resolve the mapping: overrides, then the hotel's saved one, then a proposal.

    Also returns the date format saved with this export shape, if one was given
    before, so that a hotel passes `--date-format` once.
    """
    saved = load_mapping(conn, hotel.id, headers_key(headers))
    resolved = resolve_mapping(
        headers, overrides=overrides, saved=saved.mapping if saved else None
    )
    mapping = {str(field): header for field, header in resolved.items()}
    return mapping, saved.date_format if saved else None


def batch_format(reader: ExportReader, dates: BatchDates | None) -> dict[str, Any]:
    """Return the JSON stored as `import_batches.file_format`."""
    fmt = reader.format
    described: dict[str, Any] = {
        "encoding": fmt.encoding,
        "delimiter": fmt.delimiter,
        "header_line": fmt.header_line,
        "headers": list(fmt.headers),
    }
    if dates is not None:
        described["date_order"] = dates.explanation
    return described


# Characters with a meaning in COPY's text format, and their escaped forms.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value: str) -> bytes:
    """Return a text value for COPY's text format; an empty one is NULL."""
    if not value:
        return b"\\N"
    return value.translate(_COPY_ESCAPES).encode()


def staged_reference(cell: str) -> str:
    """Return the reference that claims group a row by, or "" for none.

    A cell that validation rejects as a reference (a placeholder such as "n/a",
    scientific notation, or too long) groups nothing, so that its rows are not
    all claimed together.
    """
    reference = clean_cell(cell)
    return reference if usable_reference(reference) else ""


def copy_line(
    batch_id: int, line_number: int, raw: dict[str, str], reference: str
) -> bytes:
    """Return one `import_rows` line in COPY's text format.

    JSON escapes every control character, so the only byte COPY gives a
    meaning to that JSON text can still hold is the backslash, which is doubled.
    """
    data = orjson.dumps(raw).replace(b"\\", b"\\\\")
    return b"%d\t%d\t%s\t%s\n" % (batch_id, line_number, data, copy_text(reference))


def copy_rows(
    cur: psycopg.Cursor[Any],
    batch_id: int,
    reader: ExportReader,
    columns: StagedColumns,
    detector: DateOrderDetector | None,
    progress: Callable[[int], None] | None,
) -> int:
    """COPY every record of the export into `import_rows`; return how many."""
    headers = reader.format.headers
    count = 0
    chunk: list[bytes] = []
    with cur.copy(
        "COPY import_rows (batch_id, line_number, raw_data, booking_reference)"
        " FROM STDIN"
    ) as copy:
        for record in reader.records():
            cells = record.cells
            if detector is not None:
                for index in columns.dates:
                    detector.feed(cells[index])
            raw = dict(zip(headers, cells, strict=True))
            reference = staged_reference(cells[columns.reference])
            chunk.append(copy_line(batch_id, record.line_number, raw, reference))
            count += 1
            if count % PROGRESS_EVERY == 0:
                copy.write(b"".join(chunk))
                chunk.clear()
                if progress is not None:
                    progress(count)
        copy.write(b"".join(chunk))
    return count


def stage_export(
    conn: psycopg.Connection[Any],
    hotel: Hotel,
    stream: IO[bytes],
    *,
    filename: str,
    overrides: Mapping[str, str] | None = None,
    date_format: str | None = None,
    progress: Callable[[int], None] | None = None,
    dry_run: bool = False,
) -> StagedBatch:
    """Read an export and stage its rows as a new batch; commit only when all went in.

    Raises FileRejected or MappingError before anything is committed. With
    `dry_run`, the caller rolls the batch back, and the log says so.
    """
    reader = open_export(stream, name=filename)
    headers = reader.format.headers
    mapping, saved_date_format = choose_mapping(conn, hotel, headers, overrides)
    date_format = date_format or saved_date_format
    if date_format:
        check_date_format(date_format)
    columns = StagedColumns(
        reference=headers.index(mapping[Field.booking_reference]),
        dates=[headers.index(mapping[f]) for f in (Field.checkin, Field.checkout)],
    )
    detector = None if date_format else DateOrderDetector()

    with conn.transaction(), conn.cursor() as cur:
        cur.execute(
            "INSERT INTO import_batches (hotel_id, filename, mapping, file_format)"
            " VALUES (%s, %s, %s, %s) RETURNING id",
            (hotel.id, filename, Jsonb(mapping), Jsonb(batch_format(reader, None))),
        )
        batch_id = cur.fetchone()["id"]  # type: ignore[index]
        total = copy_rows(cur, batch_id, reader, columns, detector, progress)
        # Claims look rows up by reference among the pending rows of the batch.
        # Until autovacuum gets to it, the planner would take the new batch for
        # a few rows and read all of them for every claim.
        cur.execute(
            "ANALYZE import_rows (id, batch_id, line_number, status, booking_reference)"
        )

        if detector is not None:
            dates = from_decision(detector.decide(default_date_order(hotel.country)))
        else:
            dates = from_format(date_format or "")
        warnings = [
            {"line_number": w.line_number, "message": w.message}
            for w in reader.warnings
        ]
        cur.execute(
            "UPDATE import_batches SET total_rows = %s, pending_rows = %s,"
            " blank_rows = %s, date_style = %s, file_format = %s, read_warnings = %s"
            " WHERE id = %s",
            (
                total,
                total,
                reader.blank_rows,
                dates.style_text(),
                Jsonb(batch_format(reader, dates)),
                Jsonb(warnings),
                batch_id,
            ),
        )
        save_mapping(conn, hotel.id, headers_key(headers), mapping, date_format)
        cur.execute("NOTIFY precheckin_import")

    logger.info(
        "staged %s %s: %s rows from %s",
        "dry-run batch (rolled back)" if dry_run else "batch",
        batch_id,
        total,
        filename,
        extra={
            "event": "batch_staged",
            "batch_id": batch_id,
            "hotel": hotel.code,
            "dry_run": dry_run,
        },
    )
    return StagedBatch(
        batch_id, total, reader.blank_rows, mapping, reader.format, dates, warnings
    )
