"""The WhatsApp Cloud API client: template messages to the Graph API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import httpx

from ..classify import ProviderError, classify_whatsapp, transport_error
from ..models import Outcome, sent
from .client import PooledClient
from .http import json_body, retry_after_seconds
from .messages import WhatsAppMessage, failure


class GraphWhatsApp:
    """Sends template messages to `{base}/{version}/{phone number id}/messages`."""

    def __init__(
        self,
        client: PooledClient,
        *,
        base_url: str,
        version: str,
        token: str,
        now: Callable[[], datetime],
    ) -> None:
        self.client = client
        self.base_url = base_url
        self.version = version
        self.headers = {"Authorization": f"Bearer {token}"}
        self.now = now

    async def send_whatsapp(self, message: WhatsAppMessage) -> Outcome:
        """Send one message; a 200 with a message id (`wamid.`...) means accepted."""
        url = f"{self.base_url}/{self.version}/{message.phone_number_id}/messages"
        try:
            response = await self.client.post(
                url, json=message.body, headers=self.headers
            )
        except httpx.TimeoutException as error:
            # NOTE: the Cloud API has no idempotency key, so a retry after a
            # read timeout may deliver a message that did go out the first time.
            return failure(
                message.notification_id, transport_error("whatsapp", error, True)
            )
        except httpx.TransportError as error:
            return failure(
                message.notification_id, transport_error("whatsapp", error, False)
            )
        return self.outcome(message, response)

    def outcome(self, message: WhatsAppMessage, response: httpx.Response) -> Outcome:
        """Turn the Graph API's response into an outcome."""
        body = json_body(response)
        if response.status_code == 200:
            message_id = accepted_message_id(body)
            if message_id:
                return sent(message.notification_id, message_id)
            error = ProviderError(
                "whatsapp", "invalid_response", "HTTP 200 without messages[0].id", False
            )
            return failure(message.notification_id, error)
        error = classify_whatsapp(response.status_code, body)
        retry_after = retry_after_seconds(response, self.now())
        return failure(message.notification_id, error.with_retry_after(retry_after))


def accepted_message_id(body: object) -> str | None:
    """Return `messages[0].id` of a success response, or None."""
    if not isinstance(body, dict):
        return None
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return None
    first = messages[0]
    message_id = first.get("id") if isinstance(first, dict) else None
    return message_id if isinstance(message_id, str) and message_id else None
