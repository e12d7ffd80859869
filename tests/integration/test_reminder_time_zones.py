"""Reminders are due by the hotel's local date and time, across zones and DST days."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import psycopg
import pytest

from precheckin.reminders import ReminderSettings, queue_reminders
from tests.integration.reminder_fixtures import (
    DEFAULT_WINDOWS,
    WHOLE_DAY,
    add_booking,
    add_hotel,
    queued,
    utc,
)

R1 = "precheckin_reminder_1"
R2 = "precheckin_reminder_2"

MAY_10 = date(2026, 5, 10)
# Europe/Berlin moves to CEST at 01:00 UTC on 2026-03-29 and back to CET at
# 01:00 UTC on 2026-10-25.
MAR_29 = date(2026, 3, 29)
MAR_30 = date(2026, 3, 30)
OCT_25 = date(2026, 10, 25)
OCT_26 = date(2026, 10, 26)

TOKYO = "Asia/Tokyo"
LOS_ANGELES = "America/Los_Angeles"
KIRITIMATI = "Pacific/Kiritimati"
PAGO_PAGO = "Pacific/Pago_Pago"
BERLIN = "Europe/Berlin"
DEFAULT = DEFAULT_WINDOWS
ALL_DAY = WHOLE_DAY


def due(
    zone: str,
    checkin: date,
    instant: str,
    windows: ReminderSettings,
    expected: str | None,
    case_id: str,
) -> Any:
    """Return one case: a booking in `zone`, the instant, and the reminder due."""
    return pytest.param(zone, checkin, utc(instant), windows, expected, id=case_id)


# The id gives the hotel's local date or day (d = check-in day) and time.
CASES = [
    due(TOKYO, MAY_10, "2026-05-08T20:59Z", DEFAULT, None, "tokyo-d-1-0559"),
    due(TOKYO, MAY_10, "2026-05-08T21:00Z", DEFAULT, R1, "tokyo-d-1-0600"),
    due(TOKYO, MAY_10, "2026-05-09T12:59Z", DEFAULT, R1, "tokyo-d-1-2159"),
    due(TOKYO, MAY_10, "2026-05-09T13:00Z", DEFAULT, None, "tokyo-d-1-2200"),
    due(TOKYO, MAY_10, "2026-05-09T14:59Z", ALL_DAY, R1, "tokyo-d-1-2359"),
    due(TOKYO, MAY_10, "2026-05-09T15:00Z", ALL_DAY, R2, "tokyo-d-0000"),
    due(TOKYO, MAY_10, "2026-05-09T20:59Z", DEFAULT, None, "tokyo-d-0559"),
    due(TOKYO, MAY_10, "2026-05-09T21:00Z", DEFAULT, R2, "tokyo-d-0600"),
    due(TOKYO, MAY_10, "2026-05-10T02:59Z", DEFAULT, R2, "tokyo-d-1159"),
    due(TOKYO, MAY_10, "2026-05-10T03:00Z", DEFAULT, None, "tokyo-d-1200"),
    due(LOS_ANGELES, MAY_10, "2026-05-09T12:59Z", DEFAULT, None, "la-d-1-0559"),
    due(LOS_ANGELES, MAY_10, "2026-05-09T13:00Z", DEFAULT, R1, "la-d-1-0600"),
    due(LOS_ANGELES, MAY_10, "2026-05-10T06:59Z", ALL_DAY, R1, "la-d-1-2359"),
    due(LOS_ANGELES, MAY_10, "2026-05-10T07:00Z", ALL_DAY, R2, "la-d-0000"),
    due(LOS_ANGELES, MAY_10, "2026-05-10T12:59Z", DEFAULT, None, "la-d-0559"),
    due(LOS_ANGELES, MAY_10, "2026-05-10T13:00Z", DEFAULT, R2, "la-d-0600"),
    due(LOS_ANGELES, MAY_10, "2026-05-10T19:00Z", DEFAULT, None, "la-d-1200"),
    due(KIRITIMATI, MAY_10, "2026-05-08T15:59Z", DEFAULT, None, "kiritimati-d-1-0559"),
    due(KIRITIMATI, MAY_10, "2026-05-08T16:00Z", DEFAULT, R1, "kiritimati-d-1-0600"),
    due(KIRITIMATI, MAY_10, "2026-05-09T09:59Z", ALL_DAY, R1, "kiritimati-d-1-2359"),
    due(KIRITIMATI, MAY_10, "2026-05-09T10:00Z", ALL_DAY, R2, "kiritimati-d-0000"),
    due(KIRITIMATI, MAY_10, "2026-05-09T15:59Z", DEFAULT, None, "kiritimati-d-0559"),
    due(KIRITIMATI, MAY_10, "2026-05-09T16:00Z", DEFAULT, R2, "kiritimati-d-0600"),
    due(PAGO_PAGO, MAY_10, "2026-05-09T16:59Z", DEFAULT, None, "pago-pago-d-1-0559"),
    due(PAGO_PAGO, MAY_10, "2026-05-09T17:00Z", DEFAULT, R1, "pago-pago-d-1-0600"),
    due(PAGO_PAGO, MAY_10, "2026-05-10T10:59Z", ALL_DAY, R1, "pago-pago-d-1-2359"),
    due(PAGO_PAGO, MAY_10, "2026-05-10T11:00Z", ALL_DAY, R2, "pago-pago-d-0000"),
    due(PAGO_PAGO, MAY_10, "2026-05-10T16:59Z", DEFAULT, None, "pago-pago-d-0559"),
    due(PAGO_PAGO, MAY_10, "2026-05-10T17:00Z", DEFAULT, R2, "pago-pago-d-0600"),
    # Check-in on the spring change day: midnight is still CET, 06:00 is CEST.
    due(BERLIN, MAR_29, "2026-03-28T05:00Z", DEFAULT, R1, "berlin-mar-28-0600-cet"),
    due(BERLIN, MAR_29, "2026-03-28T22:59Z", ALL_DAY, R1, "berlin-mar-28-2359-cet"),
    due(BERLIN, MAR_29, "2026-03-28T23:00Z", ALL_DAY, R2, "berlin-mar-29-0000-cet"),
    due(BERLIN, MAR_29, "2026-03-29T03:59Z", DEFAULT, None, "berlin-mar-29-0559-cest"),
    due(BERLIN, MAR_29, "2026-03-29T04:00Z", DEFAULT, R2, "berlin-mar-29-0600-cest"),
    due(BERLIN, MAR_29, "2026-03-29T04:30Z", DEFAULT, R2, "berlin-mar-29-0630-cest"),
    # Check-in the day after: the day before it is 23 hours long.
    due(
        BERLIN,
        MAR_30,
        "2026-03-29T03:59Z",
        DEFAULT,
        None,
        "berlin-mar-29-0559-cest-d-1",
    ),
    due(
        BERLIN, MAR_30, "2026-03-29T04:00Z", DEFAULT, R1, "berlin-mar-29-0600-cest-d-1"
    ),
    due(
        BERLIN, MAR_30, "2026-03-29T21:59Z", ALL_DAY, R1, "berlin-mar-29-2359-cest-d-1"
    ),
    due(BERLIN, MAR_30, "2026-03-29T22:00Z", ALL_DAY, R2, "berlin-mar-30-0000-cest"),
    # Check-in on the autumn change day: midnight is still CEST, 06:00 is CET.
    due(BERLIN, OCT_25, "2026-10-24T21:59Z", ALL_DAY, R1, "berlin-oct-24-2359-cest"),
    due(BERLIN, OCT_25, "2026-10-24T22:00Z", ALL_DAY, R2, "berlin-oct-25-0000-cest"),
    due(BERLIN, OCT_25, "2026-10-25T04:30Z", DEFAULT, None, "berlin-oct-25-0530-cet"),
    due(BERLIN, OCT_25, "2026-10-25T04:59Z", DEFAULT, None, "berlin-oct-25-0559-cet"),
    due(BERLIN, OCT_25, "2026-10-25T05:00Z", DEFAULT, R2, "berlin-oct-25-0600-cet"),
    # Check-in the day after: the day before it is 25 hours long.
    due(
        BERLIN, OCT_26, "2026-10-25T04:59Z", DEFAULT, None, "berlin-oct-25-0559-cet-d-1"
    ),
    due(BERLIN, OCT_26, "2026-10-25T05:00Z", DEFAULT, R1, "berlin-oct-25-0600-cet-d-1"),
    due(BERLIN, OCT_26, "2026-10-25T22:59Z", ALL_DAY, R1, "berlin-oct-25-2359-cet-d-1"),
    due(BERLIN, OCT_26, "2026-10-25T23:00Z", ALL_DAY, R2, "berlin-oct-26-0000-cet"),
]


@pytest.mark.parametrize(
    ("zone", "checkin", "instant", "windows", "expected"),
    CASES,
)
def test_reminder_due_at_local_time(
    conn: psycopg.Connection[Any],
    zone: str,
    checkin: date,
    instant: datetime,
    windows: ReminderSettings,
    expected: str | None,
) -> None:
    hotel_id = add_hotel(conn, zone)
    booking_id = add_booking(conn, hotel_id, checkin, email=None)

    queue_reminders(conn, now=instant, settings=windows)

    assert queued(conn, booking_id) == ([(expected, "whatsapp")] if expected else [])


def test_one_instant_four_zones(conn: psycopg.Connection[Any]) -> None:
    # At 16:00 UTC on 9 May 2026 it is 06:00 on 10 May in Kiritimati, 05:00 on
    # 9 May in Pago Pago, 01:00 on 10 May in Tokyo and 09:00 on 9 May in Los
    # Angeles. Every booking checks in on 10 May.
    bookings = {
        zone: add_booking(conn, add_hotel(conn, zone), MAY_10, phone=None)
        for zone in (
            "Pacific/Kiritimati",
            "Pacific/Pago_Pago",
            "Asia/Tokyo",
            "America/Los_Angeles",
        )
    }

    queue_reminders(conn, now=utc("2026-05-09T16:00Z"), settings=DEFAULT_WINDOWS)

    assert queued(conn, bookings["Pacific/Kiritimati"]) == [(R2, "email")]
    assert queued(conn, bookings["Pacific/Pago_Pago"]) == []
    assert queued(conn, bookings["Asia/Tokyo"]) == []
    assert queued(conn, bookings["America/Los_Angeles"]) == [(R1, "email")]


def test_hotel_without_whatsapp_reminds_by_email(conn: psycopg.Connection[Any]) -> None:
    hotel_id = add_hotel(conn, "Europe/Berlin")
    conn.execute(
        "UPDATE hotels SET wa_phone_number_id = NULL WHERE id = %s", (hotel_id,)
    )
    booking_id = add_booking(conn, hotel_id, date(2027, 3, 2))

    now = datetime.fromisoformat("2027-03-01T09:00:00+01:00")
    queue_reminders(conn, now=now, settings=ReminderSettings())

    assert queued(conn, booking_id) == [("precheckin_reminder_1", "email")]
