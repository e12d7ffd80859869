"""Validating mapped rows into bookings, failures and skips."""

import datetime

import pytest

from precheckin.imports.dates import DateFormat, DateOrder
from precheckin.imports.fields import Field
from precheckin.imports.statuses import BookingStatus
from precheckin.imports.validation import (
    FailedRow,
    RowContext,
    SkippedRow,
    ValidRow,
    validate_row,
)

F = Field
CONTEXT = RowContext("DE", DateOrder.DMY)


def _row(**cells: str) -> dict[Field, str]:
    values = {
        F.booking_reference: "1001",
        F.guest_name: "Anna Muster",
        F.checkin: "21.03.2027",
        F.checkout: "24.03.2027",
    }
    values.update({Field(name): text for name, text in cells.items()})
    return values


def _valid(**cells: str) -> ValidRow:
    result = validate_row(_row(**cells), CONTEXT)
    if not isinstance(result, ValidRow):
        pytest.fail(f"expected a valid row, got {result}")
    return result


def test_validate_full_row() -> None:
    values = _row(
        phone="0170 1234567",
        email="Anna@Example.DE",
        room="101",
        guests="2",
        status="bestätigt",
    )
    assert validate_row(values, CONTEXT) == ValidRow(
        booking_reference="1001",
        guest_name="Anna Muster",
        phone="+491701234567",
        email="Anna@example.de",
        checkin_date=datetime.date(2027, 3, 21),
        checkout_date=datetime.date(2027, 3, 24),
        room="101",
        guests=2,
        status=BookingStatus.CONFIRMED,
        warnings=(),
    )


def test_validate_minimal_row() -> None:
    row = _valid()
    optional = (row.phone, row.email, row.room, row.guests, row.status, row.warnings)
    assert optional == (None, None, None, None, BookingStatus.CONFIRMED, ())


def test_validate_collapses_name_spaces() -> None:
    assert _valid(guest_name="  Anna \u00a0 Muster ").guest_name == "Anna Muster"


def test_validate_strips_reference() -> None:
    assert _valid(booking_reference=" AB-1001 ").booking_reference == "AB-1001"


def test_validate_explicit_date_format() -> None:
    context = RowContext("US", DateFormat("%m/%d/%Y"))
    row = validate_row(_row(checkin="03/21/2027", checkout="03/24/2027"), context)
    assert isinstance(row, ValidRow)
    assert row.checkin_date == datetime.date(2027, 3, 21)


def test_validate_as_dict() -> None:
    assert _valid(guests="3").as_dict() == {
        "booking_reference": "1001",
        "guest_name": "Anna Muster",
        "phone": None,
        "email": None,
        "checkin_date": "2027-03-21",
        "checkout_date": "2027-03-24",
        "room": None,
        "guests": 3,
        "status": "CONFIRMED",
        "warnings": [],
    }


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        pytest.param({"guest_name": ""}, "guest name is missing", id="no-name"),
        pytest.param({"guest_name": "n/a"}, "guest name is missing", id="name-n-a"),
        pytest.param(
            {"booking_reference": " "}, "booking reference is missing", id="no-ref"
        ),
        pytest.param(
            {"booking_reference": "4.01235E+11"},
            "booking reference '4.01235E+11' lost its last digits in a spreadsheet "
            "(scientific notation); export the column as text",
            id="ref-scientific",
        ),
        pytest.param({"checkin": ""}, "check-in is missing", id="no-checkin"),
        pytest.param({"checkout": "-"}, "check-out is missing", id="checkout-dash"),
        pytest.param(
            {"checkin": "31.02.2027"},
            "check-in '31.02.2027' is not a real date",
            id="impossible-date",
        ),
        pytest.param(
            {"checkout": "31/04/2027"},
            "check-out '31/04/2027' is not a real date",
            id="april-31",
        ),
        pytest.param(
            {"checkin": "03/31/2027"},
            "check-in '03/31/2027' is not a real date with the day first",
            id="wrong-order",
        ),
        pytest.param(
            {"checkin": "next week"},
            "check-in 'next week' is not a date",
            id="words",
        ),
        pytest.param(
            {"checkin": "22.03.2027", "checkout": "20.03.2027"},
            "check-out 2027-03-20 is before check-in 2027-03-22",
            id="checkout-before",
        ),
        pytest.param(
            {"checkin": "22.03.2027", "checkout": "22.03.2027"},
            "check-out 2027-03-22 is the same day as check-in",
            id="same-day",
        ),
        pytest.param(
            {"guest_name": "", "checkin": "31.02.2027"},
            "guest name is missing; check-in '31.02.2027' is not a real date",
            id="two-problems",
        ),
    ],
)
def test_validate_fails_row(cells: dict[str, str], reason: str) -> None:
    assert validate_row(_row(**cells), CONTEXT) == FailedRow(reason)


@pytest.mark.parametrize(
    ("cells", "warning"),
    [
        pytest.param(
            {"phone": "12345"},
            "phone '12345' is not a valid phone number; left empty",
            id="phone",
        ),
        pytest.param(
            {"email": "anna@"},
            "email 'anna@' is not a valid address and was left empty: There must "
            "be something after the @-sign.",
            id="email",
        ),
        pytest.param(
            {"room": "x" * 51},
            f"room '{'x' * 51}' is longer than 50 characters; left empty",
            id="room",
        ),
        pytest.param(
            {"guests": "many"},
            "guests 'many' is not a number of guests; left empty",
            id="guests-words",
        ),
        pytest.param(
            {"guests": "0"},
            "guests '0' is not a number of guests; left empty",
            id="guests-zero",
        ),
        pytest.param(
            {"guests": "250"},
            "guests '250' is not a number of guests; left empty",
            id="guests-too-many",
        ),
    ],
)
def test_validate_warns_optional_value(cells: dict[str, str], warning: str) -> None:
    assert _valid(**cells).warnings == (warning,)


@pytest.mark.parametrize(
    ("cells", "field"),
    [
        pytest.param({"phone": "12345"}, "phone", id="phone"),
        pytest.param({"email": "anna@"}, "email", id="email"),
        pytest.param({"room": "x" * 51}, "room", id="room"),
        pytest.param({"guests": "many"}, "guests", id="guests"),
    ],
)
def test_validate_empties_unusable_value(cells: dict[str, str], field: str) -> None:
    assert getattr(_valid(**cells), field) is None


def test_validate_unknown_status_warns() -> None:
    row = _valid(status="Tentative")
    assert (row.status, row.warnings) == (
        BookingStatus.CONFIRMED,
        ("status 'Tentative' is not a known booking status; read as confirmed",),
    )


def test_validate_cancelled_status() -> None:
    assert _valid(status="storniert").status is BookingStatus.CANCELLED


def test_validate_keeps_all_warnings() -> None:
    assert len(_valid(phone="12345", email="x", guests="many").warnings) == 3


@pytest.mark.parametrize(
    ("text", "count"),
    [
        pytest.param("2", 2, id="digit"),
        pytest.param("2.0", 2, id="float"),
        pytest.param("2+1", 3, id="sum"),
        pytest.param("3 Personen", 3, id="with-word"),
        pytest.param("2 adults, 1 child", 3, id="adults-children"),
        pytest.param("2 Erwachsene und 2 Kinder", 4, id="german"),
    ],
)
def test_validate_reads_guests(text: str, count: int) -> None:
    assert _valid(guests=text).guests == count


def test_validate_placeholder_room_empty() -> None:
    row = _valid(room="-")
    assert (row.room, row.warnings) == (None, ())


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        pytest.param({}, "blank row", id="no-cells"),
        pytest.param(
            {F.booking_reference: "", F.guest_name: "  ", F.checkin: "\u00a0"},
            "blank row",
            id="empty-cells",
        ),
        pytest.param(
            {F.booking_reference: "-", F.guest_name: "n/a"},
            "blank row",
            id="placeholders",
        ),
        pytest.param(
            {F.booking_reference: "Total: 40 reservations", F.checkin: ""},
            "title or footer line, not a reservation: 'Total: 40 reservations'",
            id="total",
        ),
        pytest.param(
            {F.booking_reference: "Summe", F.guests: "80"},
            "title or footer line, not a reservation: 'Summe | 80'",
            id="summe-with-count",
        ),
        pytest.param(
            {F.guest_name: "Printed on 21.03.2027 by Front Desk"},
            "title or footer line, not a reservation: "
            "'Printed on 21.03.2027 by Front Desk'",
            id="printed-on",
        ),
        pytest.param(
            {F.booking_reference: "Arrivals March 2027"},
            "title or footer line, not a reservation: 'Arrivals March 2027'",
            id="title",
        ),
        pytest.param(
            {F.booking_reference: "Reservierungen"},
            "title or footer line, not a reservation: 'Reservierungen'",
            id="one-word-title",
        ),
    ],
)
def test_validate_skips_non_reservations(values: dict[Field, str], reason: str) -> None:
    assert validate_row(values, CONTEXT) == SkippedRow(reason)


def test_validate_skips_repeated_header() -> None:
    mapping = {F.booking_reference: "Res no", F.guest_name: "Guest"}
    mapping |= {F.checkin: "Arrival", F.checkout: "Departure"}
    context = RowContext("DE", DateOrder.DMY, mapping)
    values = {F.booking_reference: "RES NO", F.guest_name: "Guest"}
    values |= {F.checkin: "Arrival", F.checkout: "Departure"}
    assert validate_row(values, context) == SkippedRow("repeated header row")


def test_validate_skips_padded_repeated_header() -> None:
    # Stored header names have their inner whitespace shrunk to one space.
    mapping = {F.booking_reference: "Res no", F.guest_name: "Guest name"}
    mapping |= {F.checkin: "Arrival", F.checkout: "Departure"}
    context = RowContext("DE", DateOrder.DMY, mapping)
    values = {F.booking_reference: " Res  no ", F.guest_name: "Guest   name"}
    values |= {F.checkin: "Arrival", F.checkout: "Departure"}
    assert validate_row(values, context) == SkippedRow("repeated header row")


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        pytest.param(
            {F.booking_reference: "A1001"},
            "guest name is missing; check-in is missing; check-out is missing",
            id="reference-only",
        ),
        pytest.param(
            {F.booking_reference: "Total", F.checkin: "21.03.2027"},
            "guest name is missing; check-out is missing",
            id="footer-word-with-date",
        ),
    ],
)
def test_validate_fails_lone_reference(values: dict[Field, str], reason: str) -> None:
    assert validate_row(values, CONTEXT) == FailedRow(reason)


def test_valid_row_is_frozen() -> None:
    row = _valid()
    with pytest.raises(AttributeError):
        row.guest_name = "Ben"  # type: ignore[misc]
