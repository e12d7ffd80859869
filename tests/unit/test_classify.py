"""Provider error codes sort into retryable, permanent and fallback."""

from __future__ import annotations

import pytest

from precheckin.notifications.classify import (
    DAY_SECONDS,
    classify_resend,
    classify_whatsapp,
)


def graph(code: int, **extra: object) -> dict[str, object]:
    return {"error": {"message": f"(#{code}) title", "code": code, **extra}}


@pytest.mark.parametrize(
    ("status", "code", "retryable"),
    [
        pytest.param(503, 2, True, id="service-down"),
        pytest.param(429, 4, True, id="app-rate-limit"),
        pytest.param(429, 130429, True, id="throughput"),
        pytest.param(400, 131056, True, id="pair-limit-on-400"),
        pytest.param(400, 131057, True, id="maintenance"),
        pytest.param(500, 131000, True, id="unknown-send-failure"),
        pytest.param(400, 80007, True, id="waba-rate-limit"),
        pytest.param(401, 190, False, id="token-expired"),
        pytest.param(403, 10, False, id="permission"),
        pytest.param(403, 250, False, id="permission-range"),
        pytest.param(400, 100, False, id="invalid-parameter"),
        pytest.param(400, 131048, False, id="spam-limit"),
        pytest.param(400, 131047, False, id="window-closed"),
        pytest.param(400, 132000, False, id="parameter-count"),
        pytest.param(404, 132001, False, id="unknown-template"),
        pytest.param(400, 131026, False, id="undeliverable"),
        pytest.param(400, 999999, False, id="unlisted-on-400"),
        pytest.param(502, 999999, True, id="unlisted-on-5xx"),
    ],
)
def test_whatsapp_code_classes(status: int, code: int, retryable: bool) -> None:
    error = classify_whatsapp(status, graph(code))
    assert error.retryable is retryable
    assert error.code == str(code)


def test_undeliverable_asks_for_fallback() -> None:
    assert classify_whatsapp(400, graph(131026)).fallback_to_email is True
    assert classify_whatsapp(400, graph(131030)).fallback_to_email is False


def test_marketing_limit_waits_a_day() -> None:
    error = classify_whatsapp(400, graph(131049))
    assert error.retryable is True
    assert error.min_delay == DAY_SECONDS


def test_transient_flag_makes_unlisted_retryable() -> None:
    assert classify_whatsapp(400, graph(999999, is_transient=True)).retryable is True


def test_whatsapp_message_includes_details() -> None:
    error = classify_whatsapp(
        400, graph(131026, error_data={"details": "not on WhatsApp"})
    )
    assert error.describe() == (
        "notification_send_failed: whatsapp 131026: (#131026) title (not on WhatsApp)"
    )


@pytest.mark.parametrize(
    ("status", "body", "code", "retryable"),
    [
        pytest.param(502, "<html>", "http_502", True, id="proxy-page-5xx"),
        pytest.param(404, None, "http_404", False, id="no-body-4xx"),
        pytest.param(429, {"other": 1}, "http_429", True, id="odd-body-429"),
    ],
)
def test_whatsapp_without_error_body(
    status: int, body: object, code: str, retryable: bool
) -> None:
    error = classify_whatsapp(status, body)
    assert error.code == code
    assert error.retryable is retryable


@pytest.mark.parametrize(
    ("status", "name", "retryable"),
    [
        pytest.param(429, "rate_limit_exceeded", True, id="rate-limit"),
        pytest.param(409, "concurrent_idempotent_requests", True, id="concurrent-key"),
        pytest.param(500, "application_error", True, id="application-error"),
        pytest.param(503, "service_unavailable", True, id="unavailable"),
        pytest.param(400, "validation_error", False, id="validation"),
        pytest.param(403, "invalid_api_key", False, id="bad-key"),
        pytest.param(401, "missing_api_key", False, id="no-key"),
        pytest.param(409, "invalid_idempotent_request", False, id="key-reused"),
        pytest.param(422, "invalid_from_address", False, id="bad-sender"),
        pytest.param(429, "monthly_quota_exceeded", False, id="monthly-quota"),
        pytest.param(418, "something_new", False, id="unlisted-4xx"),
        pytest.param(500, "something_new", True, id="unlisted-5xx"),
    ],
)
def test_resend_name_classes(status: int, name: str, retryable: bool) -> None:
    error = classify_resend(
        status, {"statusCode": status, "name": name, "message": "m"}
    )
    assert error.retryable is retryable
    assert error.code == name


def test_daily_quota_waits_a_day() -> None:
    error = classify_resend(429, {"name": "daily_quota_exceeded", "message": "m"})
    assert error.retryable is True
    assert error.min_delay == DAY_SECONDS
