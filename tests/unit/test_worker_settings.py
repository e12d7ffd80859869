"""Worker settings: CLI overrides and what the start log line may show."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from precheckin.errors import ConfigError
from precheckin.worker.settings import load_worker_settings, masked_settings


class Example(BaseModel):
    database_url: str
    resend_api_key: str | None
    whatsapp_token: str
    whatsapp_api_url: str
    poll_interval: float


def test_masked_settings_hide_secrets() -> None:
    shown = masked_settings(
        Example(
            database_url="postgresql://app:s3cret@db.internal:6432/precheckin",
            resend_api_key=None,
            whatsapp_token="EAAG-very-secret",
            whatsapp_api_url="http://user:pw@127.0.0.1:8080/",
            poll_interval=2.5,
        )
    )

    assert shown == {
        "database_url": "db.internal:6432/precheckin",
        "resend_api_key": "unset",
        "whatsapp_token": "***",
        "whatsapp_api_url": "http://127.0.0.1:8080/",
        "poll_interval": "2.5",
    }


def test_cli_override_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRECHECKIN_WORKER_POLL_INTERVAL", "9")
    monkeypatch.setenv("PRECHECKIN_WORKER_REMINDER_INTERVAL", "600")

    settings = load_worker_settings(poll_interval=1.5, reminder_interval=None)

    assert settings.poll_interval == 1.5
    assert settings.reminder_interval == 600


def test_invalid_setting_names_field() -> None:
    with pytest.raises(ConfigError, match="process_concurrency"):
        load_worker_settings(process_concurrency=0)
