"""Reservation exports of Booking.com, Airbnb and Expedia, and one row per room."""

from __future__ import annotations

from datetime import date

import pytest

from precheckin.db.connection import Database
from tests.helpers import add_hotel
from tests.messy_support import (
    booking,
    import_export,
    lines,
    links,
    references,
    states,
)

BOOKING_COM = lines(
    "Book number,Booked by,Guest name(s),Check-in,Check-out,Booked on,Status,"
    "Rooms,Persons,Adults,Children,Price,Commission %,Payment status,Remarks,"
    "Booker country,Unit type,Duration (nights),Cancellation date,Phone number",
    "4012345678,Sample Anna,Anna Sample,2027-03-10,2027-03-12,2027-01-05 14:22:10,"
    "ok,1,2,2,0,240 EUR,15,Paid online,,de,Double Room,2,,+49 151 23456789",
    "4012345679,Roe Max,Max Roe,2027-03-11,2027-03-14,2027-01-06 09:01:44,"
    "cancelled_by_guest,1,1,1,0,300 EUR,15,,,gb,Single Room,3,2027-02-01,"
    "+44 7911 123456",
    "4012345680,Weiss Zoe,Zoë Weiß,2027-03-12,2027-03-13,2027-01-07 18:45:00,"
    "no_show,1,2,2,0,120 EUR,15,,,at,Double Room,1,,+43 664 1234567",
)

AIRBNB = lines(
    "Confirmation code,Status,Guest name,Contact,# of adults,# of children,"
    "# of infants,Start date,End date,# of nights,Booked,Listing,Earnings",
    "HMABCDE123,Confirmed,Anna Sample,+1 (415) 555-0123,2,0,0,3/10/2027,"
    '3/12/2027,2,2/1/2027,Loft in Mitte,"$240.00"',
    "HMABCDE124,Canceled by guest,Max Roe,+44 7911 123456,1,0,0,3/11/2027,"
    '3/14/2027,3,2/2/2027,Loft in Mitte,"$0.00"',
    "HMABCDE125,Currently hosting,Zoë Weiß,+43 664 1234567,2,0,0,2/27/2027,"
    '3/2/2027,3,1/15/2027,Loft in Mitte,"$360.00"',
)

EXPEDIA = lines(
    "Reservation ID,Confirmation #,Guest,Email,Phone,Room,Check-in,Check-out,"
    "Adults,Status,Booked on,Total",
    "987654321,HTL-1,Anna Sample,anna@example.com,,Deluxe King,"
    "10-Mar-2027,12-Mar-2027,2,Confirmed,05-Jan-2027,480.00",
    "987654322,HTL-2,Max Roe,max@example.com,,Standard Queen,"
    "11-Mar-2027,14-Mar-2027,1,Cancelled,06-Jan-2027,0.00",
    "987654323,HTL-3,Zoë Weiß,zoe@example.com,,Standard Queen,"
    "12-Mar-2027,13-Mar-2027,2,No show,07-Jan-2027,120.00",
)


@pytest.mark.parametrize(
    ("data", "mapping"),
    [
        pytest.param(
            BOOKING_COM,
            {
                "booking_reference": "Book number",
                "guest_name": "Guest name(s)",
                "phone": "Phone number",
                "checkin": "Check-in",
                "checkout": "Check-out",
                "guests": "Persons",
                "status": "Status",
            },
            id="booking-com",
        ),
        pytest.param(
            AIRBNB,
            {
                "booking_reference": "Confirmation code",
                "guest_name": "Guest name",
                "phone": "Contact",
                "checkin": "Start date",
                "checkout": "End date",
                "status": "Status",
            },
            id="airbnb",
        ),
        pytest.param(
            EXPEDIA,
            {
                "booking_reference": "Reservation ID",
                "guest_name": "Guest",
                "phone": "Phone",
                "email": "Email",
                "checkin": "Check-in",
                "checkout": "Check-out",
                "room": "Room",
                "status": "Status",
            },
            id="expedia",
        ),
    ],
)
def test_site_export_maps_itself(
    conn, database: Database, data: str, mapping: dict[str, str]
) -> None:
    summary = import_export(conn, database, add_hotel(conn), data.encode())

    assert summary.mapping == mapping
    assert summary.failed_rows == []
    assert summary.warnings == []


@pytest.mark.parametrize(
    ("data", "references", "statuses"),
    [
        pytest.param(
            BOOKING_COM,
            ("4012345678", "4012345679", "4012345680"),
            ("CONFIRMED", "CANCELLED", "NO_SHOW"),
            id="booking-com",
        ),
        pytest.param(
            AIRBNB,
            ("HMABCDE123", "HMABCDE124", "HMABCDE125"),
            ("CONFIRMED", "CANCELLED", "CHECKED_IN"),
            id="airbnb",
        ),
        pytest.param(
            EXPEDIA,
            ("987654321", "987654322", "987654323"),
            ("CONFIRMED", "CANCELLED", "NO_SHOW"),
            id="expedia",
        ),
    ],
)
def test_site_statuses_understood(
    conn,
    database: Database,
    data: str,
    references: tuple[str, str, str],
    statuses: tuple[str, str, str],
) -> None:
    summary = import_export(conn, database, add_hotel(conn), data.encode())

    stored = tuple(booking(conn, reference)["status"] for reference in references)
    assert stored == statuses
    # Only the confirmed guest gets a link; the others are still stored.
    assert [link[0] for link in links(conn)] == [references[0]]
    assert states(summary) == {"notified": 1, "completed": 2}


def test_booking_com_values(conn, database: Database) -> None:
    import_export(conn, database, add_hotel(conn), BOOKING_COM.encode())
    stored = booking(conn, "4012345678")

    assert stored["guest_name"] == "Anna Sample"
    assert stored["phone"] == "+4915123456789"
    assert stored["guests"] == 2
    assert stored["checkin_date"] == date(2027, 3, 10)


def test_airbnb_dates_read_month_first(conn, database: Database) -> None:
    summary = import_export(conn, database, add_hotel(conn), AIRBNB.encode())
    stored = booking(conn, "HMABCDE124")

    assert stored["checkin_date"] == date(2027, 3, 11)
    assert stored["checkout_date"] == date(2027, 3, 14)
    assert stored["phone"] == "+447911123456"
    assert summary.format["date_order"].startswith("month first, because 3/14/2027")


def test_expedia_month_names(conn, database: Database) -> None:
    import_export(conn, database, add_hotel(conn), EXPEDIA.encode())
    stored = booking(conn, "987654321")

    assert stored["checkin_date"] == date(2027, 3, 10)
    assert stored["checkout_date"] == date(2027, 3, 12)
    assert stored["room"] == "Deluxe King"


ROOMS_HEADER = "Booking Reference,Guest Name,Phone,Check-in,Check-out,Room,Guests"


def test_rows_per_room_make_one_booking(conn, database: Database) -> None:
    data = lines(
        ROOMS_HEADER,
        "G1,Anna Sample,+49 151 23456789,2027-03-10,2027-03-12,101,2",
        "G1,Anna Sample,+49 151 23456789,2027-03-10,2027-03-12,102,1",
        "G1,Anna Sample,+49 151 23456789,2027-03-10,2027-03-13,103,2",
        "G2,Ben Example,+49 151 87654321,2027-03-11,2027-03-12,201,1",
    ).encode()
    summary = import_export(conn, database, add_hotel(conn), data)

    stored = booking(conn, "G1")
    assert stored["room"] == "101, 102, 103"
    assert stored["guests"] == 5
    assert stored["checkout_date"] == date(2027, 3, 13)
    assert links(conn) == [("G1", "whatsapp", "pending"), ("G2", "whatsapp", "pending")]
    assert summary.bookings["created"] == 2
    assert summary.links == {"whatsapp": 2, "email": 0}
    assert states(summary) == {"notified": 4}


# Seven other guests, so that with sets of seven rows the last line of an
# export that starts with G1 lies in the second set.
OTHER_GUESTS = [
    f"O{n},Guest {n},+49 151 2345670{n},2027-03-10,2027-03-12,20{n},1"
    for n in range(1, 8)
]


def test_rooms_across_sets_make_one_booking(conn, database: Database) -> None:
    # Sets hold seven rows, so G1's second room arrives in the second set.
    data = lines(
        ROOMS_HEADER,
        "G1,Anna Sample,+49 151 23456789,2027-03-10,2027-03-12,101,2",
        *OTHER_GUESTS,
        "G1,Anna Sample,+49 151 23456789,2027-03-10,2027-03-12,102,1",
    ).encode()
    summary = import_export(conn, database, add_hotel(conn), data)

    stored = booking(conn, "G1")
    assert stored["room"] == "101, 102"
    assert stored["guests"] == 3
    assert [link for link in links(conn) if link[0] == "G1"] == [
        ("G1", "whatsapp", "pending")
    ]
    assert summary.bookings["created"] == 8
    assert summary.links == {"whatsapp": 8, "email": 0}


def test_rooms_across_sets_keep_contact_and_dates(conn, database: Database) -> None:
    # Some exports give the contact only on a reservation's first row, and
    # rooms of one reservation may leave on different days.
    data = lines(
        ROOMS_HEADER,
        "G1,Anna Sample,+49 151 23456789,2027-03-10,2027-03-14,101,2",
        *OTHER_GUESTS,
        "G1,Anna Sample,,2027-03-09,2027-03-12,102,1",
    ).encode()
    import_export(conn, database, add_hotel(conn), data)

    stored = booking(conn, "G1")
    assert stored["phone"] == "+4915123456789"
    assert stored["checkin_date"] == date(2027, 3, 9)
    assert stored["checkout_date"] == date(2027, 3, 14)
    assert stored["room"] == "101, 102"
    assert stored["guests"] == 3


def test_rooms_reimport_changes_nothing(conn, database: Database) -> None:
    data = lines(
        ROOMS_HEADER,
        "G1,Anna Sample,+49 151 23456789,2027-03-10,2027-03-12,101,2",
        *OTHER_GUESTS,
        "G1,Anna Sample,+49 151 23456789,2027-03-10,2027-03-12,102,1",
    ).encode()
    hotel = add_hotel(conn)
    import_export(conn, database, hotel, data)
    summary = import_export(conn, database, hotel, data)

    assert booking(conn, "G1")["room"] == "101, 102"
    assert summary.bookings == {
        "created": 0,
        "updated": 0,
        "unchanged": 8,
        "cancelled": 0,
    }
    assert summary.links == {"whatsapp": 0, "email": 0}


def test_rooms_reimport_keeps_reminder_stamps(conn, database: Database) -> None:
    # The rooms read different dates and lie in different sets of seven rows.
    # A re-import that wrote them apart would move the check-in date and back,
    # and each move clears the stamps that keep a reminder from going twice.
    data = lines(
        ROOMS_HEADER,
        "G1,Anna Sample,+49 151 23456789,2027-03-10,2027-03-14,101,2",
        *OTHER_GUESTS,
        "G1,Anna Sample,+49 151 23456789,2027-03-09,2027-03-12,102,1",
    ).encode()
    hotel = add_hotel(conn)
    import_export(conn, database, hotel, data)
    conn.execute(
        "UPDATE bookings SET precheckin_reminder1_sent_at = '2027-03-08 09:00+00'"
        " WHERE booking_reference = 'G1'"
    )
    summary = import_export(conn, database, hotel, data)

    stored = booking(conn, "G1")
    assert stored["checkin_date"] == date(2027, 3, 9)
    assert stored["precheckin_reminder1_sent_at"] is not None
    assert summary.bookings["updated"] == 0


def test_reference_in_scientific_notation_fails(conn, database: Database) -> None:
    # Excel shows a 12-digit number as 4.01235E+11 and saves it so: different
    # reservations would share that reference and merge into one booking.
    data = lines(
        "Book number,Guest name(s),Check-in,Check-out,Phone number",
        "4.01235E+11,Anna Sample,2027-03-10,2027-03-12,+49 151 23456789",
        "4.01235E+11,Max Roe,2027-03-11,2027-03-14,+44 7911 123456",
        "401234567890,Zoë Weiß,2027-03-12,2027-03-13,+43 664 1234567",
    ).encode()
    summary = import_export(conn, database, add_hotel(conn), data)

    reason = (
        "booking reference '4.01235E+11' lost its last digits in a spreadsheet "
        "(scientific notation); export the column as text"
    )
    assert [failure.message for failure in summary.failed_rows] == [reason, reason]
    assert references(conn) == ["401234567890"]
    assert states(summary) == {"notified": 1, "failed": 2}
