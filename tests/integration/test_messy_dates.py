"""Check-in and check-out dates in the forms exports write, end to end."""

from __future__ import annotations

from datetime import date

import pytest

from precheckin.db.connection import Database
from precheckin.errors import FileRejected
from tests.helpers import add_hotel
from tests.messy_support import (
    booking,
    failures,
    import_export,
    lines,
    references,
    states,
)

HEADER = "Booking Reference,Guest Name,Email,Check-in,Check-out"


def export(*stays: tuple[str, str]) -> bytes:
    """Return an export with one booking per (check-in, check-out) pair."""
    rows = [
        f"R{number},Guest {number},guest{number}@example.com,{checkin},{checkout}"
        for number, (checkin, checkout) in enumerate(stays, 1)
    ]
    return lines(HEADER, *rows).encode()


def count_rows(conn) -> int:
    return conn.execute("SELECT count(*) AS n FROM import_rows").fetchone()["n"]


# Nine stays whose dates could be read either way, then one that could not.
AMBIGUOUS = [(f"0{day}/04/2028", f"0{day + 1}/04/2028") for day in range(1, 9)]


@pytest.mark.parametrize(
    ("settling", "country", "first_checkin", "order"),
    [
        pytest.param(
            ("13/04/2028", "14/04/2028"),
            "US",
            date(2028, 4, 1),
            "day first, because 13/04/2028",
            id="day-first-in-us-hotel",
        ),
        pytest.param(
            ("04/13/2028", "04/14/2028"),
            "DE",
            date(2028, 1, 4),
            "month first, because 04/13/2028",
            id="month-first-in-german-hotel",
        ),
    ],
)
def test_last_row_settles_whole_column(
    conn,
    database: Database,
    settling: tuple[str, str],
    country: str,
    first_checkin: date,
    order: str,
) -> None:
    # The settling value is the tenth row, in the second set of seven rows:
    # the order is decided for the file, not for each row or set.
    data = export(*AMBIGUOUS, settling)
    hotel = add_hotel(conn, country=country)
    summary = import_export(conn, database, hotel, data)

    assert booking(conn, "R1")["checkin_date"] == first_checkin
    assert summary.format["date_order"].startswith(order)
    assert states(summary) == {"notified": 9}


def test_ambiguous_dates_rejected_without_locale(conn, database: Database) -> None:
    # Canada writes dates both ways, so its hotels have no usual order.
    hotel = add_hotel(conn, country="CA")
    with pytest.raises(FileRejected) as raised:
        import_export(conn, database, hotel, export(*AMBIGUOUS))

    message = str(raised.value)
    assert "01/04/2028 could be either" in message
    assert "--date-format %d/%m/%Y" in message
    assert "--date-format %m/%d/%Y" in message
    assert count_rows(conn) == 0


@pytest.mark.parametrize(
    ("country", "checkin", "order"),
    [
        pytest.param("DE", date(2028, 4, 1), "day first", id="germany"),
        pytest.param("US", date(2028, 1, 4), "month first", id="united-states"),
    ],
)
def test_hotel_country_settles_ambiguous_dates(
    conn, database: Database, country: str, checkin: date, order: str
) -> None:
    hotel = add_hotel(conn, country=country)
    summary = import_export(conn, database, hotel, export(*AMBIGUOUS))

    assert booking(conn, "R1")["checkin_date"] == checkin
    assert summary.format["date_order"] == (
        f"{order}, the usual order in the hotel's country, because no date "
        "shows the order (such as 01/04/2028)"
    )


def test_date_format_flag_settles_dates(conn, database: Database) -> None:
    hotel = add_hotel(conn, country="CA")
    summary = import_export(
        conn, database, hotel, export(*AMBIGUOUS), date_format="%m/%d/%Y"
    )

    assert booking(conn, "R1")["checkin_date"] == date(2028, 1, 4)
    assert summary.format["date_order"] == "as given: --date-format %m/%d/%Y"


def test_mixed_orders_rejected_whole_file(conn, database: Database) -> None:
    data = export(("13/04/2027", "14/04/2027"), ("04/15/2027", "04/16/2027"))
    with pytest.raises(FileRejected) as raised:
        import_export(conn, database, add_hotel(conn), data)

    message = str(raised.value)
    assert "13/04/2027 has the day first but 04/15/2027 has the month first" in (
        message
    )
    assert count_rows(conn) == 0


def test_impossible_dates_fail_their_row(conn, database: Database) -> None:
    data = export(
        ("31/04/2027", "02/05/2027"),
        ("27/02/2027", "29/02/2027"),
        ("28/02/2028", "01/03/2028"),
        ("29/02/2028", "02/03/2028"),
    )
    summary = import_export(conn, database, add_hotel(conn), data)

    assert failures(summary) == [
        (2, "check-in '31/04/2027' is not a real date"),
        (3, "check-out '29/02/2027' is not a real date"),
    ]
    assert references(conn) == ["R3", "R4"]
    assert booking(conn, "R4")["checkin_date"] == date(2028, 2, 29)
    assert states(summary) == {"notified": 2, "failed": 2}


@pytest.mark.parametrize(
    ("checkin", "checkout", "expected"),
    [
        pytest.param(
            "46456", "46458", (date(2027, 3, 10), date(2027, 3, 12)), id="excel-serial"
        ),
        pytest.param(
            "46456.625",
            "46458.4166666667",
            (date(2027, 3, 10), date(2027, 3, 12)),
            id="excel-serial-with-time",
        ),
        pytest.param(
            "2027-03-10T23:30:00-05:00",
            "2027-03-12T00:30:00+02:00",
            (date(2027, 3, 10), date(2027, 3, 12)),
            id="iso-with-offset",
        ),
        pytest.param(
            "2027-03-10T23:30:00Z",
            "2027-03-12T00:15:00.000Z",
            (date(2027, 3, 10), date(2027, 3, 12)),
            id="iso-with-z",
        ),
        pytest.param(
            "2027-03-10 15:00",
            "2027-03-12 11:00:00",
            (date(2027, 3, 10), date(2027, 3, 12)),
            id="iso-with-time",
        ),
        pytest.param(
            "12-Mar-2027",
            "15-Mar-2027",
            (date(2027, 3, 12), date(2027, 3, 15)),
            id="english-month",
        ),
        pytest.param(
            "12-Mar-27",
            '"Mar 15, 2027"',
            (date(2027, 3, 12), date(2027, 3, 15)),
            id="english-month-two-digit-year",
        ),
        pytest.param(
            "13.03.27",
            "15.03.27",
            (date(2027, 3, 13), date(2027, 3, 15)),
            id="two-digit-year",
        ),
    ],
)
def test_date_forms_give_calendar_date(
    conn, database: Database, checkin: str, checkout: str, expected: tuple[date, date]
) -> None:
    summary = import_export(
        conn, database, add_hotel(conn), export((checkin, checkout))
    )

    stored = booking(conn, "R1")
    assert (stored["checkin_date"], stored["checkout_date"]) == expected
    assert states(summary) == {"notified": 1}
