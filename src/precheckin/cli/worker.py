"""`precheckin worker`: process, send and remind until stopped, or once."""

from __future__ import annotations

import logging
import signal
import time
from types import FrameType
from typing import Annotated

import typer

from ..config import Settings, load_settings
from ..db.connection import Database
from ..errors import DatabaseUnavailable
from ..reminders import load_reminder_settings
from ..worker import Worker, load_worker_settings
from ..worker.jobs import build_jobs
from ..worker.settings import masked_settings
from .app import app
from .runtime import open_database
from .send import read_settings, require_public_url

logger = logging.getLogger(__name__)


@app.command("worker")
def worker_command(
    once: Annotated[
        bool,
        typer.Option(
            "--once",
            help="Run each job until no work is left, then exit; for cron, "
            "Kubernetes CronJobs and other schedulers.",
        ),
    ] = False,
    poll_interval: Annotated[
        float | None,
        typer.Option(
            help="Seconds between checks for work when no NOTIFY arrives "
            "(default 5, or PRECHECKIN_WORKER_POLL_INTERVAL).",
            show_default=False,
        ),
    ] = None,
    reminder_interval: Annotated[
        float | None,
        typer.Option(
            help="Seconds between reminder runs "
            "(default 1800, or PRECHECKIN_WORKER_REMINDER_INTERVAL).",
            show_default=False,
        ),
    ] = None,
    process_concurrency: Annotated[
        int | None,
        typer.Option(
            help="Threads that process staged rows "
            "(default 1, or PRECHECKIN_WORKER_PROCESS_CONCURRENCY).",
            show_default=False,
        ),
    ] = None,
    send_concurrency: Annotated[
        int | None,
        typer.Option(
            help="Threads that claim and send notifications; each keeps its own "
            "rate limit (default 1, or PRECHECKIN_WORKER_SEND_CONCURRENCY).",
            show_default=False,
        ),
    ] = None,
    shutdown_timeout: Annotated[
        float | None,
        typer.Option(
            help="Seconds a stop waits for sets in progress "
            "(default 25, or PRECHECKIN_WORKER_SHUTDOWN_TIMEOUT).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run processing, sending and reminders; SIGTERM or Ctrl-C stops it cleanly."""
    settings = load_worker_settings(
        poll_interval=poll_interval,
        reminder_interval=reminder_interval,
        process_concurrency=process_concurrency,
        send_concurrency=send_concurrency,
        shutdown_timeout=shutdown_timeout,
    )
    core = load_settings()
    reminders = load_reminder_settings()
    notifications = read_settings(outbox=None)
    require_public_url(notifications)
    if logging.getLogger().level > logging.INFO:
        logging.getLogger("precheckin").setLevel(logging.INFO)

    database = wait_for_database(core, once=once)
    worker = Worker(
        database,
        build_jobs(
            database,
            core=core,
            worker=settings,
            reminders=reminders,
            notifications=notifications,
        ),
        settings,
        logged_settings=masked_settings(core, settings, reminders, notifications),
    )
    exit_code = worker.run_once() if once else worker.run()
    raise typer.Exit(exit_code)


# Maximum wait, in seconds, between two tries to reach the database at start.
MAX_START_DELAY = 30.0


def wait_for_database(core: Settings, *, once: bool) -> Database:
    """Open the database, retrying with backoff while it cannot be reached.

    A worker often starts before its database does (a reboot, a new
    deployment). With `--once` it gives up at the first failure instead, so
    that the scheduler that started it gets the error.
    """
    # Nothing is claimed yet, so a stop request may end the process at once.
    previous = {
        stop_signal: signal.signal(stop_signal, exit_while_waiting)
        for stop_signal in (signal.SIGTERM, signal.SIGINT)
    }
    try:
        return retry_open_database(core, once=once)
    finally:
        for stop_signal, handler in previous.items():
            signal.signal(stop_signal, handler)


def exit_while_waiting(signum: int, frame: FrameType | None) -> None:
    """Exit with 0 on a stop signal that comes before the worker has started."""
    logger.info("stopped before the database could be reached")
    raise SystemExit(0)


def retry_open_database(core: Settings, *, once: bool) -> Database:
    """Call open_database until it succeeds, waiting longer after each failure."""
    delay = 1.0
    while True:
        try:
            return open_database(core)
        except DatabaseUnavailable as error:
            if once:
                raise
            logger.warning(
                "database unreachable, retrying in %.0f s: %s",
                delay,
                error,
                extra={"event": "database_retry"},
            )
            time.sleep(delay)
            delay = min(delay * 2, MAX_START_DELAY)
