"""Formula-like cells in CSV files: neutralized when written, restored when read."""

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


def restore_formula(cell: str) -> str:
    """Remove the quote that neutralize_formula put before a formula-like cell.

    An export that precheckin wrote, such as the failed rows a clerk fixes and
    uploads again, then reads back as it was. Excel does not save the quote
    that a user types to mark a cell as text, so a quote in a CSV file before
    "=", "+", "-" or "@" most likely comes from a writer like this one.
    """
    if cell.startswith("'") and cell[1:].startswith(_FORMULA_STARTS):
        return cell[1:]
    return cell


def neutralize_row(cells: Iterable[str]) -> list[str]:
    """Apply neutralize_formula to every cell of a row."""
    return [neutralize_formula(cell) for cell in cells]
