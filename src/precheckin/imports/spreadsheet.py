"""Cells that precheckin writes to CSV, made safe to open in a spreadsheet."""

from collections.abc import Iterable

# A cell starting with one of these is read as a formula by Excel, LibreOffice
# and Google Sheets, so a guest's name such as =HYPERLINK(...) could run as one.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_formula(cell: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with a quote.

    Every CSV writer of precheckin passes its cells through here. The quote
    makes the spreadsheet show the cell as text; E.164 phone numbers such as
    +4930123456 get one too, which keeps their "+".
    """
    if cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def neutralize_row(cells: Iterable[str]) -> list[str]:
    """Apply neutralize_formula to every cell of a row."""
    return [neutralize_formula(cell) for cell in cells]
