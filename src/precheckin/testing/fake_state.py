"""State of the fake provider server: records, idempotency keys and fault rules."""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from .faults import Fault, Rule, pick_fault


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake received."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    received_at: float


@dataclass(frozen=True)
class Delivery:
    """One message the fake accepted, as a provider would deliver it."""

    channel: str
    recipient: str
    message_id: str
    body: Any
    idempotency_key: str | None = None


@dataclass
class StoredKey:
    """A Resend idempotency key: the request it came with and its response."""

    payload_hash: str
    answer: Any = None
    done: bool = False


@dataclass
class FakeProvider:
    """State and routes of the fake; every method is safe from any thread.

    `whatsapp_token` and `resend_api_key`, when set, are the only credentials
    accepted. `templates` maps approved WhatsApp template names to their body
    parameter count; when set, other names get error 132001 and other counts 132000.
    """

    whatsapp_token: str | None = None
    resend_api_key: str | None = None
    templates: dict[str, int] | None = None
    latency: float = 0.0
    requests: list[RecordedRequest] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    keys: dict[str, StoredKey] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # Controls.

    def fail_recipient(
        self, recipient: str, fault: Fault, *, times: int | None = None
    ) -> None:
        """Inject `fault` into requests for `recipient`; `times` None means always."""
        with self.lock:
            self.rules.append(Rule(fault, recipient=recipient, remaining=times))

    def fail_next(
        self, count: int, fault: Fault, *, channel: str | None = None
    ) -> None:
        """Inject `fault` into the next `count` requests (of one channel if given)."""
        with self.lock:
            self.rules.append(Rule(fault, channel=channel, remaining=count))

    def set_latency(self, seconds: float) -> None:
        """Delay every API response by `seconds`."""
        with self.lock:
            self.latency = seconds

    def clear_faults(self) -> None:
        """Drop every fault rule."""
        with self.lock:
            self.rules.clear()

    def reset(self) -> None:
        """Forget requests, deliveries, idempotency keys, faults and latency."""
        with self.lock:
            self.requests.clear()
            self.deliveries.clear()
            self.rules.clear()
            self.keys.clear()
            self.latency = 0.0

    def delivered_to(self, recipient: str) -> list[Delivery]:
        """Return the messages accepted for one recipient."""
        expected = recipient.lstrip("+").lower()
        with self.lock:
            return [
                d
                for d in self.deliveries
                if d.recipient.lstrip("+").lower() == expected
            ]

    # Shared request handling.

    async def record(self, request: Request) -> Any:
        """Record a request and return its JSON body (None when it is not JSON)."""
        raw = await request.body()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        entry = RecordedRequest(
            request.method,
            request.url.path,
            {k.lower(): v for k, v in request.headers.items()},
            body,
            time.monotonic(),
        )
        with self.lock:
            self.requests.append(entry)
            latency = self.latency
        if latency:
            await asyncio.sleep(latency)
        return body

    def take_fault(
        self, channel: str, recipients: list[str], *, batch: bool = False
    ) -> Fault | None:
        """Return the fault to inject into this whole request, if any."""
        with self.lock:
            rule = pick_fault(
                self.rules, channel, recipients, skip_recipient_errors=batch
            )
        return rule.fault if rule else None

    def take_item_errors(self, recipients: list[str]) -> dict[int, Fault]:
        """Return the error faults of single batch items, by index."""
        found: dict[int, Fault] = {}
        with self.lock:
            for index, recipient in enumerate(recipients):
                errors = [
                    r for r in self.rules if r.recipient and r.fault.kind == "error"
                ]
                rule = pick_fault(errors, "email", [recipient])
                if rule is not None:
                    found[index] = rule.fault
        return found

    def begin_key(self, key: str, payload: Any) -> StoredKey | str | None:
        """Start a request under an idempotency key, as Resend does.

        Returns the finished earlier request to replay, the name of the 409
        error to respond with, or None when the request may go ahead.
        """
        digest = payload_hash(payload)
        with self.lock:
            stored = self.keys.get(key)
            if stored is None:
                self.keys[key] = StoredKey(digest)
                return None
        if stored.payload_hash != digest:
            return "invalid_idempotent_request"
        if not stored.done:
            return "concurrent_idempotent_requests"
        return stored

    def finish_key(self, key: str | None, answer: Any) -> None:
        """Store the response of a successful request under its key."""
        if key is None:
            return
        with self.lock:
            stored = self.keys.get(key)
            if stored is not None:
                stored.answer, stored.done = answer, True

    def drop_key(self, key: str | None) -> None:
        """Forget a key whose request failed, so that a retry runs again."""
        if key is None:
            return
        with self.lock:
            stored = self.keys.get(key)
            if stored is not None and not stored.done:
                del self.keys[key]

    def deliver(self, delivery: Delivery) -> None:
        """Record an accepted message."""
        with self.lock:
            self.deliveries.append(delivery)


def new_id() -> str:
    """Return a random message id."""
    return str(uuid.uuid4())


def payload_hash(payload: Any) -> str:
    """Return a hash of a request body for idempotency comparisons."""
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
