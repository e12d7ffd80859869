"""Turn a claimed notification into a provider message, or into the reason it
cannot go out."""

from __future__ import annotations

from datetime import datetime
from email.utils import formataddr

from .masking import mask_recipient
from .models import Notification, Outcome, cancelled, not_sendable
from .providers.messages import Email, WhatsAppMessage
from .rendering import one_line, render_email, whatsapp_body, whatsapp_recipient
from .settings import NotificationSettings

REMINDERS = ("precheckin_reminder_1", "precheckin_reminder_2")

Prepared = WhatsAppMessage | Email | Outcome


def idempotency_key(notification: Notification) -> str:
    """Return the Idempotency-Key of a single email: the same for every attempt."""
    return f"precheckin-notification-{notification.id}"


def not_configured(notification: Notification, setting: str, hint: str) -> Outcome:
    """Return the failure of a message whose channel lacks a setting."""
    return not_sendable(
        notification.id, f"notification_not_configured: {setting} is not set; {hint}"
    )


def prepare(
    notification: Notification, settings: NotificationSettings, now: datetime
) -> Prepared:
    """Build the message of a notification, or the outcome that replaces sending."""
    stop = cancellation(notification) or token_problem(notification, now)
    if stop is not None:
        return stop
    link = settings.link(notification.token or "")
    if link is None:
        return not_configured(
            notification,
            "PRECHECKIN_PUBLIC_URL",
            "set it to the base URL of the guests' links, such as "
            "https://stay.example.com/precheckin/",
        )
    if notification.channel == "whatsapp":
        return prepare_whatsapp(notification, settings, link)
    return prepare_email(notification, settings, link)


def cancellation(notification: Notification) -> Outcome | None:
    """Return a cancelled outcome when the guest no longer needs the message."""
    status = notification.booking_status
    if status in ("CANCELLED", "NO_SHOW"):
        return cancelled(notification.id, f"the booking is {status}")
    if status == "CHECKED_IN":
        return cancelled(notification.id, "the guest has checked in")
    if notification.template_code in REMINDERS and notification.precheckin_completed_at:
        return cancelled(notification.id, "the guest completed the pre-check-in")
    return None


def token_problem(notification: Notification, now: datetime) -> Outcome | None:
    """Return a failure when the booking has no usable token for its link."""
    if not notification.token:
        return not_sendable(
            notification.id, "notification_not_sendable: the booking has no token"
        )
    if notification.token_revoked_at is not None:
        return not_sendable(
            notification.id, "notification_not_sendable: the booking's token is revoked"
        )
    expires = notification.token_expires_at
    if expires is not None and expires <= now:
        return not_sendable(
            notification.id,
            "notification_not_sendable: the booking's token expired at "
            f"{expires:%Y-%m-%d %H:%M %Z}",
        )
    return None


def prepare_whatsapp(
    notification: Notification, settings: NotificationSettings, link: str
) -> Prepared:
    """Build a WhatsApp template message, checking what it needs first."""
    if not notification.phone:
        return not_sendable(
            notification.id,
            "notification_not_sendable: the booking has no phone number",
        )
    if not notification.wa_phone_number_id:
        return not_configured(
            notification,
            f"wa_phone_number_id of hotel {notification.hotel_code}",
            "set it to the WhatsApp Cloud API phone number id that sends for the hotel",
        )
    if settings.outbox is None:
        if settings.whatsapp_token is None:
            return not_configured(
                notification, "WHATSAPP_TOKEN", "set it to a Cloud API access token"
            )
        if settings.whatsapp_api_url is None:
            return not_configured(
                notification,
                "WHATSAPP_API_URL",
                "set it to the Graph API base URL, https://graph.facebook.com",
            )
    template = settings.whatsapp_templates[notification.template_code]
    to = whatsapp_recipient(notification.phone)
    return WhatsAppMessage(
        notification_id=notification.id,
        phone_number_id=notification.wa_phone_number_id,
        recipient=notification.phone,
        body=whatsapp_body(notification, template, link, to),
    )


def prepare_email(
    notification: Notification, settings: NotificationSettings, link: str
) -> Prepared:
    """Render an email, checking what it needs first."""
    if not notification.email:
        return not_sendable(
            notification.id,
            "notification_not_sendable: the booking has no email address",
        )
    if not notification.email_from:
        return not_configured(
            notification,
            f"email_from of hotel {notification.hotel_code}",
            "set it to the hotel's sender address on a domain verified at Resend",
        )
    if settings.outbox is None:
        if settings.resend_api_key is None:
            return not_configured(
                notification, "RESEND_API_KEY", "set it to a Resend API key"
            )
        if settings.resend_api_url is None:
            return not_configured(
                notification,
                "RESEND_API_URL",
                "set it to the Resend base URL, https://api.resend.com",
            )
    rendered = render_email(notification, link)
    return Email(
        notification_id=notification.id,
        template_code=notification.template_code,
        from_address=sender_address(notification.hotel_name, notification.email_from),
        to=notification.email,
        subject=rendered.subject,
        html=rendered.html,
        text=rendered.text,
        idempotency_key=idempotency_key(notification),
    )


def sender_address(hotel_name: str, email_from: str) -> str:
    """Return `"Hotel Name" <address>` unless the setting already has a name."""
    if "<" in email_from:
        return email_from
    return formataddr((one_line(hotel_name), email_from))


def describe_recipient(notification: Notification) -> str:
    """Return the masked recipient of a notification for log lines."""
    return mask_recipient(notification.recipient)
