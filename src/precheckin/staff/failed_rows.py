"""A batch's failed rows as a CSV file the clerk can fix and upload again."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from ..imports.spreadsheet import neutralize_formula
from .batches import BatchFile

ERROR_COLUMN = "error"
# Excel only detects UTF-8 with a byte order mark; the importer skips it.
BOM = "\ufeff"


def failed_rows_columns(batch: BatchFile) -> list[str]:
    """Return the file's headers plus an error column whose name is not taken."""
    headers = [str(header) for header in batch.file_format.get("headers") or []]
    error_column = ERROR_COLUMN
    while error_column in headers:
        error_column = f"precheckin_{error_column}"
    return [*headers, error_column]


def row_values(raw_data: Any, headers: list[str]) -> list[str]:
    """Return a staged row's values in header order, from a dict or a list."""
    if isinstance(raw_data, dict):
        return [str(raw_data.get(header) or "") for header in headers]
    if isinstance(raw_data, list):
        values = [str(value if value is not None else "") for value in raw_data]
        return (values + [""] * len(headers))[: len(headers)]
    return [""] * len(headers)


def write_failed_rows(
    batch: BatchFile, rows: Iterable[tuple[Any, str | None]]
) -> Iterator[bytes]:
    """Yield the CSV file in chunks: a header line, then one line per failed row.

    Each row keeps its original values, adds the reason it failed, and has
    every cell a spreadsheet would run as a formula neutralized.
    """
    columns = failed_rows_columns(batch)
    headers = columns[:-1]
    delimiter = str(batch.file_format.get("delimiter") or ",")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([neutralize_formula(column) for column in columns])
    for raw_data, error in rows:
        values = [*row_values(raw_data, headers), error or ""]
        writer.writerow([neutralize_formula(value) for value in values])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
