"""Exports in the encodings spreadsheets save, imported end to end."""

from __future__ import annotations

import codecs

from precheckin.db.connection import Database
from tests.helpers import add_hotel
from tests.messy_support import (
    booking,
    import_export,
    lines,
    raw_cells,
    states,
    warnings,
)

HEADER = "Booking Reference,Guest Name,Email,Check-in,Check-out,Notes"


def test_utf8_without_bom(conn, database: Database) -> None:
    text = lines(HEADER, "U1,Zoë Weiß,zoe@example.com,2027-03-10,2027-03-12,")
    summary = import_export(conn, database, add_hotel(conn), text.encode())

    assert summary.format["encoding"] == "utf-8"
    assert booking(conn, "U1")["guest_name"] == "Zoë Weiß"
    assert states(summary) == {"notified": 1}
    assert summary.warnings == []


def test_utf8_with_bom(conn, database: Database) -> None:
    text = lines(HEADER, "U1,Chloé Dubois,chloe@example.com,2027-03-10,2027-03-12,")
    data = codecs.BOM_UTF8 + text.encode()
    summary = import_export(conn, database, add_hotel(conn), data)

    assert summary.format["encoding"] == "utf-8-sig"
    # The mark must not stick to the first header, or the reference is unmapped.
    assert summary.mapping["booking_reference"] == "Booking Reference"
    assert booking(conn, "U1")["guest_name"] == "Chloé Dubois"


def test_utf16_unicode_text_with_tabs(conn, database: Database) -> None:
    # Excel's "Unicode Text": UTF-16 little-endian with a byte order mark,
    # tab-separated, CR LF line ends.
    text = lines(
        "Booking Reference\tGuest Name\tEmail\tCheck-in\tCheck-out",
        "W1\tŁukasz Wójcik\tlukasz@example.com\t2027-03-10\t2027-03-12",
        "W2\t山田 太郎\ttaro@example.com\t2027-03-11\t2027-03-14",
    )
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    summary = import_export(conn, database, add_hotel(conn), data)

    assert summary.format["encoding"] == "utf-16"
    assert summary.format["delimiter"] == "\t"
    assert booking(conn, "W1")["guest_name"] == "Łukasz Wójcik"
    assert booking(conn, "W2")["guest_name"] == "山田 太郎"
    assert states(summary) == {"notified": 2}


def test_windows_1252_not_latin_1(conn, database: Database) -> None:
    # 0x92 is a right single quote and 0x80 the euro sign in Windows-1252; in
    # Latin-1 both are invisible control characters.
    data = (
        HEADER.encode()
        + b"\r\nC1,Ren\xe9e O\x92Brien,renee@example.com,2027-03-10,2027-03-12,"
        + b"Deposit 50 \x80 paid\r\n"
    )
    summary = import_export(conn, database, add_hotel(conn), data)

    assert summary.format["encoding"] == "windows-1252"
    assert booking(conn, "C1")["guest_name"] == "Renée O\u2019Brien"
    assert raw_cells(conn, 2)["Notes"] == "Deposit 50 \u20ac paid"
    assert summary.warnings == []


def test_utf8_with_windows_1252_lines_appended(conn, database: Database) -> None:
    utf8 = lines(
        HEADER,
        "M1,Zoë Weiß,zoe@example.com,2027-03-10,2027-03-12,",
        "M2,Inès Probe,ines@example.com,2027-03-10,2027-03-12,",
    ).encode()
    appended = lines(
        "M3,Jürgen Müßig,juergen@example.com,2027-03-11,2027-03-13,50 €"
    ).encode("cp1252")
    summary = import_export(conn, database, add_hotel(conn), utf8 + appended)

    assert summary.format["encoding"] == "utf-8+windows-1252"
    assert booking(conn, "M1")["guest_name"] == "Zoë Weiß"
    assert booking(conn, "M3")["guest_name"] == "Jürgen Müßig"
    assert raw_cells(conn, 4)["Notes"] == "50 €"
    assert states(summary) == {"notified": 3}
    assert len(summary.warnings) == 1
    line_number, message = warnings(summary)[0]
    assert line_number == 4
    assert "Windows-1252" in message


def test_nul_bytes_are_removed(conn, database: Database) -> None:
    text = lines(
        HEADER,
        "N1,An\x00na Sample,anna@example.com,2027-03-10,2027-03-12,",
        "N2,Ben Example,ben@example.com,2027-03-10,2027-03-12,\x00\x00",
    )
    summary = import_export(conn, database, add_hotel(conn), text.encode())

    assert booking(conn, "N1")["guest_name"] == "Anna Sample"
    assert raw_cells(conn, 3)["Notes"] == ""
    assert states(summary) == {"notified": 2}
    assert warnings(summary) == [
        (2, "removed 1 NUL character, which PostgreSQL cannot store in text"),
        (3, "removed 2 NUL characters, which PostgreSQL cannot store in text"),
    ]


def test_utf16_without_bom(conn, database: Database) -> None:
    text = lines(HEADER, "L1,Søren Ågård,soren@example.com,2027-03-10,2027-03-12,")
    summary = import_export(conn, database, add_hotel(conn), text.encode("utf-16-le"))

    assert summary.format["encoding"] == "utf-16-le"
    assert booking(conn, "L1")["guest_name"] == "Søren Ågård"
