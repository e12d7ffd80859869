"""Retries after lost responses, expired leases and parallel senders send once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from precheckin.db.connection import Database
from precheckin.notifications import SendReport, send_due
from precheckin.testing.faults import Fault
from tests.delivery_support import (
    Clock,
    Connection,
    RunningFake,
    add_hotel,
    guest,
    notification_row,
    sender_settings,
)

ROOT = Path(__file__).resolve().parents[2]


def test_retry_reuses_email_key(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    hotel = add_hotel(conn)
    notification = guest(conn, hotel, 1, "email")
    fake.fake.fail_next(1, Fault.timeout(2, deliver=True))
    settings = sender_settings(fake.url, send_timeout_seconds=0.5)

    first = send_due(database, settings, now=clock)
    clock.advance(minutes=5)
    second = send_due(database, settings, now=clock)

    keys = [r.headers["idempotency-key"] for r in fake.fake.requests]
    [delivery] = fake.fake.deliveries
    row = notification_row(conn, notification)
    assert first.retried == 1
    assert second.sent == 1
    assert keys == [f"precheckin-notification-{notification}"] * 2
    assert row["provider_message_id"] == delivery.message_id


def test_batch_retry_reuses_batch_key(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    hotel = add_hotel(conn)
    ids = [guest(conn, hotel, number, "email") for number in range(3)]
    fake.fake.fail_next(1, Fault.timeout(2, deliver=True))
    settings = sender_settings(fake.url, send_timeout_seconds=0.5)

    send_due(database, settings, now=clock)
    stored_keys = {notification_row(conn, i)["email_batch_key"] for i in ids}
    clock.advance(minutes=5)
    second = send_due(database, settings, now=clock)

    keys = [r.headers["idempotency-key"] for r in fake.fake.requests]
    recipients = sorted(d.recipient for d in fake.fake.deliveries)
    assert len(stored_keys) == 1
    assert keys[0] == keys[1]
    assert stored_keys == {keys[0]}
    assert second.sent == 3
    assert recipients == [f"guest{n}@example.com" for n in range(3)]
    assert {notification_row(conn, i)["email_batch_key"] for i in ids} == {None}


def test_expired_lease_is_taken_again(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    hotel = add_hotel(conn)
    notification = guest(conn, hotel, 1, "whatsapp")
    fake.fake.set_latency(60)
    script = (
        "import sys\n"
        "from datetime import datetime\n"
        "from precheckin.db.connection import Database\n"
        "from precheckin.notifications import send_due\n"
        "from tests.delivery_support import sender_settings\n"
        "settings = sender_settings(sys.argv[2], send_timeout_seconds=120)\n"
        "start = datetime.fromisoformat(sys.argv[3])\n"
        "send_due(Database(sys.argv[1], False, 'test'), settings, now=lambda: start)\n"
    )
    settings = sender_settings(fake.url)
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    stopped = subprocess.Popen(
        [sys.executable, "-c", script, database.url, fake.url, clock().isoformat()],
        env=env,
    )
    try:
        wait_for(lambda: notification_row(conn, notification)["status"] == "processing")
        wait_for(lambda: len(fake.fake.requests) == 1)
    finally:
        stopped.kill()
        stopped.wait()
    fake.fake.set_latency(0)

    within_lease = send_due(database, settings, now=clock)
    clock.advance(seconds=settings.send_lease_seconds)
    after_lease = send_due(database, settings, now=clock)

    row = notification_row(conn, notification)
    assert within_lease.total == 0
    assert after_lease.expired_leases == 1
    assert after_lease.sent == 1
    assert row["status"] == "sent"
    assert row["retry_count"] == 1


def test_two_senders_send_once(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    hotel = add_hotel(conn)
    for number in range(120):
        guest(conn, hotel, number, "whatsapp" if number % 2 else "email")
    fake.fake.set_latency(0.01)
    settings = sender_settings(fake.url, send_set_size=10, resend_batch_size=5)
    reports: list[SendReport] = []

    def run() -> None:
        reports.append(send_due(database, settings, now=clock))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    recipients = [d.recipient for d in fake.fake.deliveries]
    statuses = conn.execute(
        "SELECT status, count(*) AS n FROM notification_queue GROUP BY status"
    ).fetchall()
    assert len(recipients) == 120
    assert len(set(recipients)) == 120
    assert sum(report.sent for report in reports) == 120
    assert all(report.sent > 0 for report in reports)
    assert statuses == [{"status": "sent", "n": 120}]


def wait_for(condition: object, seconds: float = 20) -> None:
    """Poll `condition` until it is true or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.05)
