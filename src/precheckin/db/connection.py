"""The database to use, and connections and pools to it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from ..config import Settings
from ..errors import DatabaseUnavailable

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Database:
    """A PostgreSQL server to use, and whether precheckin runs it itself."""

    url: str
    embedded: bool
    location: str

    def connect(self, *, autocommit: bool = False) -> psycopg.Connection[dict]:  # type: ignore[type-arg]
        """Open one connection whose rows are dicts."""
        try:
            return psycopg.connect(
                self.url, autocommit=autocommit, row_factory=dict_row
            )
        except psycopg.OperationalError as error:
            raise DatabaseUnavailable(
                f"Cannot connect to the database at {self.location}: {error}"
            ) from error

    def pool(self, max_size: int = 8) -> ConnectionPool:
        """Open a pool of connections whose rows are dicts."""
        return ConnectionPool(
            self.url,
            min_size=1,
            max_size=max_size,
            kwargs={"row_factory": dict_row},
            open=True,
            name="precheckin",
        )


def describe_url(url: str) -> str:
    """Return host, port and database of a URL, without user or password."""
    params = psycopg.conninfo.conninfo_to_dict(url)
    host = params.get("host") or "localhost"
    port = params.get("port") or "5432"
    return f"{host}:{port}/{params.get('dbname', '')}"


def resolve_database(settings: Settings) -> Database:
    """Return the configured server, or start the embedded one."""
    if settings.database_url:
        url = settings.database_url
        return Database(url=url, embedded=False, location=describe_url(url))

    from .embedded import start_embedded

    url = start_embedded(settings.data_dir)
    location = f"embedded PostgreSQL in {settings.data_dir / 'postgres'}"
    return Database(url=url, embedded=True, location=location)
