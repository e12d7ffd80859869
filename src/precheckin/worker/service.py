"""The worker process: start the job runners and the listener, stop on a signal."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import FrameType

from ..db.connection import Database
from .jobs import Job
from .listener import Listener, wake_all
from .runner import Backoff, JobRunner
from .settings import WorkerSettings

logger = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def default_worker_id() -> str:
    """Return host name and process id, which tell workers apart in logs."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Worker:
    """Run jobs until stopped (`run`), or until none has work left (`run_once`).

    SIGTERM and SIGINT stop it: no new set starts, sets in progress get
    `shutdown_timeout` seconds to finish, and both methods then return 0. A
    second signal stops waiting for them. Work still running at exit is
    released by the database: its row locks end with the connection, and
    notification leases expire.
    """

    def __init__(
        self,
        database: Database,
        jobs: Sequence[Job],
        settings: WorkerSettings,
        *,
        worker_id: str | None = None,
        logged_settings: Mapping[str, str] | None = None,
    ) -> None:
        self.database = database
        self.jobs = list(jobs)
        self.settings = settings
        self.worker_id = worker_id or default_worker_id()
        self.logged_settings = dict(logged_settings or {})
        self.stop = threading.Event()
        self.hurry = threading.Event()
        self.backoff = Backoff(settings.retry_initial_delay, settings.retry_max_delay)
        self.runners: list[JobRunner] = []

    def run(self) -> int:
        """Run every job in its threads until a stop signal; return the exit code."""
        self.runners = [
            JobRunner(
                job,
                worker_id=self.worker_id,
                stop=self.stop,
                backoff=self.backoff,
                index=index,
            )
            for job in self.jobs
            for index in range(job.concurrency)
        ]
        threads = [
            self.thread(runner.name, runner.run_forever) for runner in self.runners
        ]
        listener = self.listener()
        if listener is not None:
            threads.append(self.thread("listener", listener.run_forever))
        started = time.monotonic()
        # Signals are routed before the start is logged, so a stop requested
        # by anyone who saw that line is always a graceful one.
        with self.stop_signals():
            self.log_start(once=False)
            for thread in threads:
                thread.start()
            while not self.stop.wait(0.5):
                pass
            wake_all([[runner.wake for runner in self.runners]])
            self.wait_for(threads)
        self.log_stop(time.monotonic() - started)
        return 0

    def run_once(self) -> int:
        """Run each job until it has no work left, then return the exit code.

        Returns 1 when a job failed `once_max_attempts` times in a row, so an
        external scheduler can detect the failure; the other jobs still run.
        """
        self.runners = [
            JobRunner(
                job, worker_id=self.worker_id, stop=self.stop, backoff=self.backoff
            )
            for job in self.jobs
        ]
        started = time.monotonic()
        exit_code = 0
        with self.stop_signals():
            self.log_start(once=True)
            for runner in self.runners:
                if not self.drain(runner):
                    exit_code = 1
        self.log_stop(time.monotonic() - started)
        return exit_code

    def drain(self, runner: JobRunner) -> bool:
        """Run one job until it reports no work; return False when it gave up."""
        while not self.stop.is_set():
            outcome = runner.attempt()
            if outcome is not None and outcome.done == 0:
                return True
            if outcome is None and runner.failures >= self.settings.once_max_attempts:
                logger.error(
                    "job %s failed %d times in a row; giving up until the next run",
                    runner.name,
                    runner.failures,
                    extra={
                        "event": "job_gave_up",
                        "worker_id": self.worker_id,
                        "job": runner.name,
                    },
                )
                return False
            if outcome is None:
                self.stop.wait(runner.retry_delay)
        return True

    def request_stop(self, reason: str) -> None:
        """Stop claiming work; a second request also stops waiting for running sets."""
        if self.stop.is_set():
            logger.warning(
                "%s again: exiting without waiting for sets in progress",
                reason,
                extra={"event": "worker_hurry", "worker_id": self.worker_id},
            )
            self.hurry.set()
            return
        logger.info(
            "%s: finishing sets in progress, then stopping",
            reason,
            extra={"event": "worker_stopping", "worker_id": self.worker_id},
        )
        self.stop.set()

    def listener(self) -> Listener | None:
        """Return a listener for the runners' channels, or None when no job has one."""
        wakes: dict[str, list[threading.Event]] = {}
        for runner in self.runners:
            for channel in runner.job.channels:
                wakes.setdefault(channel, []).append(runner.wake)
        if not wakes:
            return None
        return Listener(
            self.database,
            wakes,
            worker_id=self.worker_id,
            stop=self.stop,
            backoff=self.backoff,
        )

    def thread(self, name: str, target: object) -> threading.Thread:
        """Return a daemon thread, so that a forced exit does not wait for it."""
        return threading.Thread(target=target, name=f"precheckin-{name}", daemon=True)  # type: ignore[arg-type]

    def wait_for(self, threads: Sequence[threading.Thread]) -> None:
        """Join the threads until `shutdown_timeout` passes or a second signal comes."""
        deadline = time.monotonic() + self.settings.shutdown_timeout
        for thread in threads:
            while thread.is_alive() and not self.hurry.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                thread.join(min(remaining, 0.5))
        running = [thread.name for thread in threads if thread.is_alive()]
        if running:
            logger.warning(
                "stopping with sets still in progress in %s; the database releases "
                "their claims when this process exits",
                ", ".join(running),
                extra={"event": "worker_abandoned_sets", "worker_id": self.worker_id},
            )

    @contextmanager
    def stop_signals(self) -> Iterator[None]:
        """Route SIGTERM and SIGINT to `request_stop` while the worker runs."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def handle(signum: int, frame: FrameType | None) -> None:
            self.request_stop(signal.Signals(signum).name)

        previous = {sig: signal.signal(sig, handle) for sig in STOP_SIGNALS}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def log_start(self, *, once: bool) -> None:
        """Log the worker's id, mode, jobs and settings."""
        jobs = "; ".join(describe_job(job) for job in self.jobs)
        settings = ", ".join(
            f"{key}={value}" for key, value in self.logged_settings.items()
        )
        logger.info(
            "worker %s started%s on %s: %s; settings: %s",
            self.worker_id,
            " (--once)" if once else "",
            self.database.location,
            jobs,
            settings or "defaults",
            extra={
                "event": "worker_started",
                "worker_id": self.worker_id,
                "once": once,
            },
        )

    def log_stop(self, seconds: float) -> None:
        """Log what each job did while the worker ran."""
        done = ", ".join(
            f"{runner.name} {runner.stats.sets} sets ({runner.stats.done} done, "
            f"{runner.stats.errors} errors)"
            for runner in self.runners
        )
        logger.info(
            "worker %s stopped after %.1f s: %s",
            self.worker_id,
            seconds,
            done or "no jobs",
            extra={"event": "worker_stopped", "worker_id": self.worker_id},
        )


def describe_job(job: Job) -> str:
    """Return how the worker runs a job, for the start log line."""
    wakes = f", woken by {', '.join(job.channels)}" if job.channels else ""
    return f"{job.name} x{job.concurrency} every {job.interval:g} s when idle{wakes}"
