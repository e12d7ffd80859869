"""Migrations apply in order, once, and are checked before commands run."""

from __future__ import annotations

import threading

import psycopg
import pytest

from precheckin.db.migrations import available_migrations, require_current, upgrade
from precheckin.errors import SchemaOutdated


def test_upgrade_twice_applies_nothing(db_url: str) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        assert upgrade(conn) == []
        require_current(conn)


def test_concurrent_upgrades_apply_each_once(server_url: str) -> None:
    from tests.conftest import with_dbname

    name = "precheckin_t_concurrent_upgrade"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = with_dbname(server_url, name)
    results: list[int] = []

    def run() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            results.append(len(upgrade(conn)))

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [0, 0, len(available_migrations())]
    with psycopg.connect(url, autocommit=True) as conn:
        count = conn.execute("SELECT count(*) FROM schema_migrations").fetchone()
        assert count == (len(available_migrations()),)
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_outdated_schema_names_the_command(db_url: str) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("DELETE FROM schema_migrations")
        with pytest.raises(SchemaOutdated, match="precheckin db upgrade"):
            require_current(conn)
