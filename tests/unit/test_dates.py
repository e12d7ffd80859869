"""Reading dates and deciding an export's date order."""

import datetime
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from precheckin.errors import FileRejected
from precheckin.imports.dates import (
    DateFormat,
    DateOrder,
    DateOrderDetector,
    DateStyle,
    DateValueError,
    check_date_format,
    default_date_order,
    parse_date,
)

DMY, MDY, YMD = DateOrder.DMY, DateOrder.MDY, DateOrder.YMD
MARCH_21 = datetime.date(2027, 3, 21)


@pytest.mark.parametrize(
    ("value", "style"),
    [
        pytest.param("2027-03-21", DMY, id="iso"),
        pytest.param("2027-03-21", MDY, id="iso-month-first-file"),
        pytest.param("2027-3-21", DMY, id="iso-short-month"),
        pytest.param("2027/03/21", MDY, id="year-first-slashes"),
        pytest.param("2027-03-21T14:00:00", DMY, id="iso-time"),
        pytest.param("2027-03-21T23:30:00Z", DMY, id="iso-zulu"),
        pytest.param("2027-03-21T23:30:00-05:00", DMY, id="iso-offset-west"),
        pytest.param("2027-03-21T00:30:00+14:00", DMY, id="iso-offset-east"),
        pytest.param("2027-03-21 14:00:00.123456+0100", DMY, id="iso-fraction"),
        pytest.param("21.03.2027", DMY, id="dmy-dots"),
        pytest.param("21/03/2027", DMY, id="dmy-slashes"),
        pytest.param("21-03-2027", DMY, id="dmy-dashes"),
        pytest.param("21.3.2027", DMY, id="dmy-short"),
        pytest.param("21.03.27", DMY, id="dmy-two-digit-year"),
        pytest.param("21.03.2027 15:00", DMY, id="dmy-time"),
        pytest.param("03/21/2027", MDY, id="mdy"),
        pytest.param("3/21/27", MDY, id="mdy-short"),
        pytest.param("03/21/2027 3:00 PM", MDY, id="mdy-time"),
        pytest.param("21-Mar-2027", DMY, id="day-mon-year"),
        pytest.param("21 Mar 2027", MDY, id="day-mon-year-spaces"),
        pytest.param("21 March 2027", DMY, id="day-month-year"),
        pytest.param("Mar 21, 2027", DMY, id="mon-day-year"),
        pytest.param("March 21 2027", MDY, id="month-day-year"),
        pytest.param("21st March 2027", DMY, id="ordinal"),
        pytest.param("Sun, 21 Mar 2027", DMY, id="weekday"),
        pytest.param("21. März 2027", DMY, id="german-month"),
        pytest.param("21 mars 2027", DMY, id="french-month"),
        pytest.param("21 de marzo de 2027", DMY, id="spanish-month"),
        pytest.param("21st of March 2027", MDY, id="of-month"),
        pytest.param("21-mar-27", DMY, id="two-digit-year-month-name"),
        pytest.param("46467", DMY, id="excel-serial"),
        pytest.param("46467.625", DMY, id="excel-serial-time"),
        pytest.param(" 2027-03-21 ", DMY, id="spaces"),
    ],
)
def test_parse_date_forms(value: str, style: DateOrder) -> None:
    assert parse_date(value, style) == MARCH_21


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        pytest.param("46476", datetime.date(2027, 3, 30), id="46476"),
        pytest.param("46477", datetime.date(2027, 3, 31), id="46477"),
        pytest.param("36526", datetime.date(2000, 1, 1), id="first"),
        pytest.param("73050", datetime.date(2099, 12, 31), id="last"),
    ],
)
def test_parse_excel_serial(serial: str, expected: datetime.date) -> None:
    assert parse_date(serial, DMY) == expected


@pytest.mark.parametrize(
    ("value", "style"),
    [
        pytest.param("21.03.2027", DateFormat("%d.%m.%Y"), id="simple"),
        pytest.param("03-21-27", DateFormat("%m-%d-%y"), id="two-digit"),
        pytest.param("2027.21.03", DateFormat("%Y.%d.%m"), id="odd-order"),
        pytest.param("21.03.2027 15:00", DateFormat("%d.%m.%Y %H:%M"), id="time"),
        pytest.param("Sunday 21 March 2027", DateFormat("%A %d %B %Y"), id="names"),
    ],
)
def test_parse_date_explicit_format(value: str, style: DateFormat) -> None:
    assert parse_date(value, style) == MARCH_21


@pytest.mark.parametrize(
    ("value", "style", "message"),
    [
        pytest.param("31.02.2027", DMY, "31.02.2027 is not a real date", id="feb-31"),
        pytest.param("31/04/2027", DMY, "31/04/2027 is not a real date", id="apr-31"),
        pytest.param(
            "29.02.2027", DMY, "29.02.2027 is not a real date", id="not-leap-year"
        ),
        pytest.param(
            "03/31/2027",
            DMY,
            "03/31/2027 is not a real date with the day first",
            id="wrong-order",
        ),
        pytest.param(
            "31/03/2027",
            MDY,
            "31/03/2027 is not a real date with the month first",
            id="wrong-order-mdy",
        ),
        pytest.param("2027-02-30", MDY, "2027-02-30 is not a real date", id="iso"),
        pytest.param("30 Feb 2027", DMY, "30 Feb 2027 is not a real date", id="name"),
        pytest.param("soon", DMY, "soon is not a date", id="text"),
        pytest.param("12345", DMY, "12345 is not a date", id="small-serial"),
        pytest.param("21 Foo 2027", DMY, "21 Foo 2027 is not a date", id="no-month"),
        pytest.param(
            "0027-03-21", DMY, "0027-03-21 has an implausible year 27", id="year"
        ),
        pytest.param(
            "05.03.2027",
            YMD,
            "05.03.2027 does not show whether the day or the month comes first",
            id="no-order",
        ),
        pytest.param(
            "31.02.2027",
            DateFormat("%d.%m.%Y"),
            "31.02.2027 is not a real date",
            id="format-feb-31",
        ),
        pytest.param(
            "2027-03-21",
            DateFormat("%d.%m.%Y"),
            "2027-03-21 does not have the date format %d.%m.%Y",
            id="format-mismatch",
        ),
        pytest.param(
            "31.02.2027 10:00",
            DateFormat("%d.%m.%Y %H:%M"),
            "31.02.2027 10:00 is not a real date",
            id="strptime-feb-31",
        ),
    ],
)
def test_parse_date_rejects(value: str, style: DateOrder, message: str) -> None:
    with pytest.raises(DateValueError) as raised:
        parse_date(value, style)
    assert str(raised.value) == message


def test_parse_date_error_is_value_error() -> None:
    with pytest.raises(ValueError, match="is not a real date"):
        parse_date("31.02.2027", DMY)


def _detector(*values: str) -> DateOrderDetector:
    detector = DateOrderDetector()
    for value in values:
        detector.feed(value)
    return detector


def test_detector_day_over_twelve() -> None:
    decision = _detector("01.02.2027", "31.03.2027", "14.04.2027").decide()
    assert decision.order is DMY


def test_detector_day_first_sentence() -> None:
    decision = _detector("01.02.2027", "31.03.2027", "14.04.2027").decide()
    assert decision.explanation == (
        "day first, because 31.03.2027 (as do 1 more) has a number over 12 "
        "where the month would be"
    )


def test_detector_month_over_twelve() -> None:
    decision = _detector("02/01/2027", "03/31/2027").decide("DMY")
    assert decision.order is MDY


def test_detector_month_first_sentence() -> None:
    decision = _detector("02/01/2027", "03/31/2027").decide()
    assert decision.explanation == (
        "month first, because 03/31/2027 has a number over 12 where the day would be"
    )


def test_detector_evidence_beats_default() -> None:
    decision = _detector("01.02.2027", "13.02.2027").decide("MDY")
    assert decision.order is DMY


def test_detector_mixed_orders_rejected() -> None:
    detector = _detector("01/02/2027", "31/03/2027", "03/31/2027")
    with pytest.raises(FileRejected) as raised:
        detector.decide("DMY")
    assert str(raised.value) == (
        "The export mixes date orders: 31/03/2027 has the day first but "
        "03/31/2027 has the month first. Correct the dates in the export, or "
        "give --date-format to read every date one way."
    )


@pytest.mark.parametrize(
    ("default", "order"),
    [pytest.param("DMY", DMY, id="dmy"), pytest.param("MDY", MDY, id="mdy")],
)
def test_detector_uses_default(default: str, order: DateOrder) -> None:
    decision = _detector("01.02.2027", "03.04.2027").decide(default)
    assert decision.order is order


def test_detector_default_sentence() -> None:
    decision = _detector("01.02.2027", "03.04.2027").decide("DMY")
    assert decision.explanation == (
        "day first, the usual order in the hotel's country, because no date "
        "shows the order (such as 01.02.2027)"
    )


@pytest.mark.parametrize(
    ("values", "formats"),
    [
        pytest.param(("01.02.2027",), ("%d.%m.%Y", "%m.%d.%Y"), id="dots"),
        pytest.param(("01/02/2027",), ("%d/%m/%Y", "%m/%d/%Y"), id="slashes"),
        pytest.param(("01-02-27",), ("%d-%m-%y", "%m-%d-%y"), id="short-year"),
    ],
)
def test_detector_unclear_names_flags(
    values: tuple[str, ...], formats: tuple[str, str]
) -> None:
    with pytest.raises(FileRejected) as raised:
        _detector(*values).decide(None)
    assert str(raised.value) == (
        "The dates in the export do not show whether the day or the month comes "
        f"first: {values[0]} could be either. Give --date-format {formats[0]} if "
        f"the day comes first, or --date-format {formats[1]} if the month comes "
        "first."
    )


def test_detector_year_first_default_unclear() -> None:
    with pytest.raises(FileRejected):
        _detector("01.02.2027").decide("YMD")


def test_detector_iso_needs_no_order() -> None:
    decision = _detector("2027-02-01", "Mar 12, 2027", "").decide(None)
    assert decision.order is YMD


def test_detector_iso_sentence() -> None:
    decision = _detector("2027-02-01").decide(None)
    assert decision.explanation == (
        "no order needed: every date is year first or names its month"
    )


def test_detector_empty_file() -> None:
    decision = _detector().decide(None)
    assert decision.explanation == "no order needed: the export has no dates"


def test_detector_counts_kinds() -> None:
    detector = _detector("31.01.2027", "01.31.2027", "01.02.2027", "x", "  ")
    counts = (
        detector.day_first,
        detector.month_first,
        detector.unclear,
        detector.other,
    )
    assert counts == (1, 1, 1, 1)


def test_detector_ignores_impossible_parts() -> None:
    detector = _detector("31.31.2027", "00.05.2027")
    assert detector.day_first + detector.month_first + detector.unclear == 0


@pytest.mark.parametrize(
    ("country", "order"),
    [
        pytest.param("DE", "DMY", id="germany"),
        pytest.param("gb", "DMY", id="lower-case"),
        pytest.param("US", "MDY", id="united-states"),
        pytest.param("JP", "YMD", id="japan"),
        pytest.param("CA", None, id="canada-mixed"),
        pytest.param("XX", None, id="unknown"),
        pytest.param("", None, id="empty"),
    ],
)
def test_default_date_order(country: str, order: str | None) -> None:
    assert default_date_order(country) == order


MONTH_NAMES = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip

# Each style writes a date the way some export does, and names the order or
# format that reads it back.
STYLES: dict[str, tuple[Callable[[datetime.date], str], DateStyle]] = {
    "iso": (lambda d: d.isoformat(), DMY),
    "iso-z": (lambda d: f"{d.isoformat()}T23:59:59Z", MDY),
    "iso-offset": (lambda d: f"{d.isoformat()}T00:00:00+09:30", DMY),
    "dmy-dots": (lambda d: d.strftime("%d.%m.%Y"), DMY),
    "dmy-slashes": (lambda d: d.strftime("%d/%m/%Y"), DMY),
    "dmy-dashes": (lambda d: d.strftime("%d-%m-%Y"), DMY),
    "dmy-short-year": (lambda d: d.strftime("%d.%m.%y"), DMY),
    "dmy-no-zeros": (lambda d: f"{d.day}.{d.month}.{d.year}", DMY),
    "mdy-slashes": (lambda d: d.strftime("%m/%d/%Y"), MDY),
    "mdy-short-year": (lambda d: f"{d.month}/{d.day}/{d:%y}", MDY),
    "day-mon-year": (lambda d: f"{d.day:02d}-{MONTH_NAMES[d.month - 1]}-{d.year}", MDY),
    "mon-day-year": (lambda d: f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}", DMY),
    "excel": (lambda d: str((d - datetime.date(1899, 12, 30)).days), DMY),
    "format": (lambda d: d.strftime("%Y%m%d"), DateFormat("%Y%m%d")),
    "format-time": (lambda d: d.strftime("%d %m %Y %H"), DateFormat("%d %m %Y %H")),
}


@given(
    date=st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)),
    style=st.sampled_from(sorted(STYLES)),
)
def test_parse_date_round_trip(date: datetime.date, style: str) -> None:
    write, read_style = STYLES[style]
    assert parse_date(write(date), read_style) == date


@given(st.dates(datetime.date(2000, 1, 13), datetime.date(2099, 12, 31)))
def test_detector_finds_day_first(date: datetime.date) -> None:
    detector = _detector("01.02.2027", date.strftime("%d.%m.%Y"))
    if date.day > 12:
        assert detector.decide(None).order is DMY
    else:
        assert detector.unclear == 2


def test_check_date_format() -> None:
    assert check_date_format("%d.%m.%Y") == DateFormat("%d.%m.%Y")


@pytest.mark.parametrize(
    ("pattern", "missing"),
    [
        pytest.param("%d.%m", "year", id="no-year"),
        pytest.param("%Y-%m", "day", id="no-day"),
        pytest.param("", "day or month or year", id="empty"),
    ],
)
def test_check_bad_date_format(pattern: str, missing: str) -> None:
    with pytest.raises(FileRejected) as raised:
        check_date_format(pattern)
    assert str(raised.value) == (
        f"--date-format '{pattern}' has no {missing}. Give a format such as "
        "%d.%m.%Y (31.03.2027) or %m/%d/%Y (03/31/2027)."
    )


def test_decision_text_and_sentence() -> None:
    decision = _detector("31.03.2027").decide(None)
    assert (decision.style_text(), decision.describe()) == (
        "DMY",
        "day first, because 31.03.2027 has a number over 12 where the month would be",
    )
