"""The CLI as a user runs it: a process per command, real files, a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import csv_bytes


def run_cli(
    db_url: str, *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run `python -m precheckin ARGS` against the test database."""
    env = {**os.environ, "DATABASE_URL": db_url, "COLUMNS": "200"}
    result = subprocess.run(
        [sys.executable, "-m", "precheckin", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}: {result.stderr}")
    return result


@pytest.fixture
def hotel(db_url: str) -> str:
    run_cli(
        db_url,
        "hotels", "add", "berlin-mitte", "--name", "Hotel Berlin Mitte",
        "--timezone", "Europe/Berlin", "--country", "DE",
        "--wa-phone-number-id", "1055", "--email-from", "stay@example.com",
    )  # fmt: skip
    return "berlin-mitte"


def write_export(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_bytes(
        csv_bytes(
            "Reservierungsnr.;Gast;Telefon;E-Mail;Anreise;Abreise",
            "B1;Jürgen Müßig;0151 23456789;;30.03.2027;02.04.2027",
            "B2;;;zoe@example.org;20.03.2027;26.03.2027",
            encoding="cp1252",
        )
    )
    return path


def test_import_wait_json_reports_result(
    db_url: str, hotel: str, tmp_path: Path
) -> None:
    export = write_export(tmp_path)
    result = run_cli(
        db_url, "import", str(export), "--hotel", hotel, "--wait", "--json"
    )
    summary = json.loads(result.stdout)

    assert summary["status"] == "completed"
    assert summary["rows"]["notified"] == 1
    assert summary["rows"]["failed"] == 1
    assert summary["failed_rows"][0]["line_number"] == 3
    assert summary["links"] == {"whatsapp": 1, "email": 0}
    assert summary["format"]["encoding"] == "windows-1252"


def test_import_without_wait_prints_batch(
    db_url: str, hotel: str, tmp_path: Path
) -> None:
    export = write_export(tmp_path)
    result = run_cli(db_url, "import", str(export), "--hotel", hotel)
    assert "Staged batch 1: 2 rows" in result.stdout

    processed = run_cli(db_url, "process")
    assert "Processed 2 rows" in processed.stdout


def test_batches_table_piped_keeps_values(
    db_url: str, hotel: str, tmp_path: Path
) -> None:
    export = tmp_path / "reservations-march-2027-berlin.csv"
    export.write_bytes(write_export(tmp_path).read_bytes())
    run_cli(db_url, "import", str(export), "--hotel", hotel, "--wait")
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env["DATABASE_URL"] = db_url

    result = subprocess.run(
        [sys.executable, "-m", "precheckin", "batches", "--hotel", hotel],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "reservations-march-2027-berlin.csv" in result.stdout
    assert "staged at (Europe/Berlin)" in result.stdout


def test_dry_run_changes_nothing(db_url: str, hotel: str, tmp_path: Path) -> None:
    export = write_export(tmp_path)
    result = run_cli(
        db_url, "import", str(export), "--hotel", hotel, "--dry-run", "--json"
    )
    summary = json.loads(result.stdout)
    assert summary["dry_run"] is True
    assert summary["bookings"]["created"] == 1
    assert summary["links"]["whatsapp"] == 1

    listed = run_cli(
        db_url, "import", str(export), "--hotel", hotel, "--wait", "--json"
    )
    assert json.loads(listed.stdout)["bookings"]["created"] == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "not a", id="binary"),
        pytest.param(b"Booking Reference,Guest Name\r\n", "no", id="header-only"),
    ],
)
def test_bad_file_exits_nonzero(
    db_url: str, hotel: str, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = run_cli(db_url, "import", str(path), "--hotel", hotel, check=False)

    assert result.returncode == 1
    assert "error:" in result.stderr
    assert message in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_unknown_hotel_names_known_codes(
    db_url: str, hotel: str, tmp_path: Path
) -> None:
    result = run_cli(
        db_url, "import", str(write_export(tmp_path)), "--hotel", "paris", check=False
    )
    assert result.returncode == 1
    assert "berlin-mitte" in result.stderr


def test_outdated_schema_stops_command(db_url: str) -> None:
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("DELETE FROM schema_migrations")
    result = run_cli(db_url, "hotels", "list", check=False)
    assert result.returncode == 2
    assert "precheckin db upgrade" in result.stderr
