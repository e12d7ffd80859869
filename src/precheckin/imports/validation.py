"""Validating one mapped row of an export into a booking, a failure or a skip."""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass

from precheckin.imports.cells import (
    clean_cell,
    fold_words,
    is_placeholder,
    is_scientific_notation,
)
from precheckin.imports.dates import DateStyle, DateValueError, parse_date_cached
from precheckin.imports.emails import normalize_email
from precheckin.imports.fields import Field
from precheckin.imports.phones import normalize_phone
from precheckin.imports.statuses import BookingStatus, normalize_status


@dataclass(frozen=True, slots=True)
class RowContext:
    """Facts about the hotel and the export that validation needs.

    mapping is the mapping in use. When it is given, a row that repeats the
    header row (as exports printed page by page do) is skipped.
    """

    country: str
    date_style: DateStyle
    mapping: Mapping[Field, str] | None = None


@dataclass(frozen=True, slots=True)
class ValidRow:
    """A row that becomes a booking; warnings name optional values left empty."""

    booking_reference: str
    guest_name: str
    phone: str | None
    email: str | None
    checkin_date: datetime.date
    checkout_date: datetime.date
    room: str | None
    guests: int | None
    status: BookingStatus
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """Return the row as JSON-ready values, with dates in ISO form."""
        return {
            "booking_reference": self.booking_reference,
            "guest_name": self.guest_name,
            "phone": self.phone,
            "email": self.email,
            "checkin_date": self.checkin_date.isoformat(),
            "checkout_date": self.checkout_date.isoformat(),
            "room": self.room,
            "guests": self.guests,
            "status": self.status.value,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class FailedRow:
    """A reservation that cannot be imported, with a reason for hotel staff."""

    reason: str


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row that is no reservation, such as a blank line, a title or a footer."""

    reason: str


RowResult = ValidRow | FailedRow | SkippedRow

# A booking reference longer than this comes from a wrongly mapped column.
MAX_REFERENCE_LENGTH = 100
# A room longer than this is a note or a description, not a room.
MAX_ROOM_LENGTH = 50
# More guests than this in one booking is a typing error.
MAX_GUESTS = 99

# First words of the titles and footers that exports print among their rows.
_FOOTER_WORDS = frozenset(
    (
        "total", "totals", "subtotal", "sum", "summe", "zwischensumme", "gesamt",
        "gesamtsumme", "insgesamt", "printed", "gedruckt", "imprime", "impreso",
        "page", "seite", "pagina", "report", "bericht", "rapport", "informe",
        "generated", "erstellt", "exported", "exportiert", "export", "listado",
        "liste", "list", "sous", "totaux",
    )
)  # fmt: skip
_GUEST_COUNT = re.compile(r"(\d{1,3})(?:[.,]0+)?")
_GUEST_SUM = re.compile(r"(\d{1,2})\s*\+\s*(\d{1,2})")
_COUNTED_WORDS = re.compile(r"(\d{1,3})\s*[^\W\d_][^\d]*")


def validate_row(values: Mapping[Field, str], ctx: RowContext) -> RowResult:
    """Validate the cells of one row, keyed by field, into a booking or a reason.

    Booking reference, guest name, check-in and check-out are required, the
    dates must be real and check-out must follow check-in. An unusable optional
    value is left empty with a warning, and the row stays valid.
    """
    cells = {field: text for field, raw in values.items() if (text := clean_cell(raw))}
    if not cells:
        return SkippedRow("blank row")
    if ctx.mapping and _repeats_headers(cells, ctx.mapping):
        return SkippedRow("repeated header row")
    problems: list[str] = []
    reference = _reference(cells, problems)
    guest_name = _required(cells, Field.guest_name, problems)
    checkin = _required_date(cells, Field.checkin, ctx.date_style, problems)
    checkout = _required_date(cells, Field.checkout, ctx.date_style, problems)
    if checkin is not None and checkout is not None and checkout <= checkin:
        problems.append(_stay_problem(checkin, checkout))
    if problems or checkin is None or checkout is None:
        return _failed_or_skipped(cells, problems, checkin or checkout)
    return _valid_row(
        cells, ctx, reference, " ".join(guest_name.split()), checkin, checkout
    )


def _valid_row(
    cells: Mapping[Field, str],
    ctx: RowContext,
    reference: str,
    guest_name: str,
    checkin: datetime.date,
    checkout: datetime.date,
) -> ValidRow:
    warnings: list[str] = []
    phone = _phone(cells.get(Field.phone), ctx.country, warnings)
    email = _email(cells.get(Field.email), warnings)
    room = _room(cells.get(Field.room), warnings)
    guests = _guests(cells.get(Field.guests), warnings)
    status = _status(cells.get(Field.status), warnings)
    return ValidRow(
        booking_reference=reference,
        guest_name=guest_name,
        phone=phone,
        email=email,
        checkin_date=checkin,
        checkout_date=checkout,
        room=room,
        guests=guests,
        status=status,
        warnings=tuple(warnings),
    )


def _repeats_headers(cells: Mapping[Field, str], headers: Mapping[Field, str]) -> bool:
    # Header names are stored with inner whitespace shrunk to one space.
    return all(
        " ".join(text.split()).casefold() == headers.get(field, "").casefold()
        for field, text in cells.items()
    )


def usable_reference(text: str) -> bool:
    """Tell whether a cleaned cell can be a booking reference."""
    return (
        bool(text)
        and len(text) <= MAX_REFERENCE_LENGTH
        and not is_placeholder(text)
        and not is_scientific_notation(text)
    )


def _required(cells: Mapping[Field, str], field: Field, problems: list[str]) -> str:
    text = cells.get(field, "")
    if not text or is_placeholder(text):
        problems.append(f"{field.label} is missing")
    return text


def _reference(cells: Mapping[Field, str], problems: list[str]) -> str:
    # Different reservations would share a reference such as 4.01235E+11 and
    # be merged into one booking, so the row fails instead.
    text = _required(cells, Field.booking_reference, problems)
    if is_scientific_notation(text):
        problems.append(
            f"booking reference '{text}' lost its last digits in a spreadsheet "
            "(scientific notation); export the column as text"
        )
    elif len(text) > MAX_REFERENCE_LENGTH:
        problems.append(
            f"booking reference '{text[:20]}…' is longer than {MAX_REFERENCE_LENGTH}"
            " characters; check that the right column is mapped"
        )
    return text


def _required_date(
    cells: Mapping[Field, str], field: Field, style: DateStyle, problems: list[str]
) -> datetime.date | None:
    text = cells.get(field)
    if text is None:
        problems.append(f"{field.label} is missing")
        return None
    try:
        return parse_date_cached(text, style)
    except DateValueError as error:
        if is_placeholder(text):
            problems.append(f"{field.label} is missing")
        else:
            problems.append(f"{field.label} '{error.value}' {error.problem}")
        return None


def _stay_problem(checkin: datetime.date, checkout: datetime.date) -> str:
    if checkout == checkin:
        return f"check-out {checkout} is the same day as check-in"
    return f"check-out {checkout} is before check-in {checkin}"


def _failed_or_skipped(
    cells: Mapping[Field, str], problems: list[str], any_date: datetime.date | None
) -> FailedRow | SkippedRow:
    """Skip a title or footer line, and fail a reservation that lacks something."""
    cells = {field: text for field, text in cells.items() if not is_placeholder(text)}
    if not cells:
        return SkippedRow("blank row")
    if any_date is None and _is_title_or_footer(cells):
        text = " | ".join(cells.values())
        return SkippedRow(f"title or footer line, not a reservation: '{text}'")
    return FailedRow("; ".join(problems))


def _is_title_or_footer(cells: Mapping[Field, str]) -> bool:
    texts = list(cells.values())
    first_words = [words[0] for text in texts if (words := fold_words(text))]
    if any(word in _FOOTER_WORDS for word in first_words):
        return True
    if len(texts) != 1:
        return False
    # One cell alone is a title when it reads as words, not as a code like A123.
    text = texts[0]
    has_letter = any(char.isalpha() for char in text)
    has_digit = any(char.isdigit() for char in text)
    return has_letter and (not has_digit or " " in text or ":" in text)


def _phone(text: str | None, country: str, warnings: list[str]) -> str | None:
    if text is None:
        return None
    result = normalize_phone(text, country)
    if result.warning:
        warnings.append(result.warning)
    return result.e164


def _email(text: str | None, warnings: list[str]) -> str | None:
    if text is None:
        return None
    result = normalize_email(text)
    if result.warning:
        warnings.append(result.warning)
    return result.address


def _room(text: str | None, warnings: list[str]) -> str | None:
    if text is None or is_placeholder(text):
        return None
    if len(text) > MAX_ROOM_LENGTH:
        warnings.append(
            f"room '{text}' is longer than {MAX_ROOM_LENGTH} characters; left empty"
        )
        return None
    return text


def _guests(text: str | None, warnings: list[str]) -> int | None:
    if text is None or is_placeholder(text):
        return None
    count = _count_guests(text)
    if count is None or not 1 <= count <= MAX_GUESTS:
        warnings.append(f"guests '{text}' is not a number of guests; left empty")
        return None
    return count


def _count_guests(text: str) -> int | None:
    """Read "2", "2.0", "2+1", "3 Personen" or "2 adults, 1 child" as a count."""
    match = _GUEST_COUNT.fullmatch(text)
    if match:
        return int(match[1])
    match = _GUEST_SUM.fullmatch(text)
    if match:
        return int(match[1]) + int(match[2])
    parts = re.split(r"\s*[,;&/+]\s*|\s+(?:and|und|et|y)\s+", text)
    counts = [_COUNTED_WORDS.fullmatch(part) for part in parts]
    if all(counts):
        return sum(int(match[1]) for match in counts if match)
    return None


def _status(text: str | None, warnings: list[str]) -> BookingStatus:
    if text is None:
        return BookingStatus.CONFIRMED
    result = normalize_status(text)
    if result.warning:
        warnings.append(result.warning)
    return result.status
