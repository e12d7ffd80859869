"""`precheckin remind` queues the due reminders and reports them."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import psycopg

from tests.acceptance.cli import run_cli
from tests.integration.reminder_fixtures import add_booking, add_hotel, queued


def test_remind_reports_queued_reminders(
    db_url: str, conn: psycopg.Connection[Any]
) -> None:
    booking_id = add_booking(conn, add_hotel(conn, "Asia/Tokyo"), date(2026, 5, 10))

    # 07:00 in Tokyo on the day before check-in.
    result = run_cli(db_url, "remind", "--at", "2026-05-08T22:00Z", "--json")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "at": "2026-05-08T22:00:00+00:00",
        "precheckin_reminder_1": {"bookings": 1, "whatsapp": 1, "email": 1},
        "precheckin_reminder_2": {"bookings": 0, "whatsapp": 0, "email": 0},
    }
    assert queued(conn, booking_id) == [
        ("precheckin_reminder_1", "email"),
        ("precheckin_reminder_1", "whatsapp"),
    ]


def test_remind_table_output(db_url: str, conn: psycopg.Connection[Any]) -> None:
    add_booking(conn, add_hotel(conn, "Asia/Tokyo"), date(2026, 5, 9), phone=None)

    result = run_cli(db_url, "remind", "--at", "2026-05-08T22:00Z")

    assert result.returncode == 0, result.stderr
    assert "precheckin_reminder_2 (check-in day)" in result.stdout
    assert "│ 1        │ 0        │ 1     │" in result.stdout


def test_remind_rejects_instant_without_offset(db_url: str) -> None:
    result = run_cli(db_url, "remind", "--at", "2026-05-08T22:00")

    assert result.returncode == 1
    assert "has no UTC offset" in result.stderr


def test_remind_rejects_inverted_window(db_url: str) -> None:
    result = run_cli(
        db_url,
        "remind",
        PRECHECKIN_REMINDER_1_FROM="23:00",
        PRECHECKIN_REMINDER_1_UNTIL="07:00",
    )

    assert result.returncode == 2
    assert "PRECHECKIN_REMINDER_1_UNTIL" in result.stderr
