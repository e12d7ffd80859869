"""Numbered plain-SQL migrations: find them, apply the missing ones, check currency."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import psycopg
from psycopg.rows import tuple_row

from ..errors import SchemaOutdated

logger = logging.getLogger(__name__)

FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

# Any fixed number works; every precheckin process takes this one advisory lock
# around migrations so that two upgrades at once apply each file once.
MIGRATION_LOCK_KEY = 7_215_004_001

CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


@dataclass(frozen=True)
class Migration:
    """One numbered SQL file of `precheckin/migrations`."""

    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    """Return the migrations shipped with this version, in order."""
    found = []
    for entry in resources.files("precheckin.migrations").iterdir():
        match = FILE_NAME.match(entry.name)
        if match:
            found.append(
                Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8"))
            )
    return sorted(found, key=lambda migration: migration.version)


def applied_versions(conn: psycopg.Connection[Any]) -> set[int]:
    """Return the versions recorded in the database; none when it is empty."""
    with conn.cursor(row_factory=tuple_row) as cur:
        cur.execute("SELECT to_regclass('schema_migrations')")
        row = cur.fetchone()
        if row is None or row[0] is None:
            return set()
        cur.execute("SELECT version FROM schema_migrations")
        return {version for (version,) in cur.fetchall()}


def pending_migrations(conn: psycopg.Connection[Any]) -> list[Migration]:
    """Return the shipped migrations that the database lacks."""
    done = applied_versions(conn)
    return [m for m in available_migrations() if m.version not in done]


def upgrade(conn: psycopg.Connection[Any]) -> list[Migration]:
    """Apply the missing migrations in order, each in its own transaction.

    Safe to run twice or from two processes at once: a session advisory lock
    serializes upgrades and each one re-reads what is applied after taking it.
    `conn` must be in autocommit mode. Returns the migrations applied here.
    """
    applied: list[Migration] = []
    conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
    try:
        conn.execute(CREATE_TABLE)
        for migration in pending_migrations(conn):
            with conn.transaction():
                conn.execute(migration.sql.encode())
                conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                    (migration.version, migration.name),
                )
            logger.info(
                "applied migration %04d_%s",
                migration.version,
                migration.name,
                extra={"event": "migration_applied", "version": migration.version},
            )
            applied.append(migration)
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_KEY,))
    return applied


def require_current(conn: psycopg.Connection[Any]) -> None:
    """Raise SchemaOutdated unless every shipped migration is applied."""
    missing = pending_migrations(conn)
    if missing:
        names = ", ".join(f"{m.version:04d}_{m.name}" for m in missing)
        raise SchemaOutdated(
            f"The database schema is behind this version of precheckin "
            f"(missing {names}). Run `precheckin db upgrade` first."
        )
