"""The fake provider server responds like the real APIs and obeys its controls."""

from __future__ import annotations

import httpx

from precheckin.testing.faults import Fault
from tests.delivery_support import RESEND_API_KEY, WHATSAPP_TOKEN, RunningFake

TEMPLATE = {
    "messaging_product": "whatsapp",
    "to": "4915112345789",
    "type": "template",
    "template": {"name": "precheckin_link", "language": {"code": "en_US"}},
}
EMAIL = {"from": "a@h.example", "to": ["g@x.example"], "subject": "s", "text": "t"}
WA_AUTH = {"Authorization": f"Bearer {WHATSAPP_TOKEN}"}
RESEND_AUTH = {"Authorization": f"Bearer {RESEND_API_KEY}"}


def test_whatsapp_answers_message_id(fake: RunningFake) -> None:
    response = httpx.post(
        f"{fake.url}/v25.0/123/messages", json=TEMPLATE, headers=WA_AUTH
    )
    body = response.json()
    assert response.status_code == 200
    assert body["contacts"] == [{"input": "4915112345789", "wa_id": "4915112345789"}]
    assert body["messages"][0]["id"].startswith("wamid.")


def test_whatsapp_rejects_wrong_token(fake: RunningFake) -> None:
    response = httpx.post(
        f"{fake.url}/v25.0/123/messages",
        json=TEMPLATE,
        headers={"Authorization": "Bearer x"},
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == 190


def test_whatsapp_checks_known_templates(fake: RunningFake) -> None:
    fake.fake.templates = {"other": 4}
    response = httpx.post(
        f"{fake.url}/v25.0/123/messages", json=TEMPLATE, headers=WA_AUTH
    )
    assert response.json()["error"]["code"] == 132001


def test_rate_limit_sends_retry_after(fake: RunningFake) -> None:
    fake.fake.fail_next(1, Fault.rate_limited(retry_after=7), channel="email")
    first = httpx.post(f"{fake.url}/emails", json=EMAIL, headers=RESEND_AUTH)
    second = httpx.post(f"{fake.url}/emails", json=EMAIL, headers=RESEND_AUTH)
    assert first.status_code == 429
    assert first.headers["retry-after"] == "7"
    assert first.json()["name"] == "rate_limit_exceeded"
    assert second.status_code == 200


def test_same_key_replays_answer(fake: RunningFake) -> None:
    headers = {**RESEND_AUTH, "Idempotency-Key": "k1"}
    first = httpx.post(f"{fake.url}/emails", json=EMAIL, headers=headers)
    again = httpx.post(f"{fake.url}/emails", json=EMAIL, headers=headers)
    changed = httpx.post(
        f"{fake.url}/emails", json={**EMAIL, "subject": "x"}, headers=headers
    )
    assert again.json() == first.json()
    assert len(fake.fake.deliveries) == 1
    assert changed.status_code == 409
    assert changed.json()["name"] == "invalid_idempotent_request"


def test_controls_work_over_http(fake: RunningFake) -> None:
    fault = Fault.error(131026).to_dict()
    httpx.post(
        f"{fake.url}/_fake/faults", json={"fault": fault, "recipient": "+4915112345789"}
    )
    failed = httpx.post(
        f"{fake.url}/v25.0/123/messages", json=TEMPLATE, headers=WA_AUTH
    )
    recorded = httpx.get(f"{fake.url}/_fake/requests").json()
    httpx.post(f"{fake.url}/_fake/reset")
    after_reset = httpx.post(
        f"{fake.url}/v25.0/123/messages", json=TEMPLATE, headers=WA_AUTH
    )
    assert failed.json()["error"]["code"] == 131026
    assert [r["path"] for r in recorded] == ["/v25.0/123/messages"]
    assert after_reset.status_code == 200


def test_latency_delays_answers(fake: RunningFake) -> None:
    httpx.post(f"{fake.url}/_fake/latency", json={"seconds": 0.2})
    response = httpx.post(f"{fake.url}/emails", json=EMAIL, headers=RESEND_AUTH)
    assert response.elapsed.total_seconds() >= 0.2
