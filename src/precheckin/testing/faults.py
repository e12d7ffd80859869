"""Faults the fake provider server can inject, and the rules that pick them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

FaultKind = Literal["error", "rate_limit", "server_error", "timeout", "slow"]

# HTTP status of each WhatsApp code, after copies of Meta's error-code table;
# codes not listed get 400.
WHATSAPP_STATUS = {
    0: 401,
    190: 401,
    10: 403,
    3: 500,
    2: 503,
    4: 429,
    130429: 429,
    131000: 500,
    131016: 503,
}

# HTTP status of each Resend error name, after Resend's error reference;
# names not listed get 422.
RESEND_STATUS = {
    "validation_error": 400,
    "invalid_idempotency_key": 400,
    "missing_api_key": 401,
    "restricted_api_key": 401,
    "invalid_api_key": 403,
    "suspended_api_key": 403,
    "invalid_permission": 403,
    "email_above_quota": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "invalid_idempotent_request": 409,
    "concurrent_idempotent_requests": 409,
    "resource_locked": 409,
    "rate_limit_exceeded": 429,
    "daily_quota_exceeded": 429,
    "monthly_quota_exceeded": 429,
    "security_error": 451,
    "application_error": 500,
    "internal_server_error": 500,
    "service_unavailable": 503,
}


def whatsapp_status(code: int) -> int:
    """Return the HTTP status the Graph API sends with a WhatsApp error code."""
    if 200 <= code <= 299:
        return 403
    return WHATSAPP_STATUS.get(code, 400)


def resend_status(name: str) -> int:
    """Return the HTTP status Resend answers an error name with."""
    return RESEND_STATUS.get(name, 422)


@dataclass(frozen=True)
class Fault:
    """One way to answer a request other than with success.

    - `error`: the provider's error for `code` (a WhatsApp code or Resend name);
    - `rate_limit`: HTTP 429 with `Retry-After: retry_after`;
    - `server_error`: HTTP `status` (5xx) with a provider error body;
    - `timeout`: no answer for `seconds`; with `deliver` the message is
      accepted first, as when the provider sent it but the answer was lost;
    - `slow`: success after `seconds`.
    """

    kind: FaultKind
    code: int | str | None = None
    status: int = 503
    retry_after: int | None = None
    seconds: float = 0.0
    deliver: bool = False

    @classmethod
    def error(cls, code: int | str) -> Fault:
        """Answer with the provider's error for a WhatsApp code or Resend name."""
        return cls("error", code=code)

    @classmethod
    def rate_limited(cls, retry_after: int = 30) -> Fault:
        """Answer HTTP 429 with a Retry-After in seconds."""
        return cls("rate_limit", retry_after=retry_after)

    @classmethod
    def server_error(cls, status: int = 503) -> Fault:
        """Answer with a 5xx status."""
        return cls("server_error", status=status)

    @classmethod
    def timeout(cls, seconds: float = 30.0, *, deliver: bool = False) -> Fault:
        """Hold the answer back for `seconds`, after accepting when `deliver`."""
        return cls("timeout", seconds=seconds, deliver=deliver)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """Answer with success after `seconds`."""
        return cls("slow", seconds=seconds)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form the control API takes."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fault:
        """Build a fault from the control API's JSON."""
        return cls(**data)


@dataclass
class Rule:
    """When to inject a fault: for one recipient, or for the next requests.

    `remaining` counts the requests left (None: every request); `channel`
    (`whatsapp` or `email`) narrows a rule to one API.
    """

    fault: Fault
    recipient: str | None = None
    channel: str | None = None
    remaining: int | None = None

    def matches(self, channel: str, recipients: list[str]) -> bool:
        """Return whether this rule applies to a request."""
        if self.remaining is not None and self.remaining <= 0:
            return False
        if self.channel is not None and self.channel != channel:
            return False
        if self.recipient is None:
            return True
        return normalize(self.recipient) in {normalize(r) for r in recipients}


def normalize(recipient: str) -> str:
    """Compare phone numbers with or without the plus sign, emails without case."""
    return recipient.lstrip("+").lower()


def pick_fault(
    rules: list[Rule],
    channel: str,
    recipients: list[str],
    *,
    skip_recipient_errors: bool = False,
) -> Rule | None:
    """Return the first matching rule, recipient rules before request-count rules,
    and use up one of its requests.

    `skip_recipient_errors` leaves out recipient rules of kind `error`, which a
    batch applies to its single items instead of to the whole request.
    """
    ordered = [r for r in rules if r.recipient] + [r for r in rules if not r.recipient]
    if skip_recipient_errors:
        ordered = [r for r in ordered if not (r.recipient and r.fault.kind == "error")]
    for rule in ordered:
        if rule.matches(channel, recipients):
            if rule.remaining is not None:
                rule.remaining -= 1
            return rule
    return None
