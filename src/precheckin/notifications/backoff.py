"""When a retried notification is due again."""

from __future__ import annotations

from datetime import datetime, timedelta

from .settings import NotificationSettings


def retry_delay(attempt: int, settings: NotificationSettings) -> float:
    """Return the wait in seconds after failed attempt number `attempt` (1-based).

    The first retry waits `send_first_retry_seconds` (5 minutes by default);
    each later one waits `send_backoff_factor` times longer, up to
    `send_max_retry_seconds`.
    """
    delay = settings.send_first_retry_seconds * settings.send_backoff_factor ** (
        max(attempt, 1) - 1
    )
    return min(delay, settings.send_max_retry_seconds)


def next_attempt_at(
    now: datetime,
    attempt: int,
    settings: NotificationSettings,
    *,
    retry_after: float | None = None,
    min_delay: float | None = None,
) -> datetime:
    """Return when to try again: the backoff, but never before a provider's
    Retry-After or the error class's floor."""
    delay = max(retry_delay(attempt, settings), retry_after or 0, min_delay or 0)
    return now + timedelta(seconds=delay)
