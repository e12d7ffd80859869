"""`precheckin import --wait` on a million-row export: flat memory, exact failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from precheckin.samples.generate import write_export
from tests.acceptance.test_cli_import import run_cli

BIG_ROWS = 1_000_000
SMALL_ROWS = 10_000
BAD_EVERY = 250_000
# Peak memory may grow this much from the small import to the big one. A
# reader that kept the file (90 MB) or its rows in memory would need more.
# Measured peaks on a 2-core Linux VM, PostgreSQL 15: 91 MiB for 10,000
# rows, 126 MiB for 250,000 and 135 MiB for 1,000,000. The growth levels off,
# probably as the bounded caches of phones and emails fill up.
MAX_GROWTH_KB = 80 * 1024

# Runs the CLI in this process and prints its peak resident memory in KiB
# (Linux ru_maxrss) to standard error at exit.
MEASURED_CLI = """
import atexit, resource, runpy, sys
atexit.register(
    lambda: print(
        "max_rss_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        file=sys.stderr,
    )
)
sys.argv = ["precheckin", *sys.argv[1:]]
runpy.run_module("precheckin", run_name="__main__")
"""


def import_measured(db_url: str, path: Path, hotel: str) -> tuple[dict, int]:
    """Import an export with --wait --json; return the summary and peak memory."""
    env = {**os.environ, "DATABASE_URL": db_url, "COLUMNS": "200"}
    result = subprocess.run(
        [sys.executable, "-c", MEASURED_CLI, "import", str(path), "--hotel", hotel]
        + ["--wait", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=1200,
    )
    if result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}: {result.stderr}")
    last_line = result.stderr.strip().splitlines()[-1]
    return json.loads(result.stdout), int(last_line.removeprefix("max_rss_kb "))


@pytest.fixture
def hotel(db_url: str) -> str:
    run_cli(
        db_url,
        "hotels", "add", "berlin-mitte", "--name", "Hotel Berlin Mitte",
        "--timezone", "Europe/Berlin", "--country", "DE",
    )  # fmt: skip
    return "berlin-mitte"


def generated_export(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / f"export-{rows}.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_export(out, rows, bad_every=BAD_EVERY, first_day=date(2027, 1, 1))
    return path


@pytest.mark.slow
@pytest.mark.timeout(1500)
def test_million_rows_flat_memory(
    db_url: str,
    hotel: str,
    tmp_path: Path,
) -> None:
    _, small_peak_kb = import_measured(
        db_url, generated_export(tmp_path, SMALL_ROWS), hotel
    )
    summary, big_peak_kb = import_measured(
        db_url, generated_export(tmp_path, BIG_ROWS), hotel
    )

    # The generator breaks every 250,000th row in turn: no name, check-out
    # before check-in, 31 February.
    assert summary["failed_rows"] == [
        {"line_number": 250_001, "message": "guest name is missing"},
        {
            "line_number": 500_001,
            "message": "check-out 2027-07-26 is before check-in 2027-08-04",
        },
        {"line_number": 750_001, "message": "check-in '2027-02-31' is not a real date"},
        {"line_number": 1_000_001, "message": "guest name is missing"},
    ]
    assert summary["rows"]["total"] == BIG_ROWS
    assert summary["rows"]["valid"] == BIG_ROWS - 4
    assert summary["rows"]["failed"] == 4
    assert summary["rows"]["pending"] == 0
    assert big_peak_kb - small_peak_kb < MAX_GROWTH_KB
