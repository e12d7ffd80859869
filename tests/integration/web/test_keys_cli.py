"""`precheckin keys`: create prints a key once, list hides it, revoke stops it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from typer.testing import CliRunner

from precheckin.auth.keys import authenticate_key
from precheckin.cli import app
from tests.web_support import START, HotelWithKey


@pytest.fixture
def runner(db_url: str) -> Iterator[CliRunner]:
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = db_url
    yield CliRunner()
    if previous is None:
        del os.environ["DATABASE_URL"]
    else:
        os.environ["DATABASE_URL"] = previous


def test_create_prints_key_once(
    runner: CliRunner, berlin: HotelWithKey, conn: psycopg.Connection[Any]
) -> None:
    result = runner.invoke(app, ["keys", "create", "--hotel", "berlin-mitte"])

    key = result.stdout.strip()
    assert result.exit_code == 0
    assert key.startswith("pck_")
    principal = authenticate_key(conn, key, now=START)
    assert principal is not None
    assert principal.hotel_code == "berlin-mitte"
    assert principal.admin is False
    listing = runner.invoke(app, ["keys", "list"]).stdout
    assert key not in listing
    assert key[:12] in listing


def test_create_admin_key(runner: CliRunner, conn: psycopg.Connection[Any]) -> None:
    result = runner.invoke(app, ["keys", "create", "--admin", "--name", "scheduler"])

    principal = authenticate_key(conn, result.stdout.strip(), now=START)
    assert result.exit_code == 0
    assert principal is not None
    assert principal.admin is True
    assert principal.reaches("any-hotel")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param([], "--hotel CODE", id="no-hotel"),
        pytest.param(["--hotel", "nowhere"], "nowhere", id="unknown-hotel"),
    ],
)
def test_create_rejects_bad_hotel(
    runner: CliRunner, berlin: HotelWithKey, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["keys", "create", *args])

    assert result.exit_code != 0
    assert message in str(result.exception)


def test_revoke_stops_key(
    runner: CliRunner, berlin: HotelWithKey, conn: psycopg.Connection[Any]
) -> None:
    result = runner.invoke(app, ["keys", "revoke", str(berlin.key_id)])

    assert result.exit_code == 0
    assert authenticate_key(conn, berlin.key, now=START) is None
    assert "berlin-mitte" not in runner.invoke(app, ["keys", "list"]).stdout
    assert "berlin-mitte" in runner.invoke(app, ["keys", "list", "--all"]).stdout
