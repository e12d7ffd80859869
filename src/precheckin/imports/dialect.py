"""Find the delimiter of an export from Excel's ``sep=`` line or from its content."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

DELIMITERS = (",", ";", "\t", "|")

# Excel writes "sep=;" as the first line to name the delimiter and hides that line.
_SEP_LINE = re.compile(r'"?sep=([^"\r\n])"?', re.IGNORECASE)

Rows = list[list[str]]


def read_sep_line(first_line: str) -> str | None:
    """Return the delimiter that a ``sep=`` line names, or None for any other line."""
    match = _SEP_LINE.fullmatch(first_line.rstrip("\r\n"))
    return match.group(1) if match else None


def parse_rows(text: str, delimiter: str, *, complete: bool) -> Rows:
    """Parse sample text into rows; without ``complete`` the last row may be cut."""
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not complete and len(rows) > 1:
        rows.pop()
    return rows


def sniff_delimiter(text: str, *, complete: bool) -> str:
    """Return the candidate delimiter that splits most rows into the same field count.

    Among delimiters that split equally many rows alike, the one that makes more
    fields wins. A file in which no delimiter makes two fields is read as one
    column with the comma.
    """
    best = DELIMITERS[0]
    best_score = (0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = parse_rows(text, delimiter, complete=complete)
        except csv.Error:
            # A field longer than csv.field_size_limit() means unpaired quotes.
            continue
        score = _consistency(rows)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _consistency(rows: Rows) -> tuple[int, int]:
    """Return how many rows have the most common field count, and that count."""
    # Rows of bare delimiters count too, because they have the table's width.
    counts = Counter(len(row) for row in rows if row)
    if not counts:
        return (0, 0)
    field_count, frequency = max(counts.items(), key=lambda item: (item[1], item[0]))
    if field_count < 2:
        return (0, 0)
    return (frequency, field_count)
