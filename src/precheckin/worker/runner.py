"""One job's loop: run sets while there is work, wait when idle, back off on errors."""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass

import psycopg

from ..errors import DatabaseUnavailable
from .jobs import Job, SetResult

logger = logging.getLogger(__name__)

# Errors that mean the database is unreachable or the connection broke; the
# job is retried after a pause instead of being logged as a failure.
CONNECTION_ERRORS = (
    psycopg.OperationalError,
    psycopg.InterfaceError,
    DatabaseUnavailable,
)


@dataclass(frozen=True)
class Backoff:
    """Exponential delays between retries, with jitter, capped at `max_delay`."""

    initial_delay: float
    max_delay: float

    def delay(self, attempt: int) -> float:
        """Return the seconds to wait before retry number `attempt` (from 1)."""
        base = min(self.max_delay, self.initial_delay * 2.0 ** min(attempt - 1, 30))
        # Up to 20% less, so workers that lost the database together do not
        # all reconnect at the same instant.
        return base * (1 - 0.2 * random.random())


@dataclass
class JobStats:
    """Sets, units of work and errors of one runner since it started."""

    sets: int = 0
    done: int = 0
    errors: int = 0


class JobRunner:
    """Run one job in a loop until `stop` is set.

    Each runner has its own wake event, which the listener sets when a NOTIFY
    arrives for the job and the worker sets when it stops.
    """

    def __init__(
        self,
        job: Job,
        *,
        worker_id: str,
        stop: threading.Event,
        backoff: Backoff,
        index: int = 0,
    ) -> None:
        self.job = job
        self.worker_id = worker_id
        self.stop = stop
        self.backoff = backoff
        self.name = f"{job.name}-{index}" if job.concurrency > 1 else job.name
        self.wake = threading.Event()
        self.stats = JobStats()
        self.failures = 0
        self.retry_delay = 0.0

    def run_forever(self) -> None:
        """Run sets while there is work, else wait for a wake-up or the interval."""
        logger.debug("job %s started", self.name, extra=self.log_ids())
        while not self.stop.is_set():
            self.wake.clear()
            outcome = self.attempt()
            if outcome is None:
                self.stop.wait(self.retry_delay)
            elif outcome.done == 0:
                self.wake.wait(self.job.interval)
        logger.debug("job %s stopped", self.name, extra=self.log_ids())

    def attempt(self) -> SetResult | None:
        """Run and log one set; on an error, log it and return None."""
        started = time.monotonic()
        try:
            outcome = self.job.run_set()
        except CONNECTION_ERRORS as error:
            self.record_failure(error, connection=True)
            return None
        except Exception as error:  # noqa: BLE001  (the worker outlives any one set)
            self.record_failure(error, connection=False)
            return None
        if self.failures:
            logger.info(
                "job %s recovered after %d failed attempts",
                self.name,
                self.failures,
                extra=self.log_ids(event="job_recovered"),
            )
        self.failures = 0
        self.record_set(outcome, time.monotonic() - started)
        return outcome

    def record_set(self, outcome: SetResult, seconds: float) -> None:
        """Count a finished set and log it when it did work."""
        if outcome.done == 0:
            logger.debug("job %s: no work waiting", self.name, extra=self.log_ids())
            return
        self.stats.sets += 1
        self.stats.done += outcome.done
        details = ", ".join(f"{key} {value}" for key, value in outcome.counts.items())
        logger.info(
            "job %s finished a set of %d in %.2f s%s",
            self.name,
            outcome.done,
            seconds,
            f" ({details})" if details else "",
            extra=self.log_ids(
                event="set_finished", done=outcome.done, counts=dict(outcome.counts)
            ),
        )

    def record_failure(self, error: BaseException, *, connection: bool) -> None:
        """Count a failed set, choose the retry delay and log both."""
        self.failures += 1
        self.stats.errors += 1
        self.retry_delay = self.backoff.delay(self.failures)
        ids = self.log_ids(event="job_retry", attempt=self.failures)
        if connection:
            logger.warning(
                "job %s lost the database connection (%s); retry %d in %.1f s",
                self.name,
                error,
                self.failures,
                self.retry_delay,
                extra=ids,
            )
            return
        logger.error(
            "job %s failed (%s: %s); retry %d in %.1f s",
            self.name,
            type(error).__name__,
            error,
            self.failures,
            self.retry_delay,
            exc_info=error,
            extra=ids,
        )

    def log_ids(self, **fields: object) -> dict[str, object]:
        """Return the `extra` of a log record: worker id, job and any other fields."""
        return {"worker_id": self.worker_id, "job": self.name, **fields}
