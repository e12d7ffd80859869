"""Find the header row of an export below any title lines, and clean its names."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

# How many rows below a candidate header decide the width of the table.
_LOOKAHEAD_ROWS = 50
# A header is at least this share of the median width of the rows below it, or
# the second share when none of its cells contains a digit.
_MIN_HEADER_SHARE = 0.75
_MIN_LABELS_SHARE = 0.5


def row_width(row: Sequence[str]) -> int:
    """Return the 1-based position of the last non-blank cell, 0 for a blank row."""
    for index in range(len(row) - 1, -1, -1):
        if row[index].strip():
            return index + 1
    return 0


def find_header(rows: Sequence[Sequence[str]]) -> int | None:
    """Return the index of the header row, or None when every row is blank.

    Title lines such as "Reservations report" or "Printed 03.12.2026" fill fewer
    cells than the table below them. The header is the first row of two cells or
    more that is at least three quarters as wide as the median row below it. Half
    as wide is enough when none of its cells contains a digit, because header
    names rarely do, but the dates and times on title lines do. Failing that, the
    header is the first row of two cells or more. A file of one column has its
    header in the first non-blank row.
    """
    widths = [row_width(row) for row in rows]
    wide = [index for index, width in enumerate(widths) if width >= 2]
    if not wide:
        return next((index for index, width in enumerate(widths) if width), None)

    for index in wide:
        below = [width for width in widths[index + 1 :][:_LOOKAHEAD_ROWS] if width]
        if below and _is_header(rows[index], widths[index], statistics.median(below)):
            return index
    return wide[0]


def _is_header(row: Sequence[str], width: int, width_below: float) -> bool:
    if width >= _MIN_HEADER_SHARE * width_below:
        return True
    has_digit = any(character.isdigit() for cell in row for character in cell)
    return not has_digit and width >= _MIN_LABELS_SHARE * width_below


def count_columns(header: Sequence[str], data_rows: Sequence[Sequence[str]]) -> int:
    """Return how many columns of the header row to keep.

    Blank header cells at the end are dropped unless a data row has a value under
    them: spreadsheets often end every row with empty cells.
    """
    data_width = max((row_width(row) for row in data_rows), default=0)
    return min(len(header), max(row_width(header), data_width))


def clean_headers(raw_headers: Sequence[str]) -> tuple[str, ...]:
    """Strip header names, name blank ones by position and make duplicates unique.

    Whitespace inside a name shrinks to one space. A blank name becomes "Column 3"
    after its 1-based position. A name seen before, compared without case, gets
    " (2)", " (3)" and so on, because the mapping compares names without case.
    """
    names: list[str] = []
    seen: set[str] = set()
    for position, raw in enumerate(raw_headers, 1):
        base = " ".join(raw.replace("\ufeff", "").split()) or f"Column {position}"
        name = base
        copy = 2
        while name.casefold() in seen:
            name = f"{base} ({copy})"
            copy += 1
        seen.add(name.casefold())
        names.append(name)
    return tuple(names)
