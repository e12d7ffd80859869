"""Crash test: workers share a 20,000-row batch; one is killed with SIGKILL mid-way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

from precheckin.hotels import create_hotel
from precheckin.samples.generate import write_export
from tests.acceptance.cli import command_env, run_cli
from tests.delivery_support import (  # noqa: F401  (fake is a fixture)
    PUBLIC_URL,
    RESEND_API_KEY,
    WHATSAPP_TOKEN,
    RunningFake,
    fake,
)

ROWS = 20_000
# Stays far in the future, so every valid confirmed row gets its link whatever
# the date the workers' clocks show, and no reminder is due during the test.
FIRST_DAY = date(2099, 1, 1)

Connection = psycopg.Connection[Any]


class WorkerProcess:
    """One `precheckin worker` process whose log goes to a file."""

    def __init__(self, db_url: str, fake_url: str, log_path: Path) -> None:
        self.log_path = log_path
        self.log = log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "precheckin", "worker", "--poll-interval", "0.5"],
            env=worker_env(db_url, fake_url),
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )

    @property
    def pid(self) -> int:
        """Return the operating system's process id."""
        return self.process.pid

    def wait_started(self) -> None:
        """Wait until the worker has logged its start."""
        if not wait_until(lambda: " started on " in self.log_path.read_text(), 60):
            raise RuntimeError(f"worker {self.pid} did not start:\n{self.output()}")

    def output(self) -> str:
        """Return what the worker logged so far."""
        return self.log_path.read_text()

    def stop(self) -> int:
        """Send SIGTERM, wait for the exit, and return the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=60)
        self.log.close()
        return code


def worker_env(db_url: str, fake_url: str) -> dict[str, str]:
    """Return the environment of a worker that sends to the fake provider."""
    return command_env(
        db_url,
        WHATSAPP_TOKEN=WHATSAPP_TOKEN,
        WHATSAPP_API_URL=fake_url,
        RESEND_API_KEY=RESEND_API_KEY,
        RESEND_API_URL=fake_url,
        PRECHECKIN_PUBLIC_URL=PUBLIC_URL,
        PRECHECKIN_WHATSAPP_MESSAGES_PER_SECOND="0",
        PRECHECKIN_RESEND_REQUESTS_PER_SECOND="0",
        # Small sets, so that processing is many transactions and a kill lands
        # inside one; short claims, so that any claim left behind expires soon.
        PRECHECKIN_PROCESS_SET_SIZE="250",
        PRECHECKIN_SEND_SET_SIZE="200",
        PRECHECKIN_SEND_LEASE_SECONDS="5",
        PRECHECKIN_CLAIM_TIMEOUT_SECONDS="10",
    )


def wait_until(condition: Callable[[], bool], timeout: float) -> bool:
    """Poll `condition` until it is true or `timeout` seconds pass; return its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@contextmanager
def workers(db_url: str, fake_url: str, folder: Path) -> Iterator[list[WorkerProcess]]:
    """Start three workers; on leaving, kill any still running."""
    started: list[WorkerProcess] = []
    try:
        for number in range(3):
            started.append(WorkerProcess(db_url, fake_url, folder / f"w{number}.log"))
        for worker in started:
            worker.wait_started()
        yield started
    finally:
        for worker in started:
            if worker.process.poll() is None:
                worker.process.kill()
                worker.process.wait()


def scalar(conn: Connection, query: str, *params: object) -> Any:
    """Return the first column of the query's first row."""
    row = conn.execute(query, params).fetchone()
    return None if row is None else next(iter(row.values()))


def rows_done(conn: Connection) -> int:
    """Return how many staged rows have a final status."""
    return int(
        scalar(
            conn,
            "SELECT count(*) FROM import_rows"
            " WHERE status NOT IN ('pending', 'processing')",
        )
    )


def kill_outside_send(conn: Connection, worker: WorkerProcess) -> int:
    """SIGKILL the worker at a moment when it has no claimed notification.

    The worker is frozen with SIGSTOP while its claims are checked. A worker
    killed during a provider request cannot record that the message went, so
    the message goes again once its lease expires: WhatsApp's Cloud API has no
    idempotency key to stop that. The test checks every other kind of crash
    this way. Returns the rows finished at the moment of the kill.
    """
    for _ in range(400):
        os.kill(worker.pid, signal.SIGSTOP)
        claimed = scalar(
            conn,
            "SELECT count(*) FROM notification_queue"
            " WHERE status = 'processing' AND claimed_by LIKE %s",
            f"%:{worker.pid}:%",
        )
        if claimed == 0:
            done = rows_done(conn)
            os.kill(worker.pid, signal.SIGKILL)
            worker.process.wait()
            return done
        os.kill(worker.pid, signal.SIGCONT)
        time.sleep(0.01)
    raise RuntimeError(f"worker {worker.pid} always held claimed notifications")


def expected_recipients(conn: Connection) -> Counter[str]:
    """Return the link recipients the bookings call for: phone, else email."""
    rows = conn.execute(
        "SELECT coalesce(phone, email) AS recipient FROM bookings"
        " WHERE status = 'CONFIRMED' AND (phone IS NOT NULL OR email IS NOT NULL)"
    ).fetchall()
    return Counter(normalize(row["recipient"]) for row in rows)


def normalize(recipient: str) -> str:
    """Return a phone number without its plus sign, or a lower-case address."""
    return recipient.lstrip("+").lower()


def all_work_finished(conn: Connection) -> bool:
    """Return whether every row is final and every notification left the queue."""
    busy = scalar(
        conn,
        "SELECT (SELECT count(*) FROM import_rows"
        "        WHERE status IN ('pending', 'processing'))"
        " + (SELECT count(*) FROM notification_queue"
        "    WHERE status IN ('pending', 'processing'))",
    )
    batches = scalar(conn, "SELECT count(*) FROM import_batches")
    return batches == 1 and busy == 0


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_killed_worker_loses_nothing(
    db_url: str,
    fake: RunningFake,  # noqa: F811
    tmp_path: Path,
) -> None:
    export = tmp_path / "export.csv"
    with export.open("w", encoding="utf-8", newline="") as out:
        write_export(out, ROWS, first_day=FIRST_DAY)

    with psycopg.connect(db_url, autocommit=True, row_factory=dict_row) as conn:
        create_hotel(
            conn,
            code="crash",
            name="Crash Test Hotel",
            timezone="Europe/Berlin",
            country="DE",
            wa_phone_number_id="1065403522",
            email_from="stay@crash-hotel.example",
        )
        with workers(db_url, fake.url, tmp_path) as running:
            staged = run_cli(db_url, "import", str(export), "--hotel", "crash")
            assert staged.returncode == 0, staged.stderr

            assert wait_until(lambda: rows_done(conn) >= ROWS // 5, 120)
            done_at_kill = kill_outside_send(conn, running[0])
            replacement = WorkerProcess(db_url, fake.url, tmp_path / "w3.log")
            running.append(replacement)
            replacement.wait_started()

            finished = wait_until(lambda: all_work_finished(conn), 300)
            exit_codes = [worker.stop() for worker in running[1:]]

        rows_by_status = {
            row["status"]: row["count"]
            for row in conn.execute(
                "SELECT status, count(*) FROM import_rows GROUP BY status"
            ).fetchall()
        }
        links = conn.execute(
            "SELECT status, count(*) FROM notification_queue"
            " WHERE template_code = 'precheckin_link' GROUP BY status"
        ).fetchall()
        claimed = scalar(
            conn,
            "SELECT count(*) FROM notification_queue"
            " WHERE claimed_by IS NOT NULL OR lease_expires_at IS NOT NULL",
        )
        batch = conn.execute(
            "SELECT status, pending_rows FROM import_batches"
        ).fetchone()
        expected = expected_recipients(conn)

    delivered = Counter(normalize(d.recipient) for d in fake.fake.deliveries)
    whatsapp_requests = [r for r in fake.fake.requests if r.path.endswith("/messages")]
    whatsapp_deliveries = [d for d in fake.fake.deliveries if d.channel == "whatsapp"]

    assert ROWS // 5 <= done_at_kill < ROWS
    assert finished, "\n".join(w.output()[-3000:] for w in running)
    assert exit_codes == [0, 0, 0]
    assert sum(rows_by_status.values()) == ROWS
    assert set(rows_by_status) <= {"notified", "completed", "failed", "skipped"}
    assert batch == {"status": "completed", "pending_rows": 0}
    assert links == [{"status": "sent", "count": sum(expected.values())}]
    assert claimed == 0
    assert delivered == expected
    assert len(whatsapp_requests) == len(whatsapp_deliveries)
