"""`precheckin serve` as a process: it listens on 127.0.0.1 and logs no token."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg

from tests.web_support import HotelWithKey, add_booking

SRC = Path(__file__).resolve().parents[3] / "src"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_health(url: str, server: subprocess.Popen[str]) -> httpx.Response:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "precheckin serve exited early"
        try:
            return httpx.get(f"{url}/healthz", timeout=2)
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("precheckin serve did not answer within 60 seconds")


def test_serve_answers_and_hides_tokens(
    db_url: str, conn: psycopg.Connection[Any], berlin: HotelWithKey
) -> None:
    # The server runs on the wall clock, so the link must outlive any test run.
    far_future = datetime(2999, 1, 1, tzinfo=UTC)
    booking = add_booking(conn, berlin.hotel.id, "6001", token_expires_at=far_future)
    port = free_port()
    env = os.environ | {"DATABASE_URL": db_url, "PYTHONPATH": str(SRC)}
    server = subprocess.Popen(
        [sys.executable, "-m", "precheckin", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        health = wait_for_health(url, server)
        guest = httpx.get(f"{url}/precheckin/{booking.token}", timeout=10)
        unknown = httpx.get(f"{url}/precheckin/{'Z' * 32}", timeout=10)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)

    assert health.status_code == 200
    assert guest.status_code == 200
    assert unknown.status_code == 404
    assert f"http://127.0.0.1:{port}/" in output
    assert '"GET /precheckin/… HTTP/1.1" 200' in output
    assert booking.token not in output
    assert "Z" * 32 not in output


def test_sigterm_exits_zero_and_stops_embedded(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"PRECHECKIN_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(SRC)}
    server = subprocess.Popen(
        [sys.executable, "-m", "precheckin", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        health = wait_for_health(f"http://127.0.0.1:{port}", server)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=60)
    pid_file = tmp_path / "data" / "postgres" / "postmaster.pid"

    assert health.status_code == 200
    assert server.returncode == 0, output
    assert not pid_file.exists()
