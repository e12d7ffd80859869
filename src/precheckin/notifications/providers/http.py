"""HTTP details the two provider clients share: JSON bodies and Retry-After."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx


def json_body(response: httpx.Response) -> Any:
    """Return a response's JSON, or None when the body is not JSON (a proxy's page)."""
    try:
        return response.json()
    except ValueError:
        return None


def retry_after_seconds(response: httpx.Response, now: datetime) -> float | None:
    """Return the wait a Retry-After header requests, in seconds, or None.

    The header contains either seconds or an HTTP date (RFC 9110, section 10.2.3).
    """
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((when - now).total_seconds(), 0.0)
