"""Backoff, masking, Retry-After, batch responses and settings of the sender."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from precheckin.notifications.backoff import next_attempt_at, retry_delay
from precheckin.notifications.masking import mask_email, mask_phone, scrub
from precheckin.notifications.models import Result
from precheckin.notifications.providers.http import retry_after_seconds
from precheckin.notifications.providers.messages import Email
from precheckin.notifications.providers.resend import batch_outcomes
from precheckin.notifications.settings import NotificationSettings

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("attempt", "seconds"),
    [
        pytest.param(1, 300, id="first"),
        pytest.param(2, 900, id="second"),
        pytest.param(3, 2700, id="third"),
        pytest.param(6, 21600, id="capped"),
    ],
)
def test_retry_delay_grows(attempt: int, seconds: float) -> None:
    assert retry_delay(attempt, NotificationSettings()) == seconds


def test_retry_after_beats_backoff() -> None:
    when = next_attempt_at(NOW, 1, NotificationSettings(), retry_after=1000)
    assert when == NOW + timedelta(seconds=1000)


def test_short_retry_after_keeps_backoff() -> None:
    when = next_attempt_at(NOW, 1, NotificationSettings(), retry_after=2)
    assert when == NOW + timedelta(seconds=300)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        pytest.param("120", 120.0, id="seconds"),
        pytest.param("Mon, 02 Mar 2026 09:10:00 GMT", 600.0, id="http-date"),
        pytest.param("soon", None, id="garbage"),
    ],
)
def test_retry_after_parsing(value: str, seconds: float | None) -> None:
    response = httpx.Response(429, headers={"retry-after": value})
    assert retry_after_seconds(response, NOW) == seconds


@pytest.mark.parametrize(
    ("recipient", "masked"),
    [
        pytest.param("+4915112345789", "+49********789", id="phone"),
        pytest.param("12345", "*****", id="short-phone"),
    ],
)
def test_mask_phone(recipient: str, masked: str) -> None:
    assert mask_phone(recipient) == masked


def test_mask_email_keeps_domain() -> None:
    assert mask_email("john.doe@example.com") == "j***@example.com"


def test_scrub_hides_digits_only_form() -> None:
    text = scrub("to 4915112345789 and +4915112345789", "+4915112345789")
    assert "4915112345789" not in text.replace("*", "")
    assert "2345" not in text


def email(number: int) -> Email:
    return Email(
        number,
        "precheckin_link",
        "a@h.example",
        f"g{number}@x.example",
        "s",
        "<p>h</p>",
        "t",
        f"key-{number}",
    )


def test_batch_outcomes_skip_rejected_index() -> None:
    body = {
        "data": [{"id": "e0"}, {"id": "e2"}],
        "errors": [{"index": 1, "message": "bad"}],
    }
    outcomes = batch_outcomes([email(0), email(1), email(2)], body)
    assert [o.result for o in outcomes] == [Result.SENT, Result.FAILED, Result.SENT]
    assert [o.provider_message_id for o in outcomes] == ["e0", None, "e2"]


def test_batch_outcomes_distrust_short_answer() -> None:
    outcomes = batch_outcomes([email(0), email(1)], {"data": [{"id": "e0"}]})
    assert [o.result for o in outcomes] == [Result.FAILED, Result.FAILED]


def test_settings_read_provider_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WHATSAPP_TOKEN", "secret-token")
    monkeypatch.setenv("WHATSAPP_API_URL", "http://127.0.0.1:9/")
    monkeypatch.setenv("PRECHECKIN_OUTBOX", "/tmp/outbox")
    monkeypatch.setenv("PRECHECKIN_WHATSAPP_TEMPLATES__PRECHECKIN_LINK__LANGUAGE", "de")
    settings = NotificationSettings()
    assert settings.whatsapp_token is not None
    assert settings.whatsapp_token.get_secret_value() == "secret-token"
    assert "secret-token" not in repr(settings)
    assert settings.whatsapp_api_url == "http://127.0.0.1:9"
    assert str(settings.outbox) == "/tmp/outbox"
    assert settings.whatsapp_templates["precheckin_link"].language == "de"
    assert settings.whatsapp_templates["precheckin_link"].name == "precheckin_link"
    assert settings.whatsapp_templates["precheckin_reminder_1"].language == "en_US"


def test_settings_default_to_no_provider() -> None:
    settings = NotificationSettings(_env_file=None)  # type: ignore[call-arg]
    assert settings.whatsapp_api_url is None
    assert settings.resend_api_url is None


@pytest.mark.parametrize(
    ("base", "link"),
    [
        pytest.param(
            "https://stay.example.com/p/", "https://stay.example.com/p/tk", id="slash"
        ),
        pytest.param(
            "https://stay.example.com/p", "https://stay.example.com/p/tk", id="bare"
        ),
    ],
)
def test_link_joins_base_and_token(base: str, link: str) -> None:
    assert NotificationSettings(public_url=base).link("tk") == link
