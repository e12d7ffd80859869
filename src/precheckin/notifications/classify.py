"""Sort provider errors into retryable and permanent, from the providers' codes.

The code tables follow Meta's WhatsApp Cloud API error-code page and Graph API
error-handling guide, and Resend's error reference
(resend.com/docs/api-reference/errors) with the names its official SDKs
define. Meta tells clients to branch on the numeric `code` and not on the HTTP
status, because throughput errors such as 131056 also arrive with HTTP 400.
Resend's names tell a rate limit apart from a quota on the same HTTP 429.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

DAY_SECONDS = 24 * 3600

# WhatsApp codes worth trying again: transient outages and rate limits.
WHATSAPP_RETRYABLE = {
    1: "API unknown",
    2: "service temporarily unavailable",
    4: "app call-rate limit reached",
    17: "user call-rate limit reached",
    341: "application limit reached",
    80007: "WhatsApp Business Account rate limit reached",
    130429: "throughput limit of the phone number reached",
    131000: "unknown error",
    131016: "service temporarily unavailable",
    131056: "too many messages to this recipient (pair rate limit)",
    131057: "account in maintenance",
}

# The per-user marketing limit frees up at the earliest a day later.
WHATSAPP_DAILY = {131049: "per-user marketing limit reached"}

# The recipient has no WhatsApp account (or cannot receive): email may reach them.
WHATSAPP_UNDELIVERABLE = {131026}

# Everything documented that another attempt cannot fix: the recipient, the
# template, the account or the credentials must change first. 131048 (spam
# rate limit) is here because retries worsen the number's quality rating.
WHATSAPP_PERMANENT = {
    0: "authentication failed",
    3: "capability or permission missing",
    10: "permission denied",
    100: "invalid parameter",
    190: "access token expired or invalid",
    368: "temporarily blocked for policy violations",
    130472: "recipient is in a marketing experiment group",
    130497: "messages to this country are restricted",
    131008: "required parameter missing",
    131009: "parameter value invalid",
    131021: "sender and recipient are the same number",
    131026: "message undeliverable: the number cannot receive WhatsApp messages",
    131030: "recipient not in the test allow-list",
    131031: "business account locked",
    131042: "payment problem on the business account",
    131047: "24-hour window closed for free-form messages",
    131048: "spam rate limit: the number is restricted",
    131050: "recipient opted out of marketing messages",
    132000: "body parameter count differs from the template",
    132001: "template does not exist in this language or is not approved",
    132005: "translated text too long",
    132007: "template violates the format policy",
    132012: "parameter format does not match the template",
    132015: "template paused for low quality",
    132016: "template disabled for low quality",
}

RESEND_RETRYABLE = {
    "rate_limit_exceeded",
    "concurrent_idempotent_requests",
    "resource_locked",
    "application_error",
    "internal_server_error",
    "service_unavailable",
}

RESEND_DAILY = {"daily_quota_exceeded"}

RESEND_PERMANENT = {
    "validation_error",
    "invalid_idempotency_key",
    "invalid_idempotent_request",
    "missing_api_key",
    "restricted_api_key",
    "invalid_api_key",
    "suspended_api_key",
    "invalid_permission",
    "email_above_quota",
    "monthly_quota_exceeded",
    "not_found",
    "method_not_allowed",
    "invalid_attachment",
    "invalid_parameter",
    "missing_required_field",
    "missing_required_fields",
    "missing_required_parameter",
    "invalid_from_address",
    "invalid_access",
    "invalid_region",
    "security_error",
}


@dataclass(frozen=True)
class ProviderError:
    """One failed request, classified.

    `code` is the provider's code or name (or `timeout`, `connection_error`,
    `http_<status>` when there is none), `retry_after` the provider's
    Retry-After in seconds, and `min_delay` a floor from the error class.
    """

    provider: str
    code: str
    message: str
    retryable: bool
    retry_after: float | None = None
    min_delay: float | None = None
    fallback_to_email: bool = False

    def describe(self) -> str:
        """Return the text stored as the notification's last error."""
        return f"notification_send_failed: {self.provider} {self.code}: {self.message}"

    def with_retry_after(self, seconds: float | None) -> ProviderError:
        """Return this error with the provider's Retry-After attached."""
        return replace(self, retry_after=seconds) if seconds is not None else self


def retryable_status(status: int) -> bool:
    """Return whether an HTTP status without a known code is worth retrying."""
    return status == 429 or status >= 500


def classify_whatsapp(status: int, body: Any) -> ProviderError:
    """Classify a Graph API error response by its `error.code`."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or not isinstance(error.get("code"), int):
        return ProviderError(
            "whatsapp",
            f"http_{status}",
            "response without a Graph API error",
            retryable_status(status),
        )
    code: int = error["code"]
    message = str(error.get("message") or WHATSAPP_PERMANENT.get(code, "error"))
    details = error.get("error_data")
    if isinstance(details, dict) and details.get("details"):
        message = f"{message} ({details['details']})"

    if code in WHATSAPP_RETRYABLE:
        return ProviderError("whatsapp", str(code), message, retryable=True)
    if code in WHATSAPP_DAILY:
        return ProviderError(
            "whatsapp", str(code), message, retryable=True, min_delay=DAY_SECONDS
        )
    if code in WHATSAPP_PERMANENT or 200 <= code <= 299:
        return ProviderError(
            "whatsapp",
            str(code),
            message,
            retryable=False,
            fallback_to_email=code in WHATSAPP_UNDELIVERABLE,
        )
    # Codes the tables lack: Graph marks some errors transient, otherwise the
    # HTTP status decides.
    transient = error.get("is_transient") is True or retryable_status(status)
    return ProviderError("whatsapp", str(code), message, retryable=transient)


def classify_resend(status: int, body: Any) -> ProviderError:
    """Classify a Resend error response by its `name`."""
    name = body.get("name") if isinstance(body, dict) else None
    if not isinstance(name, str):
        return ProviderError(
            "resend",
            f"http_{status}",
            "response without a Resend error",
            retryable_status(status),
        )
    message = str(body.get("message") or name)
    if name in RESEND_RETRYABLE:
        return ProviderError("resend", name, message, retryable=True)
    if name in RESEND_DAILY:
        return ProviderError(
            "resend", name, message, retryable=True, min_delay=DAY_SECONDS
        )
    if name in RESEND_PERMANENT:
        return ProviderError("resend", name, message, retryable=False)
    return ProviderError("resend", name, message, retryable_status(status))


def transport_error(provider: str, error: Exception, timeout: bool) -> ProviderError:
    """Classify a request that got no HTTP response: always worth retrying."""
    code = "timeout" if timeout else "connection_error"
    message = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return ProviderError(provider, code, message, retryable=True)
