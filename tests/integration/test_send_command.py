"""`precheckin send` sends the due notifications and prints a summary table."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from precheckin.cli import app
from precheckin.errors import ConfigError
from tests.delivery_support import Connection, add_hotel, guest, notification_row

FAR_FUTURE = datetime(2999, 1, 1, tzinfo=UTC)


def test_send_command_fills_outbox(
    conn: Connection, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hotel = add_hotel(conn)
    # The command runs on the real clock, so the tokens must outlive any test run.
    whatsapp = guest(conn, hotel, 1, "whatsapp", token_expires_at=FAR_FUTURE)
    email = guest(conn, hotel, 2, "email", token_expires_at=FAR_FUTURE)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("PRECHECKIN_PUBLIC_URL", "https://stay.example.com/p/")
    outbox = tmp_path / "outbox"

    result = CliRunner().invoke(app, ["send", "--outbox", str(outbox)])

    lines = [line for line in result.stdout.splitlines() if "│" in line]
    assert result.exit_code == 0, result.output
    assert len(list(outbox.iterdir())) == 2
    assert any(line.split("│")[1].strip() == "total" for line in lines)
    assert [cell.strip() for cell in lines[-1].split("│")[1:6]] == [
        "total",
        "2",
        "0",
        "0",
        "0",
    ]
    assert notification_row(conn, whatsapp)["status"] == "sent"
    assert notification_row(conn, email)["status"] == "sent"


def test_send_command_rejects_bad_setting(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("PRECHECKIN_SEND_MAX_ATTEMPTS", "zero")

    result = CliRunner().invoke(app, ["send"])

    assert isinstance(result.exception, ConfigError)
    assert str(result.exception).startswith(
        "Invalid sender setting PRECHECKIN_SEND_MAX_ATTEMPTS: Input should be"
    )
