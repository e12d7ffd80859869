"""The Resend client: single emails and batches of up to 100, with idempotency keys."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx

from ..classify import ProviderError, classify_resend, transport_error
from ..models import Outcome, sent
from .client import PooledClient
from .http import json_body, retry_after_seconds
from .messages import Email, failure

# Permissive validation sends the valid emails of a batch and lists the others
# in `errors`, so one bad address does not hold back a hundred guests.
BATCH_HEADERS = {"x-batch-validation": "permissive"}


class ResendEmail:
    """Sends emails through `POST /emails` and `POST /emails/batch`."""

    def __init__(
        self,
        client: PooledClient,
        *,
        base_url: str,
        api_key: str,
        now: Callable[[], datetime],
    ) -> None:
        self.client = client
        self.base_url = base_url
        self.headers = {"Authorization": f"Bearer {api_key}"}
        self.now = now

    async def send_email(self, email: Email) -> Outcome:
        """Send one email under its notification's Idempotency-Key."""
        headers = {**self.headers, "Idempotency-Key": email.idempotency_key}
        result = await self.post("/emails", email.payload(), headers)
        if isinstance(result, ProviderError):
            return failure(email.notification_id, result)
        email_id = result.get("id") if isinstance(result, dict) else None
        if not isinstance(email_id, str) or not email_id:
            return failure(email.notification_id, missing_id("HTTP 200 without id"))
        return sent(email.notification_id, email_id)

    async def send_batch(self, emails: list[Email], key: str) -> list[Outcome]:
        """Send emails in one request under one Idempotency-Key for the batch."""
        headers = {**self.headers, **BATCH_HEADERS, "Idempotency-Key": key}
        payload = [email.payload() for email in emails]
        result = await self.post("/emails/batch", payload, headers)
        if isinstance(result, ProviderError):
            return [failure(e.notification_id, result, key) for e in emails]
        return batch_outcomes(emails, result)

    async def post(
        self, path: str, payload: Any, headers: dict[str, str]
    ) -> Any | ProviderError:
        """Post JSON; return the success body or the classified error."""
        try:
            response = await self.client.post(
                self.base_url + path, json=payload, headers=headers
            )
        except httpx.TimeoutException as error:
            return transport_error("resend", error, True)
        except httpx.TransportError as error:
            return transport_error("resend", error, False)
        body = json_body(response)
        if response.status_code == 200:
            return body
        classified = classify_resend(response.status_code, body)
        return classified.with_retry_after(retry_after_seconds(response, self.now()))


def missing_id(message: str) -> ProviderError:
    """Return the error of a success response that lacks an email id."""
    return ProviderError("resend", "invalid_response", message, retryable=False)


def batch_outcomes(emails: list[Email], body: Any) -> list[Outcome]:
    """Match a permissive batch response to its emails.

    `errors` lists the rejected emails by index; `data` contains the ids of the
    accepted ones in request order.
    """
    body = body if isinstance(body, dict) else {}
    rejected: dict[int, str] = {}
    for item in body.get("errors") or []:
        if isinstance(item, dict) and isinstance(item.get("index"), int):
            rejected[item["index"]] = str(item.get("message") or "rejected")
    data = [item.get("id") for item in body.get("data") or [] if isinstance(item, dict)]

    accepted = [i for i in range(len(emails)) if i not in rejected]
    if len(data) != len(accepted):
        error = missing_id(
            f"batch answer has {len(data)} ids for {len(accepted)} emails"
        )
        return [failure(email.notification_id, error) for email in emails]

    ids = dict(zip(accepted, data, strict=True))
    outcomes = []
    for index, email in enumerate(emails):
        email_id = ids.get(index)
        if index in rejected:
            error = ProviderError("resend", "validation_error", rejected[index], False)
            outcomes.append(failure(email.notification_id, error))
        elif isinstance(email_id, str) and email_id:
            outcomes.append(sent(email.notification_id, email_id))
        else:
            outcomes.append(failure(email.notification_id, missing_id("empty id")))
    return outcomes
