"""Fixtures of the web tests: two hotels with a key each, and the app under uvicorn."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest

from precheckin.auth.keys import create_key
from precheckin.db.connection import Database
from precheckin.web import create_app
from precheckin.web.settings import WebSettings
from tests.web_support import START, FakeClock, HotelWithKey, LiveServer, add_hotel

# Small limits, so that tests reach them with small files.
TEST_SETTINGS = {"max_upload_bytes": 64 * 1024, "max_form_bytes": 16 * 1024}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def berlin(conn: psycopg.Connection[Any]) -> HotelWithKey:
    return add_hotel(conn, "berlin-mitte", "Hotel Berlin Mitte")


@pytest.fixture
def munich(conn: psycopg.Connection[Any]) -> HotelWithKey:
    return add_hotel(conn, "munich-ost", "Hotel München Ost")


@pytest.fixture
def admin_key(conn: psycopg.Connection[Any]) -> str:
    return create_key(conn, hotel_code=None, admin=True, name="ops", now=START)[1]


@pytest.fixture
def server(database: Database, clock: FakeClock) -> Iterator[LiveServer]:
    settings = WebSettings(**TEST_SETTINGS)  # type: ignore[arg-type]
    with LiveServer(create_app(database, settings, clock=clock)) as live:
        yield live


@pytest.fixture
def client(server: LiveServer) -> Iterator[httpx.Client]:
    """Return a client without a key."""
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


def client_for(server: LiveServer, key: str) -> httpx.Client:
    """Return a client that sends a key as bearer token."""
    headers = {"Authorization": f"Bearer {key}"}
    return httpx.Client(base_url=server.url, headers=headers, timeout=30)


@pytest.fixture
def berlin_client(server: LiveServer, berlin: HotelWithKey) -> Iterator[httpx.Client]:
    with client_for(server, berlin.key) as http:
        yield http


@pytest.fixture
def munich_client(server: LiveServer, munich: HotelWithKey) -> Iterator[httpx.Client]:
    with client_for(server, munich.key) as http:
        yield http
