"""Notification delivery: render, send through WhatsApp and Resend, or write an outbox.

The entry point is `send_due(database, settings, now=...)`, or
`send_due_async` inside a running event loop.
"""

from .report import ChannelCounts, SendReport
from .sender import send_due, send_due_async
from .settings import NotificationSettings, load_notification_settings

__all__ = [
    "ChannelCounts",
    "NotificationSettings",
    "SendReport",
    "load_notification_settings",
    "send_due",
    "send_due_async",
]
