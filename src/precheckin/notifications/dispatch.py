"""Send a set of claimed notifications at once, within the in-flight and rate limits."""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from datetime import datetime
from types import TracebackType

from aiolimiter import AsyncLimiter

from .models import Notification, Outcome
from .preparing import prepare
from .providers.client import PooledClient
from .providers.messages import Email, EmailProvider, WhatsAppMessage, WhatsAppProvider
from .providers.outbox import Outbox
from .providers.resend import ResendEmail
from .providers.whatsapp import GraphWhatsApp
from .settings import NotificationSettings


def rate_limiter(per_second: float) -> AsyncLimiter | None:
    """Return a limiter holding requests to `per_second` on average, or None for 0.

    Below 40 per second the bucket contains one request, so requests are evenly
    spaced. Above that, timers that fire a millisecond late would leave a
    bucket of one several percent below the rate, so the bucket contains 2.5% of
    a second's requests (at least two) to make up for them. Any one-second
    window contains at most `per_second` plus the bucket.
    """
    if per_second <= 0:
        return None
    burst = 1 if per_second < 40 else max(2, math.floor(per_second / 40))
    return AsyncLimiter(burst, burst / per_second)


def batch_key(emails: list[Email]) -> str:
    """Return the Idempotency-Key of a batch: a hash of exactly what it sends."""
    content = json.dumps([email.payload() for email in emails], sort_keys=True)
    return "precheckin-batch-" + hashlib.sha256(content.encode()).hexdigest()


def group_emails(
    pairs: list[tuple[Notification, Email]], size: int
) -> list[list[Email]]:
    """Split emails into batches of at most `size`.

    Emails that failed together in an earlier batch go together again, so the
    batch's content, and with it its Idempotency-Key, is the same as before.
    """
    earlier: dict[str, list[Email]] = {}
    fresh: list[Email] = []
    for notification, email in pairs:
        if notification.email_batch_key:
            earlier.setdefault(notification.email_batch_key, []).append(email)
        else:
            fresh.append(email)
    groups: list[list[Email]] = []
    for group in [*earlier.values(), fresh]:
        groups += [group[i : i + size] for i in range(0, len(group), size)]
    return groups


class Dispatcher:
    """Holds the HTTP client, providers and limits for one run of the sender."""

    def __init__(self, settings: NotificationSettings, now: Callable[[], datetime]):
        self.settings = settings
        self.now = now
        self.stack = AsyncExitStack()
        self.whatsapp: WhatsAppProvider | None = None
        self.email: EmailProvider | None = None
        self.in_flight = asyncio.Semaphore(settings.send_max_in_flight)
        self.whatsapp_limit: AsyncLimiter | None = None
        self.email_limit: AsyncLimiter | None = None

    async def __aenter__(self) -> Dispatcher:
        settings = self.settings
        if settings.outbox is not None:
            outbox = Outbox(settings.outbox, now=self.now)
            self.whatsapp, self.email = outbox, outbox
            return self

        client = PooledClient(
            timeout=settings.send_timeout_seconds,
            max_connections=settings.send_max_in_flight,
        )
        self.stack.push_async_callback(client.aclose)
        if settings.whatsapp_token and settings.whatsapp_api_url:
            self.whatsapp = GraphWhatsApp(
                client,
                base_url=settings.whatsapp_api_url,
                version=settings.whatsapp_api_version,
                token=settings.whatsapp_token.get_secret_value(),
                now=self.now,
            )
        if settings.resend_api_key and settings.resend_api_url:
            self.email = ResendEmail(
                client,
                base_url=settings.resend_api_url,
                api_key=settings.resend_api_key.get_secret_value(),
                now=self.now,
            )
        self.whatsapp_limit = rate_limiter(settings.whatsapp_messages_per_second)
        self.email_limit = rate_limiter(settings.resend_requests_per_second)
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stack.aclose()

    async def send(self, notifications: list[Notification]) -> list[Outcome]:
        """Send a set of notifications concurrently; return one outcome each."""
        now = self.now()
        outcomes: list[Outcome] = []
        requests: list[Awaitable[list[Outcome]]] = []
        emails: list[tuple[Notification, Email]] = []
        for notification in notifications:
            prepared = prepare(notification, self.settings, now)
            if isinstance(prepared, Outcome):
                outcomes.append(prepared)
            elif isinstance(prepared, WhatsAppMessage):
                requests.append(self.send_whatsapp(prepared))
            else:
                emails.append((notification, prepared))

        for group in group_emails(emails, self.settings.resend_batch_size):
            requests.append(self.send_emails(group))
        for result in await asyncio.gather(*requests):
            outcomes.extend(result)
        return outcomes

    async def send_whatsapp(self, message: WhatsAppMessage) -> list[Outcome]:
        """Send one WhatsApp message within the limits."""
        if self.whatsapp is None:
            raise RuntimeError("WhatsApp message prepared without a provider")
        async with self.in_flight:
            if self.whatsapp_limit is not None:
                await self.whatsapp_limit.acquire()
            return [await self.whatsapp.send_whatsapp(message)]

    async def send_emails(self, emails: list[Email]) -> list[Outcome]:
        """Send one email alone, or several as one batch, within the limits."""
        if self.email is None:
            raise RuntimeError("email prepared without a provider")
        async with self.in_flight:
            if self.email_limit is not None:
                await self.email_limit.acquire()
            if len(emails) == 1:
                return [await self.email.send_email(emails[0])]
            return await self.email.send_batch(emails, batch_key(emails))
