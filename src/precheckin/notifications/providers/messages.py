"""Messages ready for a provider, and the provider interfaces the sender calls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ..classify import ProviderError
from ..models import Outcome, Result


@dataclass(frozen=True)
class WhatsAppMessage:
    """A template message for the Graph API's messages endpoint."""

    notification_id: int
    phone_number_id: str
    recipient: str
    body: dict[str, Any]


@dataclass(frozen=True)
class Email:
    """An email for Resend, with the Idempotency-Key of its notification."""

    notification_id: int
    template_code: str
    from_address: str
    to: str
    subject: str
    html: str
    text: str
    idempotency_key: str

    def payload(self) -> dict[str, Any]:
        """Return the Resend request object of this email."""
        return {
            "from": self.from_address,
            "to": [self.to],
            "subject": self.subject,
            "html": self.html,
            "text": self.text,
            "tags": [{"name": "notification_id", "value": str(self.notification_id)}],
        }


class WhatsAppProvider(Protocol):
    """Sends WhatsApp template messages, one per request."""

    async def send_whatsapp(self, message: WhatsAppMessage) -> Outcome:
        """Send one message and return its outcome."""
        ...


class EmailProvider(Protocol):
    """Sends emails one at a time or in batches."""

    async def send_email(self, email: Email) -> Outcome:
        """Send one email and return its outcome."""
        ...

    async def send_batch(self, emails: list[Email], key: str) -> list[Outcome]:
        """Send up to 100 emails in one request; one outcome per email, in order."""
        ...


def failure(
    notification_id: int, error: ProviderError, email_batch_key: str | None = None
) -> Outcome:
    """Return the outcome of a classified provider error."""
    return Outcome(
        notification_id,
        Result.RETRY if error.retryable else Result.FAILED,
        error=error.describe(),
        retry_after=error.retry_after,
        min_delay=error.min_delay,
        fallback_to_email=error.fallback_to_email,
        email_batch_key=email_batch_key if error.retryable else None,
    )
