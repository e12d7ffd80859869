"""Shared fixtures: a real PostgreSQL, with a fresh database per test.

`PRECHECKIN_TEST_DATABASE_URL` names a server to use (for example the local
PostgreSQL 15); without it the tests start the embedded server in a temporary
folder. Either way a template database is migrated once per run and each test
gets its own copy, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row

from precheckin.db.connection import Database
from precheckin.db.migrations import upgrade

SRC = Path(__file__).resolve().parents[1] / "src"


def pytest_configure(config: pytest.Config) -> None:
    """Make subprocesses (the CLI, crash tests) import this checkout's precheckin.

    pytest puts `src` on sys.path only for its own process, and the venv may
    hold an editable install of another checkout.
    """
    paths = [str(SRC), os.environ.get("PYTHONPATH", "")]
    os.environ["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)


def with_dbname(url: str, dbname: str) -> str:
    """Return a connection string for another database on the same server."""
    params = psycopg.conninfo.conninfo_to_dict(url)
    params["dbname"] = dbname
    return psycopg.conninfo.make_conninfo(**params)


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return the URL of the PostgreSQL server the tests run against."""
    url = os.environ.get("PRECHECKIN_TEST_DATABASE_URL")
    if url:
        return url
    from precheckin.db.embedded import start_embedded

    return start_embedded(tmp_path_factory.mktemp("embedded"))


@pytest.fixture(scope="session")
def template_db(server_url: str) -> Iterator[str]:
    """Create and migrate a template database once per test run."""
    name = f"precheckin_tpl_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(with_dbname(server_url, name), autocommit=True) as conn:
        upgrade(conn)
    yield name
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db_url(server_url: str, template_db: str) -> Iterator[str]:
    """Return the URL of a fresh migrated database for one test."""
    name = f"precheckin_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
    yield with_dbname(server_url, name)
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def database(db_url: str) -> Database:
    """Return the per-test database as precheckin code takes it."""
    return Database(url=db_url, embedded=False, location="test database")


@pytest.fixture
def conn(db_url: str) -> Iterator[psycopg.Connection[dict]]:  # type: ignore[type-arg]
    """Return an autocommit connection with dict rows to the per-test database."""
    with psycopg.connect(db_url, autocommit=True, row_factory=dict_row) as connection:
        yield connection


@pytest.fixture
def samples_dir() -> Path:
    """Return the folder of CSV files that the tests carry."""
    return Path(__file__).parent / "files"
