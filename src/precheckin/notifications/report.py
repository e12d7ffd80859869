"""Counts of one run of the sender, by channel."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Outcome, Result

CHANNELS = ("whatsapp", "email")


@dataclass
class ChannelCounts:
    """Outcomes of one channel."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0

    @property
    def total(self) -> int:
        """Return the number of notifications handled."""
        return self.sent + self.retried + self.failed + self.cancelled


@dataclass
class SendReport:
    """Counts of one `send_due` run.

    `retried` are notifications that will be tried again later; `failed`
    includes those that ran out of attempts. `fallbacks` counts emails queued
    for guests whose number cannot receive WhatsApp messages, and
    `expired_leases` claims of stopped senders that were taken back.
    """

    channels: dict[str, ChannelCounts] = field(
        default_factory=lambda: {channel: ChannelCounts() for channel in CHANNELS}
    )
    fallbacks: int = 0
    expired_leases: int = 0

    @property
    def sent(self) -> int:
        """Return the number of notifications sent, over both channels."""
        return sum(counts.sent for counts in self.channels.values())

    @property
    def retried(self) -> int:
        """Return the number of notifications left for a later attempt."""
        return sum(counts.retried for counts in self.channels.values())

    @property
    def failed(self) -> int:
        """Return the number of notifications that ended as failed."""
        return sum(counts.failed for counts in self.channels.values())

    @property
    def cancelled(self) -> int:
        """Return the number of notifications cancelled instead of sent."""
        return sum(counts.cancelled for counts in self.channels.values())

    @property
    def total(self) -> int:
        """Return the number of notifications handled."""
        return sum(counts.total for counts in self.channels.values())

    def count(self, channel: str, result: Result) -> None:
        """Add one final or retried outcome to a channel's counts."""
        counts = self.channels.setdefault(channel, ChannelCounts())
        if result is Result.SENT:
            counts.sent += 1
        elif result is Result.RETRY:
            counts.retried += 1
        elif result is Result.FAILED:
            counts.failed += 1
        else:
            counts.cancelled += 1

    def count_outcome(self, channel: str, outcome: Outcome) -> None:
        """Add an outcome to a channel's counts."""
        self.count(channel, outcome.result)
