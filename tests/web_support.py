"""Helpers and fixtures for tests of the web app: live server, clock, test data."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest
import uvicorn
from fastapi import FastAPI

from precheckin.auth.keys import create_key
from precheckin.db.connection import Database
from precheckin.hotels import Hotel, create_hotel
from precheckin.web import create_app
from precheckin.web.settings import WebSettings

START = datetime(2026, 5, 10, 8, 0, tzinfo=UTC)


class FakeClock:
    """A clock that stays fixed until a test advances it."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class LiveServer:
    """The app under uvicorn in a thread, on a free port of 127.0.0.1."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start within 20 seconds")
            time.sleep(0.02)
        return self

    @property
    def url(self) -> str:
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


@dataclass(frozen=True)
class HotelWithKey:
    """A hotel and an API key that reaches it."""

    hotel: Hotel
    key: str
    key_id: int


def add_hotel(conn: psycopg.Connection[Any], code: str, name: str) -> HotelWithKey:
    """Create a German hotel and a key for it."""
    hotel = create_hotel(
        conn,
        code=code,
        name=name,
        timezone="Europe/Berlin",
        country="DE",
        wa_phone_number_id="1055",
        email_from="stay@example.com",
    )
    key_id, key = create_key(conn, hotel_code=code, admin=False, name="test", now=START)
    return HotelWithKey(hotel, key, key_id)


@dataclass(frozen=True)
class GuestBooking:
    """A booking made for a test, with its token."""

    id: int
    token: str


def add_booking(
    conn: psycopg.Connection[Any],
    hotel_id: int,
    reference: str,
    *,
    guest_name: str = "Erika Mustermann",
    checkin: date = date(2026, 5, 12),
    nights: int = 2,
    status: str = "CONFIRMED",
    token_expires_at: datetime = START + timedelta(days=10),
) -> GuestBooking:
    """Insert a booking and its token as processing would."""
    row = conn.execute(
        "INSERT INTO bookings (hotel_id, booking_reference, guest_name, email, phone,"
        " checkin_date, checkout_date, guests, status)"
        " VALUES (%s, %s, %s, 'erika@example.com', '+4915112345678', %s, %s, 2, %s)"
        " RETURNING id",
        (
            hotel_id,
            reference,
            guest_name,
            checkin,
            checkin + timedelta(days=nights),
            status,
        ),
    ).fetchone()
    booking_id = int(row["id"] if isinstance(row, dict) else row[0])
    token = secrets.token_urlsafe(24)
    conn.execute(
        "INSERT INTO precheckin_tokens (booking_id, token, expires_at)"
        " VALUES (%s, %s, %s)",
        (booking_id, token, token_expires_at),
    )
    return GuestBooking(booking_id, token)


def add_notification(
    conn: psycopg.Connection[Any],
    booking_id: int,
    hotel_id: int,
    *,
    template: str = "precheckin_link",
    channel: str = "whatsapp",
    status: str = "pending",
    retry_count: int = 0,
    last_error: str | None = None,
) -> int:
    """Insert a notification in the given state and return its id."""
    row = conn.execute(
        "INSERT INTO notification_queue (booking_id, hotel_id, channel, template_code,"
        " status, retry_count, last_error, next_attempt_at)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
        (
            booking_id,
            hotel_id,
            channel,
            template,
            status,
            retry_count,
            last_error,
            START,
        ),
    ).fetchone()
    return int(row["id"] if isinstance(row, dict) else row[0])


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


# A German property-management export: Windows-1252, semicolons, day-first dates.
# Proposed mapping takes "Telefon" for phone; the clerk picks "Handy" instead.
GERMAN_EXPORT_LINES = (
    "Buchungsnummer;Gastname;Anreise;Abreise;Telefon;Handy;E-Mail;Zimmer;Personen",
    "B-1001;Jürgen Weiß;12.05.2026;14.05.2026;030 1234567;0151 23456789;"
    "juergen@example.de;101;2",
    "B-1002;Zoë Müller;13.05.2026;15.05.2026;;0171 9876543;;102;1",
    "B-1003;Björn Groß;15.05.2026;14.05.2026;;;bjoern@example.de;103;2",
    'B-1004;"=HYPERLINK(""http://x.example"")";;17.05.2026;;;;104;1',
    "B-1005;Ana Ruiz;18.05.2026;20.05.2026;;;ana@example.es;105;3",
)


def german_export() -> bytes:
    """Return the German export's bytes: 5 bookings, of which 2 fail."""
    return ("\r\n".join(GERMAN_EXPORT_LINES) + "\r\n").encode("cp1252")
