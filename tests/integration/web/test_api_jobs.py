"""Job triggers for external schedulers: process and send, with an admin key only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


@pytest.mark.parametrize("job", ["process", "send"])
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
