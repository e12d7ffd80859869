"""`precheckin worker` as a process: start, stop on a signal, and --once."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from tests.acceptance.cli import command_env, run_cli


def start_worker(db_url: str, *args: str) -> subprocess.Popen[str]:
    """Start `precheckin worker` and return once it has logged its start."""
    process = subprocess.Popen(
        [sys.executable, "-m", "precheckin", "worker", *args],
        env=command_env(db_url),
        stderr=subprocess.PIPE,
        text=True,
    )
    if process.stderr is None:
        raise RuntimeError("worker started without a stderr pipe")
    for line in process.stderr:
        if " started on " in line:
            return process
    raise RuntimeError(f"worker exited with {process.wait()} before it started")


@pytest.mark.parametrize(
    "stop_signal",
    [
        pytest.param(signal.SIGTERM, id="sigterm"),
        pytest.param(signal.SIGINT, id="sigint"),
    ],
)
def test_worker_stops_cleanly_on_signal(
    db_url: str, stop_signal: signal.Signals
) -> None:
    worker = start_worker(db_url, "--poll-interval", "0.2")

    worker.send_signal(stop_signal)
    _, remaining = worker.communicate(timeout=30)

    assert worker.returncode == 0
    assert f"{stop_signal.name}: finishing sets in progress" in remaining
    assert " stopped after " in remaining


def test_worker_once_exits_when_idle(db_url: str) -> None:
    result = run_cli(db_url, "worker", "--once")

    assert result.returncode == 0, result.stderr
    assert "started (--once)" in result.stderr
    assert " stopped after " in result.stderr


def test_worker_rejects_bad_interval(db_url: str) -> None:
    result = run_cli(db_url, "worker", "--once", "--poll-interval", "0")

    assert result.returncode == 2
    assert "poll_interval" in result.stderr


def test_worker_waits_for_unreachable_database() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens on the port: the worker retries until it is stopped.
    url = f"postgresql://postgres@127.0.0.1:{port}/none?connect_timeout=2"
    worker = subprocess.Popen(
        [sys.executable, "-m", "precheckin", "worker"],
        env=command_env(url),
        stderr=subprocess.PIPE,
        text=True,
    )
    if worker.stderr is None:
        raise RuntimeError("worker started without a stderr pipe")
    retried = False
    for line in worker.stderr:
        if "database unreachable, retrying" in line:
            retried = True
            break
    worker.send_signal(signal.SIGTERM)
    worker.communicate(timeout=30)

    assert retried
    assert worker.returncode == 0


def test_worker_once_fails_on_unreachable_database() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql://postgres@127.0.0.1:{port}/none?connect_timeout=2"
    result = subprocess.run(
        [sys.executable, "-m", "precheckin", "worker", "--once"],
        env=command_env(url),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert "Cannot connect to the database" in result.stderr
