"""Delimiters, line ends, quoting, header rows and row numbers of exports."""

from __future__ import annotations

import io

import pytest

from precheckin.errors import FileRejected
from precheckin.imports.headers import clean_headers, find_header
from precheckin.imports.read import (
    MAX_WARNINGS_PER_KIND,
    ExportReader,
    ReadWarning,
    Record,
    open_export,
)


def read_all(
    data: bytes, name: str = "export.csv"
) -> tuple[ExportReader, list[Record]]:
    reader = open_export(io.BytesIO(data), name=name)
    return reader, list(reader.records())


@pytest.mark.parametrize(
    "delimiter",
    [
        pytest.param(",", id="comma"),
        pytest.param(";", id="semicolon"),
        pytest.param("\t", id="tab"),
        pytest.param("|", id="pipe"),
    ],
)
def test_delimiter_found_from_content(delimiter: str) -> None:
    text = "Ref_Guest_Check-in_Remark\r\nB1_Zoe Doe_2027-03-01_a.m. 10.00\r\n"
    data = text.replace("_", delimiter).encode()

    reader, records = read_all(data)

    assert reader.format.delimiter == delimiter
    assert reader.format.headers == ("Ref", "Guest", "Check-in", "Remark")
    assert records == [Record(2, ("B1", "Zoe Doe", "2027-03-01", "a.m. 10.00"))]


def test_delimiter_ignores_file_name() -> None:
    data = b"Ref;Guest;Amount\r\nB1;Zoe;12,50\r\nB2;Max;7,00\r\nB3;Ida;\r\n"

    reader, records = read_all(data, name="bookings.tsv")

    assert reader.format.delimiter == ";"
    assert records[0].cells == ("B1", "Zoe", "12,50")


def test_decimal_commas_in_semicolon_file() -> None:
    # Every row has one decimal comma, so commas also split rows consistently.
    data = b"Ref;Guest;Room;Amount\r\nB1;Zoe;12;12,50\r\nB2;Max;14;7,00\r\n"

    reader, _ = read_all(data)

    assert reader.format.delimiter == ";"


def test_sep_line_sets_delimiter() -> None:
    data = b"sep=;\r\nRef;Guest\r\nB1;Doe, Jane\r\nB2;Roe, Max\r\n"

    reader, records = read_all(data)

    assert reader.format.delimiter == ";"
    assert reader.format.header_line == 1
    assert records == [Record(2, ("B1", "Doe, Jane")), Record(3, ("B2", "Roe, Max"))]


def test_sep_line_with_title_lines() -> None:
    data = b'"sep=,"\nReservations report\nRef,Guest\nB1,Zoe\n'

    reader, records = read_all(data)

    assert reader.format.delimiter == ","
    assert reader.format.header_line == 2
    assert records == [Record(3, ("B1", "Zoe"))]


@pytest.mark.parametrize(
    "newline",
    [
        pytest.param(b"\r\n", id="crlf"),
        pytest.param(b"\n", id="lf"),
        pytest.param(b"\r", id="cr"),
    ],
)
def test_line_endings(newline: bytes) -> None:
    data = newline.join([b"Ref,Guest", b"B1,Zoe", b"", b"B2,Max", b""])

    reader, records = read_all(data)

    assert records == [Record(2, ("B1", "Zoe")), Record(4, ("B2", "Max"))]
    assert reader.blank_rows == 1


def test_no_final_newline() -> None:
    _, records = read_all(b"Ref,Guest\r\nB1,Zoe\r\nB2,Max")

    assert records == [Record(2, ("B1", "Zoe")), Record(3, ("B2", "Max"))]


def test_quoted_fields() -> None:
    data = (
        b"Ref,Guest,Remark\r\n"
        b'B1,"Doe, Jane","She said ""hi"""\r\n'
        b'B2,"Roe, Max","late\r\n'
        b"B9,Fake Guest,2027-01-01\r\n"
        b'arrival"\r\n'
        b"B3,Zoe,\r\n"
    )

    _, records = read_all(data)

    assert records == [
        Record(2, ("B1", "Doe, Jane", 'She said "hi"')),
        Record(3, ("B2", "Roe, Max", "late\r\nB9,Fake Guest,2027-01-01\r\narrival")),
        Record(4, ("B3", "Zoe", "")),
    ]


def test_quoted_newline_keeps_row_numbers() -> None:
    data = b'Ref;Remark\n1;"a\nb\nc"\n2;"x\r\ny"\n3;z\n'

    _, records = read_all(data)

    assert [record.line_number for record in records] == [2, 3, 4]


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        pytest.param([" Ref ", "Guest\u00a0Name"], ("Ref", "Guest Name"), id="padded"),
        pytest.param(["Ref", "", "Guest"], ("Ref", "Column 2", "Guest"), id="blank"),
        pytest.param(
            ["Name", "NAME", "name"], ("Name", "NAME (2)", "name (3)"), id="duplicate"
        ),
        pytest.param(
            ["Name", "Name (2)", "Name"], ("Name", "Name (2)", "Name (3)"), id="taken"
        ),
        pytest.param(["Check-in\r\ndate"], ("Check-in date",), id="line-break"),
        pytest.param(["Column 2", ""], ("Column 2", "Column 2 (2)"), id="blank-taken"),
    ],
)
def test_clean_headers(raw: list[str], cleaned: tuple[str, ...]) -> None:
    assert clean_headers(raw) == cleaned


def test_headers_keep_case_and_raw() -> None:
    data = b" Booking REF ;guest name;;Guest Name\r\nB1;Zoe;x;y\r\n"

    reader, _ = read_all(data)

    assert reader.format.headers == (
        "Booking REF",
        "guest name",
        "Column 3",
        "Guest Name (2)",
    )
    assert reader.format.raw_headers == (
        " Booking REF ",
        "guest name",
        "",
        "Guest Name",
    )


@pytest.mark.parametrize(
    ("rows", "index"),
    [
        pytest.param([["Ref", "Guest"], ["B1", "Zoe"]], 0, id="first-row"),
        pytest.param(
            [["Reservations report"], [], ["Ref", "Guest"], ["B1", "Zoe"]],
            2,
            id="title",
        ),
        pytest.param(
            [
                ["Printed: 03.12.2026", "10:00"],
                ["Ref", "Guest", "In"],
                ["B1", "Z", "x"],
            ],
            1,
            id="two-cell-title",
        ),
        pytest.param(
            [["Ref", "Guest"], ["B1", "Zoe", "x"], ["B2", "Max", "y"]],
            0,
            id="narrower-than-data",
        ),
        pytest.param(
            [["Hotel Adler", "Berlin"], ["Ref", "Guest", "In", "Out", "Room"]]
            + [["B1", "Zoe", "3.12.", "5.12.", "12"]] * 3,
            1,
            id="two-cell-title-wide-table",
        ),
        pytest.param([["Ref"], ["B1"]], 0, id="one-column"),
        pytest.param([[""], []], None, id="blank"),
        pytest.param([["Report"], ["Ref", "Guest"]], 1, id="no-data"),
    ],
)
def test_find_header(rows: list[list[str]], index: int | None) -> None:
    assert find_header(rows) == index


def test_title_lines_above_header() -> None:
    data = (
        b"Reservations report;;;\r\n"
        b"Printed 03.12.2026\r\n"
        b"\r\n"
        b"Ref;Guest;Check-in;Check-out\r\n"
        b"B1;Zoe;03.12.2026;05.12.2026\r\n"
        b"B2;Max;04.12.2026;06.12.2026\r\n"
    )

    reader, records = read_all(data)

    assert reader.format.header_line == 4
    assert reader.format.headers == ("Ref", "Guest", "Check-in", "Check-out")
    assert [record.line_number for record in records] == [5, 6]
    assert reader.blank_rows == 0


def test_trailing_empty_columns_dropped() -> None:
    data = b"Ref,Guest,,\r\nB1,Zoe,,\r\nB2,Max,,\r\n"

    reader, records = read_all(data)

    assert reader.format.headers == ("Ref", "Guest")
    assert reader.format.raw_headers == ("Ref", "Guest")
    assert records == [Record(2, ("B1", "Zoe")), Record(3, ("B2", "Max"))]


def test_unnamed_column_with_values_kept() -> None:
    data = b"Ref,Guest,\r\nB1,Zoe,late\r\n"

    reader, records = read_all(data)

    assert reader.format.headers == ("Ref", "Guest", "Column 3")
    assert records == [Record(2, ("B1", "Zoe", "late"))]


def test_bare_delimiter_rows_skipped() -> None:
    data = b"Ref;Guest;Room\r\n;;\r\nB1;Zoe;12\r\n ; ;\r\n\r\nB2;Max;14\r\n;;\r\n"

    reader, records = read_all(data)

    assert records == [Record(3, ("B1", "Zoe", "12")), Record(6, ("B2", "Max", "14"))]
    assert reader.blank_rows == 4


def test_footer_rows_returned() -> None:
    data = b"Ref,Guest\r\nB1,Zoe\r\n\r\nTotal: 1 reservation\r\n"

    reader, records = read_all(data)

    assert records[-1] == Record(4, ("Total: 1 reservation", ""))
    assert reader.blank_rows == 1


def test_short_row_padded() -> None:
    _, records = read_all(b"Ref,Guest,Room\r\nB1,Zoe\r\nB2\r\n")

    assert records == [Record(2, ("B1", "Zoe", "")), Record(3, ("B2", "", ""))]


def test_extra_cells_dropped_with_warning() -> None:
    data = b"Ref,Guest\r\nB1,Zoe,,\r\nB2,Max,late, 2\r\n"

    reader, records = read_all(data)

    assert records == [Record(2, ("B1", "Zoe")), Record(3, ("B2", "Max"))]
    assert [warning.line_number for warning in reader.warnings] == [3]
    assert "dropped 2 non-empty cells" in reader.warnings[0].message


def test_warnings_capped_per_kind() -> None:
    rows = 30
    data = b"Ref,Guest\r\n" + b"B1,Zoe,extra\r\n" * rows

    reader, _ = read_all(data)

    assert len(reader.warnings) == MAX_WARNINGS_PER_KIND + 1
    assert reader.warnings[-1] == ReadWarning(
        None,
        f"cells to the right of the last header were dropped in "
        f"{rows - MAX_WARNINGS_PER_KIND} more rows",
    )


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"Ref,Guest\r\n", id="header-only"),
        pytest.param(b"Ref,Guest", id="no-newline"),
        pytest.param(b"Report\r\nRef;Guest\r\n;\r\n\r\n", id="blank-rows"),
    ],
)
def test_header_without_data_rejected(data: bytes) -> None:
    with pytest.raises(FileRejected, match=r"has a header row \(row \d\) but no data"):
        open_export(io.BytesIO(data), name="export.csv")


def test_header_without_data_after_sample() -> None:
    # 80 KB of bare delimiters: more than the sample, so records() finds out.
    data = b"Ref;Guest;Room\r\n" + b";;\r\n" * 20000
    reader = open_export(io.BytesIO(data), name="export.csv")

    with pytest.raises(FileRejected, match=r"no data rows"):
        list(reader.records())
    assert reader.blank_rows == 20000


def test_unclosed_quote_rejected() -> None:
    data = b'Ref,Remark\r\nB1,"late\r\n' + b"B2,fine\r\n" * 20000

    reader = open_export(io.BytesIO(data), name="export.csv")

    with pytest.raises(FileRejected, match=r"after row 1: .*closing quote"):
        list(reader.records())


def test_records_read_only_once() -> None:
    reader, _ = read_all(b"Ref,Guest\r\nB1,Zoe\r\n")

    with pytest.raises(RuntimeError, match="once"):
        list(reader.records())
