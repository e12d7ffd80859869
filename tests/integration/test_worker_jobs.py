"""The worker's real jobs: processing and sending, run as the worker runs them."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import psycopg
import pytest

from precheckin.config import Settings
from precheckin.db.connection import Database
from precheckin.worker.jobs import process_job, purge_job, send_job
from tests.delivery_support import (  # noqa: F401  (fake is a fixture)
    RunningFake,
    fake,
    sender_settings,
)
from tests.helpers import NOW, add_hotel, csv_bytes, fixed_clock, stage_bytes

EXPORT = csv_bytes(
    "Booking Reference,Guest Name,Phone,Email,Check-in,Check-out",
    "R1,Ada Guest,+49 151 12345678,,2027-04-01,2027-04-03",
    "R2,Bo Guest,,bo@example.com,2027-04-02,2027-04-05",
    "R3,Cy Guest,,,2027-04-02,2027-04-05",
    "R4,,,,2027-04-02,2027-04-05",
)


def test_process_job_logs_each_set(
    conn: psycopg.Connection[Any],
    database: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    stage_bytes(conn, add_hotel(conn), EXPORT)
    job = process_job(
        database, Settings(process_set_size=2), interval=5, clock=fixed_clock()
    )

    with caplog.at_level(logging.INFO, logger="precheckin"):
        outcomes = [job.run_set().done for _ in range(3)]

    # One set per call, so that a stop request acts between sets.
    assert outcomes == [2, 2, 0]
    sets = [r for r in caplog.records if r.__dict__.get("event") == "set_processed"]
    assert [r.__dict__["counts"]["rows"] for r in sets] == [2, 2]


def test_send_job_sends_one_set(
    conn: psycopg.Connection[Any],
    database: Database,
    fake: RunningFake,  # noqa: F811
) -> None:
    stage_bytes(conn, add_hotel(conn), EXPORT)
    processing = process_job(database, Settings(), interval=5, clock=fixed_clock())
    while processing.run_set().done:
        pass
    job = send_job(
        database,
        sender_settings(fake.url, send_set_size=1),
        interval=5,
        clock=fixed_clock(NOW),
    )

    outcomes = [job.run_set() for _ in range(3)]

    assert [outcome.done for outcome in outcomes] == [1, 1, 0]
    assert outcomes[0].counts["sent"] == 1
    assert len(fake.fake.deliveries) == 2


def test_purge_job_deletes_old_rows(
    conn: psycopg.Connection[Any], database: Database
) -> None:
    stage_bytes(conn, add_hotel(conn), EXPORT)
    processing = process_job(database, Settings(), interval=5, clock=fixed_clock())
    while processing.run_set().done:
        pass
    settings = Settings(row_retention_days=30)

    early = purge_job(
        database, settings, interval=3600, clock=fixed_clock(NOW + timedelta(days=29))
    ).run_set()
    late = purge_job(
        database, settings, interval=3600, clock=fixed_clock(NOW + timedelta(days=31))
    ).run_set()

    assert early.done == 0
    assert late.done == 4
