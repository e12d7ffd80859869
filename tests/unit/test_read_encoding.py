"""Encoding detection and decoding of exports, on files written byte by byte."""

from __future__ import annotations

import io

import pytest

from precheckin.errors import FileRejected
from precheckin.imports import encoding
from precheckin.imports.read import (
    ExportReader,
    Record,
    open_export,
)


class TrickleStream:
    """A stream that cannot seek and returns at most ``step`` bytes per read."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data = data
        self._position = 0
        self._step = step

    def read(self, size: int = -1) -> bytes:
        count = self._step if size < 0 else min(size, self._step)
        chunk = self._data[self._position : self._position + count]
        self._position += len(chunk)
        return chunk


def read_all(
    data: bytes, name: str = "export.csv"
) -> tuple[ExportReader, list[Record]]:
    reader = open_export(io.BytesIO(data), name=name)
    return reader, list(reader.records())


UTF16_LE_WITH_BOM = (
    b"\xff\xfe"
    b"R\x00e\x00f\x00\t\x00G\x00u\x00e\x00s\x00t\x00\r\x00\n\x00"
    b"B\x001\x00\t\x00Z\x00o\x00\xeb\x00\r\x00\n\x00"
)
UTF16_BE_WITH_BOM = (
    b"\xfe\xff"
    b"\x00R\x00e\x00f\x00\t\x00G\x00u\x00e\x00s\x00t\x00\r\x00\n"
    b"\x00B\x001\x00\t\x00Z\x00o\x00\xeb\x00\r\x00\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(b"Ref,Guest\r\nB1,Zo\xc3\xab\r\n", "utf-8", id="utf-8"),
        pytest.param(
            b"\xef\xbb\xbfRef,Guest\r\nB1,Zo\xc3\xab\r\n", "utf-8-sig", id="utf-8-bom"
        ),
        pytest.param(UTF16_LE_WITH_BOM, "utf-16", id="utf-16-le-bom"),
        pytest.param(UTF16_BE_WITH_BOM, "utf-16", id="utf-16-be-bom"),
        pytest.param(UTF16_LE_WITH_BOM[2:], "utf-16-le", id="utf-16-le-no-bom"),
        pytest.param(UTF16_BE_WITH_BOM[2:], "utf-16-be", id="utf-16-be-no-bom"),
        pytest.param(
            b"\xff\xfe\x00\x00"
            b"R\x00\x00\x00e\x00\x00\x00f\x00\x00\x00,\x00\x00\x00"
            b"G\x00\x00\x00\n\x00\x00\x00"
            b"B\x00\x00\x001\x00\x00\x00,\x00\x00\x00"
            b"Z\x00\x00\x00o\x00\x00\x00\xeb\x00\x00\x00\n\x00\x00\x00",
            "utf-32",
            id="utf-32-le-bom",
        ),
        pytest.param(b"Ref,Guest\r\nB1,Zo\xeb\r\n", "windows-1252", id="windows-1252"),
    ],
)
def test_encoding_detected_and_decoded(data: bytes, encoding: str) -> None:
    reader, records = read_all(data)

    assert reader.format.encoding == encoding
    assert reader.format.headers[0] == "Ref"
    assert records == [Record(2, ("B1", "Zoë"))]
    assert reader.warnings == []


def test_utf16_excel_unicode_text() -> None:
    reader, _ = read_all(UTF16_LE_WITH_BOM)

    assert reader.format.delimiter == "\t"
    assert reader.format.headers == ("Ref", "Guest")


def test_windows_1252_not_latin_1() -> None:
    data = b"Ref;Guest;Remark\r\nB1;O\x92Neil;Deposit 20 \x80 \x96 paid\r\n"

    reader, records = read_all(data)

    assert reader.format.encoding == "windows-1252"
    assert records[0].cells == ("B1", "O\u2019Neil", "Deposit 20 \u20ac \u2013 paid")


def test_utf8_with_windows_1252_lines() -> None:
    data = b"Ref,Guest\nB1,Zo\xc3\xab\nB2,M\xfcller\nB3,Andr\xc3\xa9\nB4,O\x92Neil\n"

    reader, records = read_all(data)

    assert [record.cells[1] for record in records] == [
        "Zoë",
        "Müller",
        "André",
        "O\u2019Neil",
    ]
    assert reader.format.encoding == "utf-8+windows-1252"
    assert [warning.line_number for warning in reader.warnings] == [3, 5]
    assert "Windows-1252" in reader.warnings[0].message


@pytest.mark.parametrize(
    "newline",
    [
        pytest.param(b"\r\n", id="crlf"),
        pytest.param(b"\n", id="lf"),
        pytest.param(b"\r", id="cr"),
    ],
)
def test_windows_1252_line_row_number(newline: bytes) -> None:
    # The quoted remark spans two lines, so the Windows-1252 line is row 3.
    lines = [b"Ref,Remark", b'B1,"Zo\xc3\xab', b'late"', b"B2,M\xfcller \xe0 \x80", b""]

    reader, records = read_all(newline.join(lines))

    assert records[1] == Record(3, ("B2", "Müller à €"))
    assert [warning.line_number for warning in reader.warnings] == [3]


def test_windows_1252_lines_after_sample() -> None:
    # The first 99 KB are UTF-8, more than the sample that open_export reads.
    head = b"Ref,Guest\r\n" + b"B0,Zo\xc3\xab\r\n" * 9000
    data = head + b"B1,M\xfcller\r\nB2,Andr\xc3\xa9\r\nB3,G\xe9rard\r\n"

    reader = open_export(io.BytesIO(data), name="export.csv")
    encoding_before = reader.format.encoding
    records = list(reader.records())

    assert encoding_before == "utf-8"
    assert reader.format.encoding == "utf-8+windows-1252"
    assert [record.cells[1] for record in records[-3:]] == ["Müller", "André", "Gérard"]
    assert [warning.line_number for warning in reader.warnings] == [9002, 9004]


def test_ascii_then_windows_1252() -> None:
    # Nothing but ASCII in the sample, then Windows-1252: no sign of UTF-8 at all.
    data = b"Ref,Guest\r\n" + b"B0,Max\r\n" * 12000 + b"B1,M\xfcller\r\n"

    reader = open_export(io.BytesIO(data), name="export.csv")
    records = list(reader.records())

    assert records[-1] == Record(12002, ("B1", "Müller"))
    assert reader.format.encoding == "windows-1252"
    assert reader.warnings == []


def test_nul_bytes_removed_with_warning() -> None:
    data = b"Ref,Guest\r\nB1,Zo\x00e\x00\r\nB2,Max\r\n"

    reader, records = read_all(data)

    assert records == [Record(2, ("B1", "Zoe")), Record(3, ("B2", "Max"))]
    assert [warning.line_number for warning in reader.warnings] == [2]
    assert "2 NUL characters" in reader.warnings[0].message


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"Ref,Guest\r\nB1,Zo\xc3\xab\r\nB2,\xe9\x81\r\n", id="utf-8"),
        pytest.param(
            b"Ref,Guest\r\nB1,M\xfcller\r\nB2,\xe9\x81\r\n", id="windows-1252"
        ),
    ],
)
def test_undecodable_byte_rejected(data: bytes) -> None:
    with pytest.raises(FileRejected, match=r"byte 0x81 on line 3 .*CSV UTF-8"):
        read_all(data)


def test_broken_utf16_rejected() -> None:
    # A high surrogate followed by a letter instead of a low surrogate.
    data = b"\xff\xfeR\x00,\x00G\x00\n\x00B\x00,\x00\x00\xd8Z\x00\n\x00"

    with pytest.raises(FileRejected, match=r"cannot be decoded as UTF-16"):
        read_all(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00[Content_Types].xml",
            "this looks like an Excel workbook; save it as CSV",
            id="xlsx",
        ),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00",
            "this looks like an Excel workbook; save it as CSV",
            id="xls",
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
            "this looks like a PNG image",
            id="png",
        ),
        pytest.param(
            bytes(range(256)) * 4,
            "it contains binary data",
            id="binary",
        ),
    ],
)
def test_binary_file_rejected(data: bytes, message: str) -> None:
    with pytest.raises(FileRejected, match=message):
        open_export(io.BytesIO(data), name="bookings.csv")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="no-bytes"),
        pytest.param(b"\xef\xbb\xbf", id="bom-only"),
        pytest.param(b"\r\n\r\n  \r\n", id="blank-lines"),
        pytest.param(b";;;\r\n;;;\r\n", id="bare-delimiters"),
    ],
)
def test_empty_file_rejected(data: bytes) -> None:
    with pytest.raises(FileRejected, match=r"bookings\.csv is empty"):
        open_export(io.BytesIO(data), name="bookings.csv")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            b"Ref;Guest\r\n" + b"B1;Zo\xc3\xab \xe2\x82\xac\r\n" * 20000,
            id="utf-8",
        ),
        pytest.param(
            b"\xff\xfe"
            + "Ref\tGuest\r\n".encode("utf-16-le")
            # A character outside the BMP is a surrogate pair in UTF-16.
            + "B1\tZoë \U0001f600\r\n".encode("utf-16-le") * 20000,
            id="utf-16",
        ),
        pytest.param(
            b"Ref;Guest\r\n"
            + b"B1;Zo\xc3\xab \xe2\x82\xac\r\n" * 10000
            + b"B1;M\xfcller\r\n"
            + b"B1;Zo\xc3\xab \xe2\x82\xac\r\n" * 10000,
            id="utf-8-with-windows-1252",
        ),
    ],
)
def test_small_reads_match_one_read(data: bytes) -> None:
    whole, expected = read_all(data)

    reader = open_export(TrickleStream(data, 7), name="export.csv")  # type: ignore[arg-type]
    records = list(reader.records())

    assert records == expected
    assert reader.format == whole.format
    assert reader.warnings == whole.warnings


def test_endless_line_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoding, "MAX_LINE_LENGTH", 2**20)
    data = b"Ref,Guest\r\nB1,Zoe\r\n" + b"x" * 3 * 2**20

    reader = open_export(io.BytesIO(data), name="export.csv")

    with pytest.raises(FileRejected, match=r"line longer than 1 MiB after line 2"):
        list(reader.records())
