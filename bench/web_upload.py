"""Upload through the HTTP API: time to 202 and the server's peak memory.

Usage: python bench/web_upload.py --rows 200000

Uses DATABASE_URL when set, else an embedded PostgreSQL in a temporary folder.
Starts `precheckin serve` as a child process on a free port of 127.0.0.1,
creates a hotel and a key, writes a generated export to a temporary file and
uploads it with httpx, which streams the file from disk. Prints the file's
size, the seconds until the 202 (the rows are staged then, not processed), the
staged rows per second, and the server's peak resident memory (VmHWM) before
and after the upload.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

import httpx
import psycopg

from precheckin.db.migrations import upgrade
from precheckin.samples.generate import write_export


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fresh_database(server_url: str) -> str:
    """Create and migrate an empty database for this run and return its URL."""
    name = f"precheckin_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    params = psycopg.conninfo.conninfo_to_dict(server_url)
    params["dbname"] = name
    url = psycopg.conninfo.make_conninfo(**params)
    with psycopg.connect(url, autocommit=True) as conn:
        upgrade(conn)
    return url


def peak_memory_mib(pid: int) -> float:
    """Return a process's peak resident memory in MiB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def precheckin(env: dict[str, str], *args: str) -> str:
    """Run a precheckin command and return its standard output."""
    command = [sys.executable, "-m", "precheckin", *args]
    return subprocess.run(
        command, env=env, check=True, capture_output=True, text=True
    ).stdout


def wait_until_up(base_url: str, server: subprocess.Popen[bytes]) -> None:
    """Poll /healthz until the server returns 200."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("precheckin serve exited before it was up")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("precheckin serve did not come up within 60 seconds")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        server_url = os.environ.get("DATABASE_URL")
        if server_url is None:
            from precheckin.db.embedded import start_embedded

            server_url = start_embedded(Path(folder) / "data")
        env = os.environ | {"DATABASE_URL": fresh_database(server_url)}
        env["PRECHECKIN_MAX_UPLOAD_BYTES"] = str(2**34)

        export = Path(folder) / "export.csv"
        with export.open("w", encoding="utf-8", newline="") as out:
            write_export(out, args.rows, first_day=date(2027, 3, 1))
        size_mib = export.stat().st_size / 2**20

        precheckin(env, "hotels", "add", "bench", "--name", "Bench Hotel",
                   "--timezone", "Europe/Berlin", "--country", "DE")  # fmt: skip
        key = precheckin(env, "keys", "create", "--hotel", "bench").strip()
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "precheckin", "-q", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_until_up(base_url, server)
            before = peak_memory_mib(server.pid)
            started = time.perf_counter()
            with export.open("rb") as source:
                response = httpx.post(
                    f"{base_url}/api/hotels/bench/imports",
                    headers={"Authorization": f"Bearer {key}"},
                    files={"file": ("export.csv", source, "text/csv")},
                    timeout=3600,
                )
            seconds = time.perf_counter() - started
            after = peak_memory_mib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)

    response.raise_for_status()
    staged = response.json()["total_rows"]
    print(f"file: {args.rows} rows, {size_mib:.1f} MiB")
    print(f"upload to 202: {seconds:.2f} s, {staged / seconds:,.0f} rows/s staged")
    print(f"server peak memory: {before:.0f} MiB before, {after:.0f} MiB after")


if __name__ == "__main__":
    main()
