"""LISTEN for new work and wake the job runners that handle it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping, Sequence

from psycopg import sql

from ..db.connection import Database
from .runner import CONNECTION_ERRORS, Backoff

logger = logging.getLogger(__name__)

# How long one wait for notifications lasts before the stop flag is checked.
CHECK_STOP_EVERY = 0.5


class Listener:
    """Hold one connection that LISTENs on the jobs' channels and set their events.

    A lost connection is reopened with backoff. After each (re)connection all
    events are set once, because a NOTIFY sent while no session listened is lost.
    """

    def __init__(
        self,
        database: Database,
        wakes: Mapping[str, Sequence[threading.Event]],
        *,
        worker_id: str,
        stop: threading.Event,
        backoff: Backoff,
    ) -> None:
        self.database = database
        self.wakes = wakes
        self.worker_id = worker_id
        self.stop = stop
        self.backoff = backoff
        self.failures = 0

    def run_forever(self) -> None:
        """Listen until `stop` is set, reconnecting after each lost connection."""
        while not self.stop.is_set():
            try:
                self.listen()
            except CONNECTION_ERRORS as error:
                self.failures += 1
                delay = self.backoff.delay(self.failures)
                logger.warning(
                    "listener lost the database connection (%s); retry %d in %.1f s",
                    error,
                    self.failures,
                    delay,
                    extra={
                        "event": "listener_retry",
                        "worker_id": self.worker_id,
                        "attempt": self.failures,
                    },
                )
                self.stop.wait(delay)

    def listen(self) -> None:
        """Open the connection, LISTEN, and pass notifications on until stopped."""
        with self.database.connect(autocommit=True) as conn:
            for channel in self.wakes:
                conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
            if self.failures:
                logger.info(
                    "listener reconnected after %d failed attempts",
                    self.failures,
                    extra={"event": "listener_recovered", "worker_id": self.worker_id},
                )
            self.failures = 0
            wake_all(self.wakes.values())
            while not self.stop.is_set():
                for notify in conn.notifies(timeout=CHECK_STOP_EVERY):
                    logger.debug(
                        "NOTIFY on %s",
                        notify.channel,
                        extra={"worker_id": self.worker_id},
                    )
                    wake_all([self.wakes.get(notify.channel, ())])


def wake_all(groups: Iterable[Sequence[threading.Event]]) -> None:
    """Set every event in the groups."""
    for events in groups:
        for event in events:
            event.set()
