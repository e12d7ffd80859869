"""Print a batch summary as rich tables."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..imports.summary import BatchSummary, RowProblem

# The row statuses, as a clerk reads them.
ROW_LABELS = {
    "notified": "notified (link queued or sent)",
    "completed": "completed (valid, no link)",
}

# Enough for a clerk to act on; the rest is one `--json` or the web page away.
MAX_LISTED = 50


def format_table(summary: BatchSummary) -> Table:
    """Return how the export was read."""
    fmt = summary.format
    title = f"Batch {summary.batch_id}: {summary.filename} ({summary.status})"
    if summary.dry_run:
        title = f"Dry run of {summary.filename}: nothing was changed"
    table = Table(title=title)
    table.add_column("read as")
    table.add_column("value")
    delimiter = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}.get(
        fmt.get("delimiter", ""), repr(fmt.get("delimiter"))
    )
    table.add_row("encoding", str(fmt.get("encoding")))
    table.add_row("delimiter", delimiter)
    table.add_row("header row", str(fmt.get("header_line")))
    table.add_row("dates", str(fmt.get("date_order", "")))
    return table


def mapping_table(mapping: dict[str, str]) -> Table:
    """Return the column mapping as field and header."""
    table = Table(title="Column mapping")
    table.add_column("field")
    table.add_column("header")
    for field, header in mapping.items():
        table.add_row(field, header)
    return table


def counts_table(summary: BatchSummary) -> Table:
    """Return rows by status, bookings, and links by channel."""
    table = Table(title="Result")
    table.add_column("what")
    table.add_column("count", justify="right")
    for status, count in summary.rows.items():
        table.add_row(f"rows {ROW_LABELS.get(status, status)}", f"{count:,}")
    for kind, count in summary.bookings.items():
        table.add_row(f"bookings {kind}", f"{count:,}")
    for channel, count in summary.links.items():
        verb = "would be queued" if summary.dry_run else "queued"
        table.add_row(f"links {verb} ({channel})", f"{count:,}")
    return table


def problems_table(title: str, problems: list[RowProblem]) -> Table:
    """Return line numbers and messages, cut at MAX_LISTED."""
    table = Table(title=title)
    table.add_column("line", justify="right")
    table.add_column("reason")
    for problem in problems[:MAX_LISTED]:
        line = "" if problem.line_number is None else str(problem.line_number)
        table.add_row(line, problem.message)
    if len(problems) > MAX_LISTED:
        table.add_row("", f"... and {len(problems) - MAX_LISTED:,} more (see --json)")
    return table


def print_summary(console: Console, summary: BatchSummary) -> None:
    """Print everything a clerk needs after an import."""
    console.print(format_table(summary))
    console.print(counts_table(summary))
    if summary.failed_rows:
        console.print(problems_table("Failed rows", summary.failed_rows))
    if summary.warnings:
        console.print(problems_table("Warnings", summary.warnings))
