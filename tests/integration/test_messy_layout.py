"""Delimiters, line ends, quoting, headers, titles and footers, end to end."""

from __future__ import annotations

from datetime import date

import pytest

from precheckin.db.connection import Database
from tests.helpers import add_hotel
from tests.messy_support import (
    booking,
    failures,
    import_export,
    lines,
    raw_cells,
    references,
    states,
)


def test_sep_line_names_delimiter(conn, database: Database) -> None:
    # Commas inside the names would win a vote on the delimiter; the sep= line
    # settles it, and spreadsheets hide it, so it is no row.
    text = lines(
        "sep=;",
        "Booking Reference;Guest Name;Email;Check-in;Check-out",
        "S1;Doe, Jane;jane@example.com;2027-03-10;2027-03-12",
        "S2;Roe, Max;max@example.com;2027-03-11;2027-03-13",
    )
    summary = import_export(conn, database, add_hotel(conn), text.encode())

    assert summary.format["delimiter"] == ";"
    assert summary.format["header_line"] == 1
    assert booking(conn, "S1")["guest_name"] == "Doe, Jane"
    assert raw_cells(conn, 3)["Guest Name"] == "Roe, Max"
    assert states(summary) == {"notified": 2}


@pytest.mark.parametrize(
    ("filename", "delimiter"),
    [
        pytest.param("bookings.tsv", ";", id="semicolons-in-tsv"),
        pytest.param("bookings.csv", "\t", id="tabs-in-csv"),
        pytest.param("bookings.txt", "|", id="pipes-in-txt"),
    ],
)
def test_delimiter_from_content_not_name(
    conn, database: Database, filename: str, delimiter: str
) -> None:
    text = lines(
        "Booking Reference,Guest Name,Email,Check-in,Check-out",
        "D1,Anna Sample,anna@example.com,2027-03-10,2027-03-12",
    ).replace(",", delimiter)
    summary = import_export(
        conn, database, add_hotel(conn), text.encode(), filename=filename
    )

    assert summary.format["delimiter"] == delimiter
    assert booking(conn, "D1")["checkout_date"] == date(2027, 3, 12)


def test_carriage_return_line_ends(conn, database: Database) -> None:
    text = lines(
        "Booking Reference,Guest Name,Email,Check-in,Check-out",
        "C1,Anna Sample,anna@example.com,2027-03-10,2027-03-12",
        "C2,Ben Example,ben@example.com,2027-03-11,2027-03-13",
        newline="\r",
    )
    summary = import_export(conn, database, add_hotel(conn), text.encode())

    assert references(conn) == ["C1", "C2"]
    assert booking(conn, "C2")["checkout_date"] == date(2027, 3, 13)
    assert raw_cells(conn, 3)["Booking Reference"] == "C2"
    assert states(summary) == {"notified": 2}


def test_no_final_line_end(conn, database: Database) -> None:
    text = lines(
        "Booking Reference,Guest Name,Check-in,Check-out,Email",
        "F1,Anna Sample,2027-03-10,2027-03-12,anna@example.com",
        "F2,Ben Example,2027-03-11,2027-03-13,ben@example.com",
        final=False,
    )
    summary = import_export(conn, database, add_hotel(conn), text.encode())

    assert booking(conn, "F2")["email"] == "ben@example.com"
    assert states(summary) == {"notified": 2}


def test_quoted_fields_stay_one_row(conn, database: Database) -> None:
    # The remark of Q1 spans three lines, and its middle line reads like a
    # booking of its own. It is text inside the quotes, never a row.
    text = lines(
        "Booking Reference,Guest Name,Email,Check-in,Check-out,Remarks",
        'Q1,"Doe, Jane",jane@example.com,2027-03-10,2027-03-12,"Late arrival',
        "Q9,Fake Guest,fake@example.com,2027-03-10,2027-03-12,",
        'wants a ""quiet"" room"',
        'Q2,"Ben ""Benny"" Roe",ben@example.com,2027-03-11,2027-03-13,',
    )
    summary = import_export(conn, database, add_hotel(conn), text.encode())

    assert references(conn) == ["Q1", "Q2"]
    assert booking(conn, "Q1")["guest_name"] == "Doe, Jane"
    assert booking(conn, "Q2")["guest_name"] == 'Ben "Benny" Roe'
    assert raw_cells(conn, 2)["Remarks"] == (
        "Late arrival\r\nQ9,Fake Guest,fake@example.com,2027-03-10,2027-03-12,"
        '\r\nwants a "quiet" room'
    )
    # The spreadsheet row number: Q2 is the second booking, on row 3.
    assert raw_cells(conn, 3)["Booking Reference"] == "Q2"
    assert summary.rows["total"] == 2


def test_trailing_empty_columns_and_bare_rows(conn, database: Database) -> None:
    text = lines(
        "Booking Reference;Guest Name;Email;Check-in;Check-out;;;",
        "T1;Anna Sample;anna@example.com;2027-03-10;2027-03-12;;;",
        ";;;;;;;",
        "T2;Ben Example;ben@example.com;2027-03-11;2027-03-13;;;",
        ";;;;;;;",
        " ; ;;;;;;",
    )
    summary = import_export(conn, database, add_hotel(conn), text.encode())

    assert summary.format["headers"] == [
        "Booking Reference",
        "Guest Name",
        "Email",
        "Check-in",
        "Check-out",
    ]
    assert references(conn) == ["T1", "T2"]
    assert states(summary) == {"notified": 2, "skipped": 3}
    assert summary.failed_rows == []


def test_messy_header_names(conn, database: Database) -> None:
    # Padded, upper and lower case, a blank name over a column with values,
    # and "Email" twice: the first one feeds the field.
    text = lines(
        "  BOOKING REFERENCE ,guest   name,,Email,email,CHECK-IN , check-out",
        "H1,Anna Sample,Suite,anna@example.com,old@example.com,2027-03-10,2027-03-12",
    )
    summary = import_export(conn, database, add_hotel(conn), text.encode())

    assert summary.format["headers"] == [
        "BOOKING REFERENCE",
        "guest name",
        "Column 3",
        "Email",
        "email (2)",
        "CHECK-IN",
        "check-out",
    ]
    assert summary.mapping == {
        "booking_reference": "BOOKING REFERENCE",
        "guest_name": "guest name",
        "email": "Email",
        "checkin": "CHECK-IN",
        "checkout": "check-out",
    }
    assert booking(conn, "H1")["email"] == "anna@example.com"
    assert raw_cells(conn, 2)["Column 3"] == "Suite"


REPORT = lines(
    "Reservations report;;;;",
    "Hotel Berlin Mitte, printed 01.03.2027 09:14;;;;",
    ";;;;",
    "Booking Reference;Guest Name;Email;Check-in;Check-out",
    "R1;Anna Sample;anna@example.com;10.03.2027;12.03.2027",
    "R2;Ben Example;ben@example.com;11.03.2027;13.03.2027",
    "Page 1 of 2;;;;",
    "Booking Reference;Guest Name;Email;Check-in;Check-out",
    "R3;Chloé Dubois;chloe@example.com;14.03.2027;16.03.2027",
    ";;;;",
    "Total: 3 reservations;;;;",
    "Printed by front desk;;;;",
)


def test_title_and_footer_rows_skipped(conn, database: Database) -> None:
    summary = import_export(conn, database, add_hotel(conn), REPORT.encode())

    assert summary.format["header_line"] == 4
    assert references(conn) == ["R1", "R2", "R3"]
    assert raw_cells(conn, 5)["Booking Reference"] == "R1"
    # A page footer, a repeated header, a blank row and two footers.
    assert states(summary) == {"notified": 3, "skipped": 5}
    assert failures(summary) == []
