"""Stream the rows of a reservation export after sniffing its encoding and layout."""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import itertools
import logging
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from precheckin.errors import FileRejected
from precheckin.imports.dialect import parse_rows, read_sep_line, sniff_delimiter
from precheckin.imports.encoding import DecodeEvent, ExportDecoder, detect_encoding
from precheckin.imports.headers import (
    clean_headers,
    count_columns,
    find_header,
    row_width,
)

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

logger = logging.getLogger(__name__)

# The sample is at least SAMPLE_SIZE bytes and, where lines are long, grows up to
# MAX_SAMPLE_SIZE until it has SAMPLE_MIN_LINES lines.
SAMPLE_SIZE = 64 * 1024
MAX_SAMPLE_SIZE = 1024 * 1024
SAMPLE_MIN_LINES = 50
CHUNK_SIZE = 1024 * 1024
# Warnings of one kind beyond this many are summed up in one last warning.
MAX_WARNINGS_PER_KIND = 20
_SUMMARIES = {
    "nul": "NUL characters were removed from {count} more lines",
    "windows-1252": "{count} more lines were decoded as Windows-1252",
    "extra cells": "cells to the right of the last header were dropped in {count} "
    "more rows",
}


@dataclass(frozen=True)
class ExportFormat:
    """Encoding, delimiter and header row of an export.

    ``encoding`` is "utf-8", "utf-8-sig", "utf-16", "utf-16-le" or "utf-16-be"
    (UTF-16 without a byte order mark), "utf-32", "windows-1252", or
    "utf-8+windows-1252" for a UTF-8 file with some Windows-1252 lines.
    ``delimiter`` is ",", ";", "\\t" or "|", or the character a ``sep=`` line
    names. ``header_line`` is the spreadsheet row number of the header row, which
    is 1 when nothing is above it. A ``sep=`` line is not counted, because
    spreadsheets hide it. ``headers`` are cleaned (see ``clean_headers``) and
    ``raw_headers`` are as read. Both leave out blank header cells at the end of
    the row that have no values below them in the sample.
    """

    encoding: str
    delimiter: str
    header_line: int
    headers: tuple[str, ...]
    raw_headers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Record:
    """One row of the export below the header, as a spreadsheet shows it.

    ``line_number`` is the row number a spreadsheet shows: the header row and any
    title lines count, and a quoted field with line breaks stays one row.
    ``cells`` has one value per header, padded with "" when the row is short.
    """

    line_number: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class ReadWarning:
    """A problem in the export that the reader repaired before reading on."""

    line_number: int | None
    message: str


class ExportReader:
    """The rows of one export, read once, in order, with flat memory.

    ``warnings`` and ``blank_rows`` grow while records() runs. ``blank_rows``
    counts the rows below the header that have no value (empty lines, bare
    delimiters, whitespace) and that records() skipped. Blank lines among the
    title lines above the header are not counted.
    """

    def __init__(
        self,
        stream: IO[bytes],
        sample: bytes,
        *,
        at_eof: bool,
        export_format: ExportFormat,
        has_sep_line: bool,
        name: str,
    ) -> None:
        self.warnings: list[ReadWarning] = []
        self.blank_rows = 0
        self._stream = stream
        self._sample = sample
        self._at_eof = at_eof
        self._format = export_format
        self._has_sep_line = has_sep_line
        self._name = name
        self._decoder: ExportDecoder | None = None
        self._warning_log = _WarningLog(self.warnings)

    @property
    def format(self) -> ExportFormat:
        """Format of the export, whose encoding may change while records() runs.

        A UTF-8 export whose later lines are Windows-1252 becomes
        "utf-8+windows-1252", or "windows-1252" when all before them was ASCII.
        """
        decoder = self._decoder
        if decoder is not None and decoder.encoding != self._format.encoding:
            self._format = dataclasses.replace(self._format, encoding=decoder.encoding)
        return self._format

    def records(self) -> Iterator[Record]:
        """Yield each row below the header, skipping blank rows.

        Raise FileRejected at the end when no row below the header has a value,
        or where a quoted field does not end. The stream is read once, so a
        second call raises RuntimeError.
        """
        if self._decoder is not None:
            raise RuntimeError("records() can run only once; call open_export() again")
        decoder = ExportDecoder(self._format.encoding, self._name)
        self._decoder = decoder

        blocks = decoder.decode(self._chunks())
        lines = itertools.chain.from_iterable(map(_split_lines, blocks))
        lines = itertools.chain(lines, [_END_MARK])
        reader = csv.reader(lines, delimiter=self._format.delimiter)
        yield from self._read_rows(reader, decoder.events)

        self._warning_log.finish()
        logger.info(
            "read export %s: encoding %s, %d warnings, %d blank rows",
            self._name,
            self.format.encoding,
            len(self.warnings),
            self.blank_rows,
        )

    def _chunks(self) -> Iterator[bytes]:
        sample, self._sample = self._sample, b""
        yield sample
        if self._at_eof:
            return
        while chunk := self._stream.read(CHUNK_SIZE):
            yield chunk

    def _read_rows(
        self, reader: CsvReader, events: deque[DecodeEvent]
    ) -> Iterator[Record]:
        header_line = self._format.header_line
        columns = len(self._format.headers)
        row_number = -1 if self._has_sep_line else 0
        found = False
        try:
            for row in reader:
                if row and row[-1].endswith(_END_MARK):
                    _check_end(row, self._name, row_number)
                    break
                row_number += 1
                if events:
                    self._note_events(events, reader.line_num, row_number)
                if row_number <= header_line:
                    continue

                first = row[0] if row else ""
                if (not first or first.isspace()) and not "".join(row).strip():
                    self.blank_rows += 1
                    continue
                cells = (
                    tuple(row) if len(row) == columns else self._fit(row, row_number)
                )
                found = True
                yield Record(row_number, cells)
        except csv.Error as error:
            raise FileRejected(
                f"{self._name} cannot be read after row {row_number}: {error}. A "
                "quoted field probably lacks its closing quote. Fix the quotes and "
                "upload the file again."
            ) from error

        if not found:
            raise _no_data_rows(self._name, header_line)

    def _fit(self, row: list[str], row_number: int) -> tuple[str, ...]:
        columns = len(self._format.headers)
        if len(row) < columns:
            return (*row, *itertools.repeat("", columns - len(row)))

        dropped = sum(1 for cell in row[columns:] if cell.strip())
        if dropped:
            noun = "cell" if dropped == 1 else "cells"
            self._warning_log.add(
                "extra cells",
                row_number,
                f"dropped {dropped} non-empty {noun} to the right of the last header "
                f"(column {columns}); give them a header to import them",
            )
        return tuple(row[:columns])

    def _note_events(
        self, events: deque[DecodeEvent], physical_line: int, row_number: int
    ) -> None:
        line_number = row_number if row_number >= 1 else None
        while events and events[0].physical_line <= physical_line:
            event = events.popleft()
            if event.kind == "nul":
                noun = "character" if event.count == 1 else "characters"
                message = (
                    f"removed {event.count} NUL {noun}, which PostgreSQL cannot "
                    "store in text"
                )
            else:
                message = (
                    "decoded a line as Windows-1252 because it is not valid UTF-8; "
                    "check its accented letters and symbols"
                )
            self._warning_log.add(event.kind, line_number, message)


def open_export(stream: IO[bytes], *, name: str = "export") -> ExportReader:
    """Sniff encoding, delimiter and header from the start of a binary stream.

    The stream need not be seekable: the sample read here is chained with the
    rest when records() runs. ``name`` (usually the file name) appears in error
    messages. Raise FileRejected for an empty, binary or undecodable file, and
    for one without data rows when the sample is the whole file.
    """
    sample, at_eof = _read_sample(stream)
    encoding = detect_encoding(sample, at_eof=at_eof, name=name)
    text = "".join(ExportDecoder(encoding, name).decode([sample], final=at_eof))

    first_line = next(_split_lines(text), "")
    sep = read_sep_line(first_line)
    body = text[len(first_line) :] if sep else text
    delimiter = sep or sniff_delimiter(body, complete=at_eof)
    export_format, has_data = _read_layout(body, encoding, delimiter, at_eof, name)
    if at_eof and not has_data:
        raise _no_data_rows(name, export_format.header_line)

    logger.debug(
        "sniffed export %s: encoding %s, delimiter %r, header on row %d, %d columns",
        name,
        encoding,
        delimiter,
        export_format.header_line,
        len(export_format.headers),
    )
    return ExportReader(
        stream,
        sample,
        at_eof=at_eof,
        export_format=export_format,
        has_sep_line=sep is not None,
        name=name,
    )


def _read_sample(stream: IO[bytes]) -> tuple[bytes, bool]:
    """Return the first bytes of the stream and whether they are all of it."""
    parts: list[bytes] = []
    size = 0
    lines = 0
    while size < SAMPLE_SIZE or (lines < SAMPLE_MIN_LINES and size < MAX_SAMPLE_SIZE):
        chunk = stream.read(SAMPLE_SIZE)
        if not chunk:
            return b"".join(parts), True
        parts.append(chunk)
        size += len(chunk)
        lines += max(chunk.count(b"\n"), chunk.count(b"\r"))
    return b"".join(parts), False


def _read_layout(
    body: str, encoding: str, delimiter: str, complete: bool, name: str
) -> tuple[ExportFormat, bool]:
    """Find the header row in the sample and return the format and a data flag.

    The boolean is True when a row below the header has a value.
    """
    try:
        rows = parse_rows(body, delimiter, complete=complete)
    except csv.Error as error:
        raise FileRejected(
            f"{name} cannot be read: {error}. A quoted field probably lacks its "
            "closing quote. Fix the quotes and upload the file again."
        ) from error

    header_index = find_header(rows)
    if header_index is None and complete:
        raise FileRejected(
            f"{name} is empty (no row has a value). Export the reservations again "
            "and upload the CSV file."
        )
    if header_index is None:
        raise FileRejected(
            f"{name} has no header row in its first {len(rows)} rows. Export the "
            "reservations as CSV with a header row."
        )

    header = rows[header_index]
    data_rows = rows[header_index + 1 :]
    raw_headers = tuple(header[: count_columns(header, data_rows)])
    export_format = ExportFormat(
        encoding=encoding,
        delimiter=delimiter,
        header_line=header_index + 1,
        headers=clean_headers(raw_headers),
        raw_headers=raw_headers,
    )
    has_data = any(row_width(row) for row in data_rows)
    return export_format, has_data


def _no_data_rows(name: str, header_line: int) -> FileRejected:
    return FileRejected(
        f"{name} has a header row (row {header_line}) but no data rows below it. "
        "Export the reservations again with bookings in the date range."
    )


_split_lines = functools.partial(io.StringIO, newline="")

# Python's csv module, unless strict, ends a quoted field that lacks its closing
# quote at the end of the input without an error, swallowing every row below it.
# A NUL line after the last is a row of its own, unless a quoted field is still
# open and takes it in. Decoding removes every NUL, so the file cannot hold one.
_END_MARK = "\x00"


def _check_end(row: list[str], name: str, row_number: int) -> None:
    """Raise FileRejected unless the row is the end mark alone."""
    if row == [_END_MARK]:
        return
    raise FileRejected(
        f"{name} cannot be read after row {row_number}: a quoted field starts on "
        f"row {row_number + 1} and runs to the end of the file. A quoted field "
        "probably lacks its closing quote. Fix the quotes and upload the file again."
    )


class _WarningLog:
    """Add warnings to a list, up to MAX_WARNINGS_PER_KIND of each kind."""

    def __init__(self, warnings: list[ReadWarning]) -> None:
        self._warnings = warnings
        self._counts: dict[str, int] = {}

    def add(self, kind: str, line_number: int | None, message: str) -> None:
        count = self._counts.get(kind, 0) + 1
        self._counts[kind] = count
        if count <= MAX_WARNINGS_PER_KIND:
            self._warnings.append(ReadWarning(line_number, message))

    def finish(self) -> None:
        for kind, count in self._counts.items():
            if count > MAX_WARNINGS_PER_KIND:
                more = count - MAX_WARNINGS_PER_KIND
                message = _SUMMARIES[kind].format(count=more)
                self._warnings.append(ReadWarning(None, message))
