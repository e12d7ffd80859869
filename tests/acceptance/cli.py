"""Run the `precheckin` command from this checkout as a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src"


def command_env(db_url: str, **extra: str) -> dict[str, str]:
    """Return an environment that points the command at `db_url` and this source."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PRECHECKIN_") and key != "DATABASE_URL"
    }
    # The venv may hold an installed precheckin from another checkout; this
    # source folder comes first so the process runs the code under test.
    env["PYTHONPATH"] = str(SOURCE)
    env["DATABASE_URL"] = db_url
    env["PRECHECKIN_PUBLIC_URL"] = "http://127.0.0.1:8000/precheckin/"
    env.update(extra)
    return env


def run_cli(db_url: str, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run `precheckin ARGS` to completion and return its result."""
    return subprocess.run(
        [sys.executable, "-m", "precheckin", *args],
        env=command_env(db_url, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
