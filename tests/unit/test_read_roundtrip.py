"""Property: rows that csv.writer wrote come back from the export reader unchanged."""

from __future__ import annotations

import csv
import io
import string
from dataclasses import dataclass

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from precheckin.imports.read import Record, open_export

DELIMITERS = (",", ";", "\t", "|")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "windows-1252")

# ASCII and the Windows-1252 letters 0xC0 to 0xFF. None of them is a UTF-8
# continuation byte, so a row with a non-ASCII letter is never valid UTF-8 by
# accident. The euro sign and curly quotes (0x80 to 0x9F) have their own tests.
WINDOWS_1252_TEXT = string.printable[:-5] + bytes(range(0xC0, 0x100)).decode("cp1252")


class TrickleStream:
    """A stream that cannot seek and returns at most ``step`` bytes per read."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data = data
        self._position = 0
        self._step = step

    def read(self, size: int = -1) -> bytes:
        count = self._step if size < 0 else min(size, self._step)
        chunk = self._data[self._position : self._position + count]
        self._position += len(chunk)
        return chunk


@dataclass(frozen=True)
class Export:
    data: bytes
    delimiter: str
    headers: tuple[str, ...]
    rows: list[list[str]]
    read_size: int


@st.composite
def exports(draw: st.DrawFn) -> Export:
    delimiter = draw(st.sampled_from(DELIMITERS))
    encoding = draw(st.sampled_from(ENCODINGS))
    line_end = draw(st.sampled_from(["\r\n", "\n"]))

    # csv.writer quotes a field with a carriage return only when the line end
    # contains one, and other candidate delimiters would make the file ambiguous.
    excluded = [other for other in DELIMITERS if other != delimiter]
    if line_end == "\n":
        excluded.append("\r")
    if encoding == "windows-1252":
        characters = st.sampled_from(WINDOWS_1252_TEXT + "\r\n" + delimiter)
    else:
        characters = st.characters(
            exclude_categories=("Cs", "Cc"),
            include_characters='\r\n"' + delimiter,
        )
    cell = st.text(characters.filter(lambda char: char not in excluded), max_size=12)

    name = st.text(string.ascii_letters, min_size=1, max_size=8)
    headers = draw(
        st.lists(name, min_size=2, max_size=5, unique_by=str.casefold).map(tuple)
    )
    row = st.lists(cell, min_size=len(headers), max_size=len(headers))
    rows = draw(st.lists(row, min_size=1, max_size=20))
    assume(any("".join(cells).strip() for cells in rows))

    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(headers)
    writer.writerows(rows)
    data = text.getvalue().encode(encoding)
    return Export(data, delimiter, headers, rows, draw(st.integers(1, 64)))


@settings(deadline=None)
@given(exports())
def test_written_rows_read_back(export: Export) -> None:
    reader = open_export(TrickleStream(export.data, export.read_size))  # type: ignore[arg-type]
    records = list(reader.records())

    expected = [
        Record(line_number, tuple(cells))
        for line_number, cells in enumerate(export.rows, 2)
        if "".join(cells).strip()
    ]
    assert reader.format.delimiter == export.delimiter
    assert reader.format.headers == export.headers
    assert records == expected
    assert reader.blank_rows == len(export.rows) - len(expected)
    assert reader.warnings == []
