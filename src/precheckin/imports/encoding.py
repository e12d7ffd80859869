"""Detect the text encoding of an export and decode it in line-aligned blocks."""

from __future__ import annotations

import codecs
import io
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import AnyStr, Literal

from precheckin.errors import FileRejected

UTF8 = "utf-8"
UTF8_SIG = "utf-8-sig"
UTF8_MIXED = "utf-8+windows-1252"
WINDOWS_1252 = "windows-1252"
UTF16 = "utf-16"
UTF16_LE = "utf-16-le"
UTF16_BE = "utf-16-be"
UTF32 = "utf-32"

# Python codec for each encoding that is decoded as a whole, not line by line.
_WIDE_CODECS = {
    UTF16: "utf-16",
    UTF16_LE: "utf-16-le",
    UTF16_BE: "utf-16-be",
    UTF32: "utf-32",
}

# The UTF-32 marks come first because FF FE also starts the UTF-16 LE mark.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, UTF32),
    (codecs.BOM_UTF32_BE, UTF32),
    (codecs.BOM_UTF8, UTF8_SIG),
    (codecs.BOM_UTF16_LE, UTF16),
    (codecs.BOM_UTF16_BE, UTF16),
)

_EXCEL = "an Excel workbook"
_FILE_SIGNATURES = (
    (b"PK\x03\x04", _EXCEL),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", _EXCEL),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
)

# C0 control bytes other than tab, line feed, vertical tab, form feed, carriage
# return and escape. Text files contain almost none of them, but binary files
# contain many.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_MAX_CONTROL_SHARE = 0.1

# Maximum length of a line kept in memory while its end is awaited, in bytes or
# characters.
MAX_LINE_LENGTH = 16 * 1024 * 1024

_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")

_SAVE_AS_UTF8 = 'Save the export as "CSV UTF-8" and upload it again.'


@dataclass(frozen=True)
class DecodeEvent:
    """Something the decoder repaired on one physical line of the file."""

    physical_line: int
    kind: Literal["nul", "windows-1252"]
    count: int = 1


def detect_encoding(sample: bytes, *, at_eof: bool, name: str) -> str:
    """Return the encoding label of an export from its first bytes.

    A byte order mark decides the label, and so does UTF-16 without one. Any other
    sample is decoded as UTF-8 line by line, which yields ``utf-8`` (``utf-8-sig``
    after a UTF-8 mark), ``windows-1252`` or ``utf-8+windows-1252``. Raise
    FileRejected when the sample is empty, is not text, or has a line that is
    neither UTF-8 nor Windows-1252.
    """
    if not sample:
        raise FileRejected(
            f"{name} is empty. Export the reservations again and upload the CSV file."
        )
    _reject_known_binary(sample, name)

    for mark, encoding in _BYTE_ORDER_MARKS:
        if sample.startswith(mark) and encoding != UTF8_SIG:
            return encoding
    wide = _detect_utf16_without_mark(sample)
    if wide is not None:
        return wide
    _reject_control_bytes(sample, name)

    start = UTF8_SIG if sample.startswith(codecs.BOM_UTF8) else UTF8
    decoder = ExportDecoder(start, name)
    for _ in decoder.decode([sample], final=at_eof):
        pass
    return decoder.encoding


def _reject_known_binary(sample: bytes, name: str) -> None:
    for signature, kind in _FILE_SIGNATURES:
        if not sample.startswith(signature):
            continue
        if kind == _EXCEL:
            raise FileRejected(
                f"{name} is not a CSV file: this looks like an Excel workbook; "
                'save it as CSV ("CSV UTF-8") in Excel and upload that file.'
            )
        raise FileRejected(
            f"{name} is not a CSV file: this looks like {kind}. Export the "
            "reservations as CSV and upload that file."
        )


def _reject_control_bytes(sample: bytes, name: str) -> None:
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise FileRejected(
            f"{name} is not a CSV file: it contains binary data. Export the "
            "reservations as CSV and upload that file."
        )


def _detect_utf16_without_mark(sample: bytes) -> str | None:
    # Mostly ASCII text in UTF-16 has a NUL in every second byte: the high byte
    # of each code unit, which comes second in little-endian order.
    head = sample[:4096]
    if len(head) < 4:
        return None
    even_nul = head[0::2].count(0) / len(head[0::2])
    odd_nul = head[1::2].count(0) / len(head[1::2])
    if odd_nul > 0.4 and even_nul < 0.1:
        return UTF16_LE
    if even_nul > 0.4 and odd_nul < 0.1:
        return UTF16_BE
    return None


class ExportDecoder:
    """Decode an export into text blocks that each end at a line end.

    UTF-8 is decoded a block at a time. Where a block is not valid UTF-8, only the
    lines that fail are decoded as Windows-1252, and each becomes an event. When
    no valid non-ASCII UTF-8 has come before, the file is taken to be Windows-1252
    from then on, without events. NUL characters are removed, with an event for
    each line that had them, because PostgreSQL cannot store NUL in text.
    """

    def __init__(self, encoding: str, name: str) -> None:
        self.name = name
        self.events: deque[DecodeEvent] = deque()
        self._encoding = encoding
        self._utf8_seen = encoding in (UTF8_SIG, UTF8_MIXED)
        self._lines_before = 0

    @property
    def encoding(self) -> str:
        """Encoding label of what was decoded so far."""
        return self._encoding

    def decode(self, chunks: Iterable[bytes], *, final: bool = True) -> Iterator[str]:
        """Yield the text of the byte chunks in blocks that end at a line end.

        Only the last block may end without a line end. With ``final=False`` an
        incomplete last line is dropped, which suits a sample of a longer file.
        """
        if self._encoding in _WIDE_CODECS:
            blocks = self._decode_wide(chunks, final)
        else:
            blocks = self._decode_byte_lines(chunks, final)

        first = True
        for block in blocks:
            text = block
            if first:
                text = text.removeprefix("\ufeff")
                first = False
            if "\x00" in text:
                text = self._remove_nul(text)
            self._lines_before += _count_lines(text)
            yield text

    def _decode_byte_lines(self, chunks: Iterable[bytes], final: bool) -> Iterator[str]:
        rest = b""
        for chunk in chunks:
            data = rest + chunk if rest else chunk
            end = _last_line_end(data, b"\n", b"\r")
            rest = data[end:]
            if end:
                yield self._decode_block(data[:end])
            self._check_line_length(rest)
        if final and rest:
            yield self._decode_block(rest)

    def _decode_block(self, block: bytes) -> str:
        if self._encoding == WINDOWS_1252:
            return self._decode_windows_1252(block, 0)
        text = _decode_strict_utf8(block)
        if text is None:
            return self._decode_mixed(block)
        if not self._utf8_seen and not text.isascii():
            self._utf8_seen = True
        return text

    def _decode_mixed(self, block: bytes) -> str:
        # surrogateescape turns each byte that is not UTF-8 into U+DC80 to U+DCFF,
        # which marks the lines to decode again and gives their bytes back.
        text = block.decode("utf-8", "surrogateescape")
        parts: list[str] = []
        fallback_lines: list[int] = []
        position = 0
        lines_above = 0
        for match in _ESCAPED_BYTE.finditer(text):
            if match.start() < position:
                continue
            line_start = _line_start(text, position, match.start())
            line_end = _next_line_end(text, match.start())
            lines_above += _count_lines(text[position:line_start])
            self._append_utf8(parts, text[position:line_start])
            line = text[line_start:line_end].encode("utf-8", "surrogateescape")
            parts.append(self._decode_windows_1252(line, lines_above))
            fallback_lines.append(self._lines_before + lines_above + 1)
            lines_above += 1
            position = line_end
        self._append_utf8(parts, text[position:])

        # No valid non-ASCII UTF-8 came before, so the whole file is Windows-1252.
        if not self._utf8_seen:
            self._encoding = WINDOWS_1252
            return self._decode_windows_1252(block, 0)
        self._encoding = UTF8_MIXED
        for line_number in fallback_lines:
            self.events.append(DecodeEvent(line_number, "windows-1252"))
        return "".join(parts)

    def _append_utf8(self, parts: list[str], text: str) -> None:
        if not text.isascii():
            self._utf8_seen = True
        parts.append(text)

    def _decode_windows_1252(self, data: bytes, lines_above: int) -> str:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            # The bad byte is not a line end, so counting up to it ends on its line.
            line = (
                self._lines_before + lines_above + _count_lines(data[: error.start + 1])
            )
            byte = data[error.start]
            raise FileRejected(
                f"{self.name} cannot be decoded: byte 0x{byte:02X} on line {line} "
                f"is neither UTF-8 nor Windows-1252. {_SAVE_AS_UTF8}"
            ) from error

    def _decode_wide(self, chunks: Iterable[bytes], final: bool) -> Iterator[str]:
        codec = _WIDE_CODECS[self._encoding]
        decoder = codecs.getincrementaldecoder(codec)()
        rest = ""
        for chunk in chunks:
            data = rest + self._decode_wide_chunk(decoder, chunk, rest, False)
            end = _last_line_end(data, "\n", "\r")
            rest = data[end:]
            if end:
                yield data[:end]
            self._check_line_length(rest)
        if final:
            rest += self._decode_wide_chunk(decoder, b"", rest, True)
            if rest:
                yield rest

    def _decode_wide_chunk(
        self, decoder: codecs.IncrementalDecoder, chunk: bytes, rest: str, final: bool
    ) -> str:
        try:
            return decoder.decode(chunk, final)
        except UnicodeDecodeError as error:
            line = self._lines_before + _count_lines(rest) + 1
            raise FileRejected(
                f"{self.name} cannot be decoded as {self._encoding.upper()} near "
                f"line {line} ({error.reason}). {_SAVE_AS_UTF8}"
            ) from error

    def _check_line_length(self, rest: bytes | str) -> None:
        if len(rest) > MAX_LINE_LENGTH:
            raise FileRejected(
                f"{self.name} has a line longer than {MAX_LINE_LENGTH // 2**20} MiB "
                f"after line {self._lines_before}, so it is not a reservation export. "
                "Export the reservations as CSV and upload that file."
            )

    def _remove_nul(self, text: str) -> str:
        lines = io.StringIO(text, newline="")
        for number, line in enumerate(lines, self._lines_before + 1):
            count = line.count("\x00")
            if count:
                self.events.append(DecodeEvent(number, "nul", count))
        return text.replace("\x00", "")


def _count_lines(data: AnyStr) -> int:
    """Count lines the way ``io.StringIO(newline="")`` splits them."""
    if isinstance(data, bytes):
        ends = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
        unterminated = bool(data) and data[-1:] not in (b"\n", b"\r")
    else:
        ends = data.count("\n") + data.count("\r") - data.count("\r\n")
        unterminated = bool(data) and data[-1] not in ("\n", "\r")
    return ends + unterminated


def _last_line_end(data: AnyStr, lf: AnyStr, cr: AnyStr) -> int:
    """Return the index just past the last complete line end, or 0."""
    end = data.rfind(lf) + 1
    if end:
        return end
    # A carriage return at the very end may be the first half of CR LF.
    return data.rfind(cr, 0, len(data) - 1) + 1


def _decode_strict_utf8(block: bytes) -> str | None:
    try:
        return block.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _line_start(text: str, low: int, index: int) -> int:
    return max(low, text.rfind("\n", low, index) + 1, text.rfind("\r", low, index) + 1)


def _next_line_end(text: str, index: int) -> int:
    lf = text.find("\n", index)
    cr = text.find("\r", index)
    if cr != -1 and (lf == -1 or cr < lf):
        return cr + 2 if text[cr + 1 : cr + 2] == "\n" else cr + 1
    if lf != -1:
        return lf + 1
    return len(text)
