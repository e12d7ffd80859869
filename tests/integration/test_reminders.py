"""Who gets a reminder, on which channels, once, and again after a date change."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

from precheckin.errors import ConfigError
from precheckin.reminders import (
    ReminderCounts,
    load_reminder_settings,
    queue_reminders,
)
from tests.integration.reminder_fixtures import (
    DEFAULT_WINDOWS,
    add_booking,
    add_hotel,
    add_link,
    queued,
    stamps,
    utc,
)

R1 = "precheckin_reminder_1"
R2 = "precheckin_reminder_2"
CHECKIN = date(2026, 5, 10)
# 07:00 in Berlin (CEST) on the day before check-in, and on the check-in day.
DAY_BEFORE = utc("2026-05-09T05:00Z")
CHECKIN_MORNING = utc("2026-05-10T05:00Z")

Connection = psycopg.Connection[Any]


@pytest.fixture
def hotel_id(conn: Connection) -> int:
    """Return a hotel in Europe/Berlin."""
    return add_hotel(conn, "Europe/Berlin")


@pytest.mark.parametrize(
    ("phone", "email", "expected"),
    [
        pytest.param("+4915112345678", None, [(R1, "whatsapp")], id="phone"),
        pytest.param(None, "ada@example.com", [(R1, "email")], id="email"),
        pytest.param(
            "+4915112345678",
            "ada@example.com",
            [(R1, "email"), (R1, "whatsapp")],
            id="both",
        ),
        pytest.param(None, None, [], id="neither"),
    ],
)
def test_reminder_on_every_channel(
    conn: Connection,
    hotel_id: int,
    phone: str | None,
    email: str | None,
    expected: list[tuple[str, str]],
) -> None:
    booking_id = add_booking(conn, hotel_id, CHECKIN, phone=phone, email=email)

    queue_reminders(conn, now=DAY_BEFORE, settings=DEFAULT_WINDOWS)

    assert queued(conn, booking_id) == expected


def test_report_counts_bookings_and_channels(conn: Connection, hotel_id: int) -> None:
    add_booking(conn, hotel_id, CHECKIN, email=None)
    add_booking(conn, hotel_id, CHECKIN, phone=None)
    add_booking(conn, hotel_id, CHECKIN)
    add_booking(conn, hotel_id, CHECKIN - timedelta(1))

    report = queue_reminders(conn, now=DAY_BEFORE, settings=DEFAULT_WINDOWS)

    assert report.reminder_1 == ReminderCounts(bookings=3, whatsapp=2, email=2)
    assert report.reminder_2 == ReminderCounts(bookings=1, whatsapp=1, email=1)
    assert report.notifications == 6


def test_reminder_stamps_the_booking(conn: Connection, hotel_id: int) -> None:
    booking_id = add_booking(conn, hotel_id, CHECKIN)

    queue_reminders(conn, now=DAY_BEFORE, settings=DEFAULT_WINDOWS)

    assert stamps(conn, booking_id) == (DAY_BEFORE, None)


def test_second_run_queues_nothing(conn: Connection, hotel_id: int) -> None:
    booking_id = add_booking(conn, hotel_id, CHECKIN)
    queue_reminders(conn, now=DAY_BEFORE, settings=DEFAULT_WINDOWS)

    again = queue_reminders(
        conn, now=DAY_BEFORE + timedelta(minutes=30), settings=DEFAULT_WINDOWS
    )

    assert again.notifications == 0
    assert queued(conn, booking_id) == [(R1, "email"), (R1, "whatsapp")]
    assert stamps(conn, booking_id) == (DAY_BEFORE, None)


def test_both_reminders_over_two_days(conn: Connection, hotel_id: int) -> None:
    booking_id = add_booking(conn, hotel_id, CHECKIN, phone=None)

    queue_reminders(conn, now=DAY_BEFORE, settings=DEFAULT_WINDOWS)
    queue_reminders(conn, now=CHECKIN_MORNING, settings=DEFAULT_WINDOWS)

    assert queued(conn, booking_id) == [(R1, "email"), (R2, "email")]
    assert stamps(conn, booking_id) == (DAY_BEFORE, CHECKIN_MORNING)


@pytest.mark.parametrize(
    ("status", "completed"),
    [
        pytest.param("CHECKED_IN", False, id="checked-in"),
        pytest.param("CANCELLED", False, id="cancelled"),
        pytest.param("NO_SHOW", False, id="no-show"),
        pytest.param("CONFIRMED", True, id="precheckin-completed"),
    ],
)
def test_no_reminder_for_inactive_booking(
    conn: Connection, hotel_id: int, status: str, completed: bool
) -> None:
    booking_id = add_booking(conn, hotel_id, CHECKIN, status=status)
    if completed:
        conn.execute(
            "UPDATE bookings SET precheckin_completed_at = %s WHERE id = %s",
            (DAY_BEFORE - timedelta(days=3), booking_id),
        )

    queue_reminders(conn, now=DAY_BEFORE, settings=DEFAULT_WINDOWS)
    queue_reminders(conn, now=CHECKIN_MORNING, settings=DEFAULT_WINDOWS)

    assert queued(conn, booking_id) == []
    assert stamps(conn, booking_id) == (None, None)


def test_no_reminder_without_token(conn: Connection, hotel_id: int) -> None:
    booking_id = add_booking(conn, hotel_id, CHECKIN, token=False)

    queue_reminders(conn, now=DAY_BEFORE, settings=DEFAULT_WINDOWS)

    assert queued(conn, booking_id) == []


def test_passed_reminder_is_skipped(conn: Connection, hotel_id: int) -> None:
    # The worker was down from 21:00 the day before until 12:30 on the check-in
    # day (CEST): both moments have passed, so nothing goes out late.
    booking_id = add_booking(conn, hotel_id, CHECKIN)

    queue_reminders(conn, now=utc("2026-05-09T20:00Z"), settings=DEFAULT_WINDOWS)
    queue_reminders(conn, now=utc("2026-05-10T10:30Z"), settings=DEFAULT_WINDOWS)
    queue_reminders(conn, now=utc("2026-05-11T05:00Z"), settings=DEFAULT_WINDOWS)

    assert queued(conn, booking_id) == []
    assert stamps(conn, booking_id) == (None, None)


@pytest.mark.parametrize(
    ("link_status", "sent_hours_before", "expected"),
    [
        pytest.param("sent", 11.9, [], id="sent-11h54-before"),
        pytest.param("sent", 12.1, [(R1, "whatsapp")], id="sent-12h06-before"),
        pytest.param("pending", None, [], id="still-pending"),
        pytest.param("processing", None, [], id="being-sent"),
        pytest.param("failed", None, [(R1, "whatsapp")], id="failed"),
    ],
)
def test_day_before_after_recent_link(
    conn: Connection,
    hotel_id: int,
    link_status: str,
    sent_hours_before: float | None,
    expected: list[tuple[str, str]],
) -> None:
    booking_id = add_booking(conn, hotel_id, CHECKIN, email=None)
    sent_at = None
    if sent_hours_before is not None:
        sent_at = DAY_BEFORE - timedelta(hours=sent_hours_before)
    add_link(conn, booking_id, status=link_status, sent_at=sent_at)

    queue_reminders(conn, now=DAY_BEFORE, settings=DEFAULT_WINDOWS)

    assert queued(conn, booking_id) == expected


def test_link_gap_is_configurable(conn: Connection, hotel_id: int) -> None:
    booking_id = add_booking(conn, hotel_id, CHECKIN, email=None)
    add_link(conn, booking_id, status="sent", sent_at=DAY_BEFORE - timedelta(hours=3))
    settings = DEFAULT_WINDOWS.model_copy(update={"reminder_1_link_gap_hours": 2})

    queue_reminders(conn, now=DAY_BEFORE, settings=settings)

    assert queued(conn, booking_id) == [(R1, "whatsapp")]


def test_arrival_reminder_waits_for_link(conn: Connection, hotel_id: int) -> None:
    booking_id = add_booking(conn, hotel_id, CHECKIN, email=None)
    add_link(conn, booking_id, status="pending")

    queue_reminders(conn, now=CHECKIN_MORNING, settings=DEFAULT_WINDOWS)
    waiting = queued(conn, booking_id)
    conn.execute(
        "UPDATE notification_queue SET status = 'sent', sent_at = %s"
        " WHERE booking_id = %s",
        (CHECKIN_MORNING, booking_id),
    )
    queue_reminders(
        conn, now=CHECKIN_MORNING + timedelta(minutes=30), settings=DEFAULT_WINDOWS
    )

    assert waiting == []
    assert queued(conn, booking_id) == [(R2, "whatsapp")]


def move_checkin(conn: Connection, booking_id: int, checkin: date) -> None:
    """Change the check-in date the way a re-import does: the stamps are cleared."""
    conn.execute(
        "UPDATE bookings SET checkin_date = %s, checkout_date = %s,"
        " precheckin_reminder1_sent_at = NULL, precheckin_reminder2_sent_at = NULL"
        " WHERE id = %s",
        (checkin, checkin + timedelta(days=2), booking_id),
    )


def reminder_rows(conn: Connection, booking_id: int) -> list[dict[str, Any]]:
    """Return the booking's day-before reminder rows, by channel."""
    return conn.execute(
        "SELECT channel, status, retry_count, reminder_checkin_date, sent_at,"
        " last_error FROM notification_queue"
        " WHERE booking_id = %s AND template_code = 'precheckin_reminder_1'"
        " ORDER BY channel",
        (booking_id,),
    ).fetchall()


def test_moved_checkin_rearms_reminder(conn: Connection, hotel_id: int) -> None:
    booking_id = add_booking(conn, hotel_id, CHECKIN, phone=None)
    queue_reminders(conn, now=DAY_BEFORE, settings=DEFAULT_WINDOWS)
    conn.execute(
        "UPDATE notification_queue SET status = 'sent', sent_at = %s,"
        " last_error = 'earlier attempt failed', retry_count = 1 WHERE booking_id = %s",
        (DAY_BEFORE, booking_id),
    )
    move_checkin(conn, booking_id, CHECKIN + timedelta(days=7))

    report = queue_reminders(
        conn, now=DAY_BEFORE + timedelta(days=7), settings=DEFAULT_WINDOWS
    )

    assert report.reminder_1 == ReminderCounts(bookings=1, whatsapp=0, email=1)
    assert reminder_rows(conn, booking_id) == [
        {
            "channel": "email",
            "status": "pending",
            "retry_count": 0,
            "reminder_checkin_date": CHECKIN + timedelta(days=7),
            "sent_at": None,
            "last_error": None,
        }
    ]


def test_same_date_never_reminded_twice(conn: Connection, hotel_id: int) -> None:
    # The date moves away and back before the other date's reminder was due:
    # the stamps are cleared twice, but the reminder for this date went already.
    booking_id = add_booking(conn, hotel_id, CHECKIN, phone=None)
    queue_reminders(conn, now=DAY_BEFORE, settings=DEFAULT_WINDOWS)
    conn.execute(
        "UPDATE notification_queue SET status = 'sent', sent_at = %s"
        " WHERE booking_id = %s",
        (DAY_BEFORE, booking_id),
    )
    move_checkin(conn, booking_id, CHECKIN + timedelta(days=7))
    move_checkin(conn, booking_id, CHECKIN)

    report = queue_reminders(
        conn, now=DAY_BEFORE + timedelta(hours=1), settings=DEFAULT_WINDOWS
    )

    assert report.reminder_1.notifications == 0
    assert reminder_rows(conn, booking_id)[0]["status"] == "sent"
    assert stamps(conn, booking_id)[0] == DAY_BEFORE + timedelta(hours=1)


def test_reminder_in_flight_is_not_rearmed(conn: Connection, hotel_id: int) -> None:
    booking_id = add_booking(conn, hotel_id, CHECKIN, phone=None)
    queue_reminders(conn, now=DAY_BEFORE, settings=DEFAULT_WINDOWS)
    conn.execute(
        "UPDATE notification_queue SET status = 'processing' WHERE booking_id = %s",
        (booking_id,),
    )
    move_checkin(conn, booking_id, CHECKIN + timedelta(days=1))

    during = queue_reminders(
        conn, now=DAY_BEFORE + timedelta(days=1), settings=DEFAULT_WINDOWS
    )
    conn.execute(
        "UPDATE notification_queue SET status = 'sent' WHERE booking_id = %s",
        (booking_id,),
    )
    after = queue_reminders(
        conn, now=DAY_BEFORE + timedelta(days=1, minutes=30), settings=DEFAULT_WINDOWS
    )

    assert during.reminder_1.bookings == 0
    assert after.reminder_1 == ReminderCounts(bookings=1, whatsapp=0, email=1)


def test_locked_booking_is_skipped(db_url: str, hotel_id: int) -> None:
    # One run holds its row locks in an open transaction. A second run at the
    # same moment skips those bookings instead of waiting or queuing them again.
    holder = psycopg.connect(db_url, row_factory=dict_row)
    other = psycopg.connect(db_url, autocommit=True, row_factory=dict_row)
    with holder, other:
        booking_id = add_booking(other, hotel_id, CHECKIN)
        holder.execute("SELECT 1")
        first = queue_reminders(holder, now=DAY_BEFORE, settings=DEFAULT_WINDOWS)
        second = queue_reminders(other, now=DAY_BEFORE, settings=DEFAULT_WINDOWS)
        holder.commit()
        third = queue_reminders(other, now=DAY_BEFORE, settings=DEFAULT_WINDOWS)

        assert first.reminder_1.bookings == 1
        assert second.reminder_1.bookings == 0
        assert third.reminder_1.bookings == 0
        assert queued(other, booking_id) == [(R1, "email"), (R1, "whatsapp")]


def test_concurrent_runs_queue_once(
    db_url: str, conn: Connection, hotel_id: int
) -> None:
    booking_ids = [add_booking(conn, hotel_id, CHECKIN) for _ in range(300)]
    start = threading.Barrier(4)
    totals: list[int] = []

    def run() -> None:
        with psycopg.connect(db_url, row_factory=dict_row) as own:
            start.wait()
            report = queue_reminders(own, now=DAY_BEFORE, settings=DEFAULT_WINDOWS)
            totals.append(report.reminder_1.bookings)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    rows = conn.execute(
        "SELECT count(*) AS n, count(DISTINCT (booking_id, channel)) AS distinct_n"
        " FROM notification_queue"
    ).fetchone()
    assert sum(totals) == len(booking_ids)
    assert rows == {"n": 600, "distinct_n": 600}


def test_queued_reminders_wake_the_sender(
    db_url: str, conn: Connection, hotel_id: int
) -> None:
    add_booking(conn, hotel_id, CHECKIN)
    with psycopg.connect(db_url, autocommit=True) as listener:
        listener.execute("LISTEN precheckin_notification")

        queue_reminders(conn, now=DAY_BEFORE, settings=DEFAULT_WINDOWS)

        channels = [n.channel for n in listener.notifies(timeout=2, stop_after=1)]
    assert channels == ["precheckin_notification"]


def test_naive_instant_is_rejected(conn: Connection) -> None:
    with pytest.raises(ValueError, match="aware datetime"):
        queue_reminders(
            conn, now=DAY_BEFORE.replace(tzinfo=None), settings=DEFAULT_WINDOWS
        )


def test_inverted_window_names_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRECHECKIN_REMINDER_2_FROM", "13:00")
    monkeypatch.setenv("PRECHECKIN_REMINDER_2_UNTIL", "12:00")

    with pytest.raises(ConfigError, match="PRECHECKIN_REMINDER_2_UNTIL"):
        load_reminder_settings()


def test_reminder_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRECHECKIN_REMINDER_2_UNTIL", "11:30")

    settings = load_reminder_settings()

    assert settings.reminder_2_until.isoformat() == "11:30:00"
