"""`precheckin worker`: process, send and remind until stopped, or once."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from ..config import load_settings
from ..reminders import load_reminder_settings
from ..worker import Worker, load_worker_settings
from ..worker.jobs import build_jobs
from ..worker.settings import masked_settings
from .app import app
from .runtime import open_database
from .send import read_settings, require_public_url


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

    database = open_database(core)
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
