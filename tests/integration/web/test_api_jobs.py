"""Job triggers for external schedulers: process and send, with an admin key only."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest

from precheckin.db.connection import Database
from precheckin.notifications import NotificationSettings
from precheckin.web import create_app
from precheckin.web.settings import WebSettings
from tests.web_support import (
    FakeClock,
    HotelWithKey,
    LiveServer,
    client_for,
    german_export,
)


@pytest.fixture
def outbox_server(database: Database, clock: FakeClock, tmp_path: Path) -> Any:
    notifications = NotificationSettings(
        outbox=tmp_path / "outbox", public_url="https://stay.example/precheckin/"
    )
    app = create_app(database, WebSettings(), clock=clock, notifications=notifications)
    with LiveServer(app) as live:
        yield live


@pytest.mark.parametrize("job", ["process", "send", "remind"])
def test_hotel_key_cannot_run_jobs(
    outbox_server: LiveServer, berlin: HotelWithKey, job: str
) -> None:
    with client_for(outbox_server, berlin.key) as hotel_client:
        response = hotel_client.post(f"/api/jobs/{job}")

    assert response.status_code == 403
    assert "admin" in response.json()["detail"]


def test_process_then_send_jobs(
    outbox_server: LiveServer,
    berlin: HotelWithKey,
    admin_key: str,
    conn: psycopg.Connection[Any],
    tmp_path: Path,
) -> None:
    with client_for(outbox_server, berlin.key) as hotel_client:
        files = {"file": ("export.csv", german_export(), "text/csv")}
        hotel_client.post(
            "/api/hotels/berlin-mitte/imports",
            files=files,
            data={"mapping": '{"phone": "Handy"}'},
        )

    with client_for(outbox_server, admin_key) as admin:
        processed = admin.post("/api/jobs/process").json()
        sent = admin.post("/api/jobs/send").json()
        again = admin.post("/api/jobs/send").json()

    assert processed == {"job": "process", "done": 5, "counts": {}}
    assert sent["done"] == 3
    assert sent["counts"]["sent"] == 3
    assert again["done"] == 0
    statuses = conn.execute("SELECT status FROM notification_queue").fetchall()
    assert [row["status"] for row in statuses] == ["sent"] * 3
    assert len(list((tmp_path / "outbox").iterdir())) >= 3


def test_remind_job_queues_due_reminders(
    outbox_server: LiveServer,
    berlin: HotelWithKey,
    admin_key: str,
    conn: psycopg.Connection[Any],
    clock: FakeClock,
) -> None:
    local_today = clock().astimezone(ZoneInfo("Europe/Berlin")).date()
    conn.execute(
        "INSERT INTO bookings (hotel_id, booking_reference, guest_name, email,"
        " checkin_date, checkout_date) VALUES (%s, 'R1', 'Ann', 'ann@example.com',"
        " %s, %s) RETURNING id",
        (
            berlin.hotel.id,
            local_today + timedelta(days=1),
            local_today + timedelta(days=3),
        ),
    )
    conn.execute(
        "INSERT INTO precheckin_tokens (booking_id, token, expires_at)"
        " SELECT id, 'tok-remind-test-000000000000', %s FROM bookings",
        (clock() + timedelta(days=5),),
    )
    clock.now = datetime.combine(
        local_today, time(9, 0), tzinfo=ZoneInfo("Europe/Berlin")
    )

    with client_for(outbox_server, admin_key) as admin:
        first = admin.post("/api/jobs/remind").json()
        again = admin.post("/api/jobs/remind").json()

    assert first == {
        "job": "remind",
        "done": 1,
        "counts": {"reminder_1": 1, "reminder_2": 0},
    }
    assert again["done"] == 0
    queued = conn.execute(
        "SELECT template_code, channel FROM notification_queue"
    ).fetchall()
    assert [(r["template_code"], r["channel"]) for r in queued] == [
        ("precheckin_reminder_1", "email")
    ]
