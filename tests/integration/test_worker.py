"""The worker loop: draining, wake-ups, polling, retries, reconnects and stopping."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import psycopg
import pytest

from precheckin.db.connection import Database
from precheckin.worker import Job, SetResult, Worker, WorkerSettings
from precheckin.worker.jobs import remind_job
from tests.integration.reminder_fixtures import (
    DEFAULT_WINDOWS,
    add_booking,
    add_hotel,
    utc,
)

# Nothing listens on port 1 of the loopback address, so connecting fails at once.
UNREACHABLE = Database(
    url="postgresql://postgres@127.0.0.1:1/none?connect_timeout=2",
    embedded=False,
    location="127.0.0.1:1/none",
)


def fast_settings(**overrides: Any) -> WorkerSettings:
    """Return worker settings with short waits, so tests run in well under a second."""
    values: dict[str, Any] = {
        "poll_interval": 60.0,
        "retry_initial_delay": 0.05,
        "retry_max_delay": 0.2,
        "shutdown_timeout": 5.0,
        "once_max_attempts": 3,
    }
    values.update(overrides)
    return WorkerSettings(**values)


def counting_job(name: str, results: list[int], calls: list[str], **fields: Any) -> Job:
    """Return a job that records each call and returns `results` in turn, then 0."""

    def run() -> int:
        calls.append(name)
        return results.pop(0) if results else 0

    return Job(name=name, run=run, interval=fields.pop("interval", 60.0), **fields)


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll `condition` until it is true or `timeout` seconds pass; return its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@contextmanager
def running(worker: Worker) -> Iterator[dict[str, int]]:
    """Run the worker in a thread; stop it and wait for its exit code on leaving."""
    result: dict[str, int] = {}
    thread = threading.Thread(target=lambda: result.update(code=worker.run()))
    thread.start()
    try:
        yield result
    finally:
        worker.request_stop("test finished")
        thread.join(10)


def test_once_drains_jobs_in_order(database: Database) -> None:
    calls: list[str] = []
    jobs = [
        counting_job("process", [2, 1], calls),
        counting_job("send", [], calls),
    ]

    code = Worker(database, jobs, fast_settings()).run_once()

    assert code == 0
    assert calls == ["process", "process", "process", "send"]


def test_once_gives_up_on_failing_job(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []

    def broken() -> int:
        calls.append("broken")
        raise RuntimeError("template missing")

    jobs = [
        Job(name="broken", run=broken, interval=60.0),
        counting_job("send", [1], calls),
    ]

    with caplog.at_level(logging.INFO, logger="precheckin"):
        code = Worker(database, jobs, fast_settings()).run_once()

    assert code == 1
    assert calls == ["broken", "broken", "broken", "send", "send"]
    assert "job broken failed 3 times in a row" in caplog.text


def test_busy_job_runs_again_at_once(database: Database) -> None:
    calls: list[str] = []
    worker = Worker(
        database, [counting_job("process", [1] * 5, calls)], fast_settings()
    )

    with running(worker):
        assert wait_until(lambda: len(calls) >= 6, timeout=2)


def test_idle_job_polls_at_interval(database: Database) -> None:
    calls: list[str] = []
    job = counting_job("process", [], calls, interval=0.1)
    worker = Worker(database, [job], fast_settings())

    with running(worker):
        assert wait_until(lambda: len(calls) >= 4, timeout=2)


def test_notify_wakes_idle_job(database: Database, db_url: str) -> None:
    calls: list[str] = []
    job = counting_job("process", [], calls, channels=("precheckin_import",))
    worker = Worker(database, [job], fast_settings())

    with running(worker), psycopg.connect(db_url, autocommit=True) as conn:
        assert wait_until(lambda: listening(conn))
        assert wait_until(lambda: len(calls) >= 1)
        before = len(calls)
        conn.execute("NOTIFY precheckin_import, '42'")
        assert wait_until(lambda: len(calls) > before, timeout=2)


def test_notify_on_other_channel_is_ignored(database: Database, db_url: str) -> None:
    calls: list[str] = []
    job = counting_job("process", [], calls, channels=("precheckin_import",))
    worker = Worker(database, [job], fast_settings())

    with running(worker), psycopg.connect(db_url, autocommit=True) as conn:
        assert wait_until(lambda: listening(conn))
        assert wait_until(lambda: len(calls) >= 1)
        # The start-up runs (one at start, one once LISTEN is set up) must be
        # over before counting, or a slow machine counts one of them.
        time.sleep(0.5)
        before = len(calls)
        conn.execute("NOTIFY precheckin_notification")
        time.sleep(0.5)
        assert len(calls) == before


def listening(conn: psycopg.Connection[Any]) -> bool:
    """Return whether some session of this database listens for notifications."""
    row = conn.execute(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND query LIKE 'LISTEN%%'"
    ).fetchone()
    return row is not None and row[0] > 0


def test_listener_reconnects_after_loss(
    database: Database, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []
    job = counting_job("send", [], calls, channels=("precheckin_notification",))
    worker = Worker(database, [job], fast_settings())

    with (
        caplog.at_level(logging.INFO, logger="precheckin"),
        running(worker),
        psycopg.connect(db_url, autocommit=True) as conn,
    ):
        assert wait_until(lambda: listening(conn))
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND query LIKE 'LISTEN%%'"
        )
        assert wait_until(lambda: "listener reconnected" in caplog.text)
        before = len(calls)
        conn.execute("NOTIFY precheckin_notification")
        assert wait_until(lambda: len(calls) > before, timeout=2)

    assert "listener lost the database connection" in caplog.text


def test_lost_database_is_retried(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    attempts: list[int] = []

    def run() -> int:
        attempts.append(1)
        target = UNREACHABLE if len(attempts) <= 2 else database
        with target.connect() as conn:
            conn.execute("SELECT 1")
        return 0

    worker = Worker(
        database, [Job(name="send", run=run, interval=60.0)], fast_settings()
    )

    with caplog.at_level(logging.INFO, logger="precheckin"), running(worker):
        assert wait_until(lambda: "recovered after 2 failed attempts" in caplog.text)

    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.__dict__["attempt"] for r in warnings] == [1, 2]
    assert [r.__dict__["job"] for r in warnings] == ["send", "send"]
    assert "job send lost the database connection" in warnings[0].getMessage()


def test_failing_set_is_logged_and_retried(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    outcomes: list[int | Exception] = [ValueError("batch 7: bad mapping"), 3, 0]

    def run() -> int:
        outcome = outcomes.pop(0) if outcomes else 0
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    worker = Worker(
        database, [Job(name="process", run=run, interval=60.0)], fast_settings()
    )

    with caplog.at_level(logging.INFO, logger="precheckin"), running(worker):
        assert wait_until(lambda: "finished a set of 3" in caplog.text)

    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert (
        "job process failed (ValueError: batch 7: bad mapping)"
        in errors[0].getMessage()
    )


def test_stop_lets_running_set_finish(database: Database) -> None:
    entered = threading.Event()
    finished = threading.Event()

    def run() -> int:
        entered.set()
        time.sleep(0.5)
        finished.set()
        return 1

    worker = Worker(
        database, [Job(name="process", run=run, interval=60.0)], fast_settings()
    )

    with running(worker) as result:
        assert entered.wait(2)
        worker.request_stop("SIGTERM")
        assert wait_until(lambda: "code" in result, timeout=3)

    assert finished.is_set()
    assert result["code"] == 0


def test_stop_gives_up_after_timeout(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    entered = threading.Event()
    release = threading.Event()

    def run() -> int:
        entered.set()
        release.wait(10)
        return 1

    job = Job(name="process", run=run, interval=60.0)
    worker = Worker(database, [job], fast_settings(shutdown_timeout=0.2))

    try:
        with (
            caplog.at_level(logging.INFO, logger="precheckin"),
            running(worker) as result,
        ):
            assert entered.wait(2)
            worker.request_stop("SIGTERM")
            assert wait_until(lambda: "code" in result, timeout=2)
    finally:
        release.set()

    assert result["code"] == 0
    assert "sets still in progress in precheckin-process" in caplog.text


def test_stop_and_start_are_logged(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []
    worker = Worker(
        database,
        [counting_job("send", [2], calls, concurrency=2)],
        fast_settings(),
        worker_id="host-a:41",
        logged_settings={"database_url": "127.0.0.1:5432/x", "whatsapp_token": "***"},
    )

    with caplog.at_level(logging.INFO, logger="precheckin"), running(worker):
        assert wait_until(lambda: len(calls) >= 3)

    messages = [r.getMessage() for r in caplog.records]
    assert messages[0].startswith("worker host-a:41 started on test database")
    assert "send x2 every 60 s when idle" in messages[0]
    assert "whatsapp_token=***" in messages[0]
    assert messages[-1].startswith("worker host-a:41 stopped after")
    assert "send-0" in messages[-1]


def test_remind_job_reports_counts(
    conn: psycopg.Connection[Any], database: Database
) -> None:
    hotel_id = add_hotel(conn, "Europe/Berlin")
    add_booking(conn, hotel_id, date(2026, 5, 10))
    add_booking(conn, hotel_id, date(2026, 5, 9), phone=None)
    job = remind_job(
        database,
        DEFAULT_WINDOWS,
        interval=1800,
        clock=lambda: utc("2026-05-09T05:00Z"),
    )

    outcome = job.run_set()

    assert outcome == SetResult(
        done=3,
        counts={
            "reminder_1_bookings": 1,
            "reminder_2_bookings": 1,
            "whatsapp": 1,
            "email": 2,
        },
    )
