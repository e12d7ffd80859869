"""Render notifications: email subject, HTML and text, and WhatsApp template bodies.

Email templates live in `notifications/templates/<template code>.{subject.txt,
html,txt}`. Jinja escapes every value in the `.html` files, so a guest name is
never markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import jinja2

from .models import Notification
from .settings import WhatsAppTemplate

DEFAULT_GUEST_NAME = "Valued Guest"

WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class RenderedEmail:
    """One email's subject and bodies."""

    subject: str
    html: str
    text: str


@cache
def environment() -> jinja2.Environment:
    """Return the Jinja environment of the email templates, loaded once."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("precheckin.notifications", "templates"),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html",), default_for_string=False, default=False
        ),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def one_line(value: str) -> str:
    """Collapse line breaks, tabs and runs of spaces into single spaces.

    WhatsApp rejects template parameters with line breaks, and a line break in
    a subject would start a new mail header.
    """
    return WHITESPACE.sub(" ", value).strip()


def guest_name(notification: Notification) -> str:
    """Return the guest's name, or "Valued Guest" when it is missing."""
    return one_line(notification.guest_name or "") or DEFAULT_GUEST_NAME


def format_date(day: date) -> str:
    """Return a date as guests read it, such as 12 October 2026."""
    return f"{day.day} {day:%B %Y}"


def message_context(notification: Notification, link: str) -> dict[str, Any]:
    """Return the values every template may use."""
    return {
        "guest_name": guest_name(notification),
        "hotel_name": one_line(notification.hotel_name),
        "checkin_date": format_date(notification.checkin_date),
        "checkout_date": format_date(notification.checkout_date),
        "booking_reference": notification.booking_reference,
        "link": link,
    }


def render_email(notification: Notification, link: str) -> RenderedEmail:
    """Render the email of a notification's template code."""
    context = message_context(notification, link)
    code = notification.template_code
    env = environment()
    return RenderedEmail(
        subject=one_line(env.get_template(f"{code}.subject.txt").render(context)),
        html=env.get_template(f"{code}.html").render(context),
        text=env.get_template(f"{code}.txt").render(context),
    )


def whatsapp_body(
    notification: Notification, template: WhatsAppTemplate, link: str, to: str
) -> dict[str, Any]:
    """Build the Graph API request body of a template message.

    Body parameters, in order: guest name, hotel name, check-in date, check-out
    date, and the full link when `link_in_body` is set. The URL button carries
    only the token, because the approved template fixes the URL before it.
    """
    context = message_context(notification, link)
    values = [
        context["guest_name"],
        context["hotel_name"],
        context["checkin_date"],
        context["checkout_date"],
    ]
    if template.link_in_body:
        values.append(link)
    components: list[dict[str, Any]] = [
        {"type": "body", "parameters": [{"type": "text", "text": v} for v in values]}
    ]
    if template.url_button and notification.token:
        components.append(
            {
                "type": "button",
                "sub_type": "url",
                "index": "0",
                "parameters": [{"type": "text", "text": notification.token}],
            }
        )
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "template",
        "biz_opaque_callback_data": f"notification-{notification.id}",
        "template": {
            "name": template.name,
            "language": {"code": template.language},
            "components": components,
        },
    }


def whatsapp_recipient(phone: str) -> str:
    """Return an E.164 number in the form the Cloud API's `to` takes: digits only."""
    return phone.lstrip("+")
