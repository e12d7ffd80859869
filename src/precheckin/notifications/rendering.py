"""Render notifications: email subject, HTML and text, and WhatsApp template bodies.

Messages are in the hotel's language. Their words come from `precheckin.texts`,
and the email layout from `notifications/templates/email.{html,txt}`. Jinja
escapes every value in the `.html` file, so a guest name is never markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2

from ..texts import DEFAULT_LANGUAGE, LANGUAGES, long_date, texts
from .models import Notification
from .settings import WhatsAppTemplate

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
    """Return the guest's name, or the language's stand-in such as "Valued Guest"."""
    default = texts(notification.language)["email"]["default_guest_name"]
    return one_line(notification.guest_name or "") or str(default)


def message_context(notification: Notification, link: str) -> dict[str, Any]:
    """Return the values every template may use."""
    language = notification.language
    return {
        "language": language if language in LANGUAGES else DEFAULT_LANGUAGE,
        "guest_name": guest_name(notification),
        "hotel_name": one_line(notification.hotel_name),
        "checkin_date": long_date(notification.checkin_date, language),
        "checkout_date": long_date(notification.checkout_date, language),
        "booking_reference": notification.booking_reference,
        "link": link,
    }


def render_email(notification: Notification, link: str) -> RenderedEmail:
    """Render the email of a notification's template code in the hotel's language."""
    context = message_context(notification, link)
    email_texts = texts(notification.language)["email"]
    words = email_texts[notification.template_code]
    names = {"hotel_name": context["hotel_name"], "guest_name": context["guest_name"]}
    context |= {
        "t": email_texts,
        "greeting": email_texts["greeting"].format(**names),
        "message": words["message"].format(**names),
    }
    env = environment()
    return RenderedEmail(
        subject=one_line(words["subject"].format(**names)),
        html=env.get_template("email.html").render(context),
        text=env.get_template("email.txt").render(context),
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
            "language": {"code": whatsapp_language(template, notification.language)},
            "components": components,
        },
    }


def whatsapp_language(template: WhatsAppTemplate, language: str) -> str:
    """Return the template language code to send for a hotel's language.

    German, French and Spanish hotels send "de", "fr" and "es", Meta's codes
    for those languages, so each template needs an approved translation in
    each of them. English hotels send the configured code (en_US by default).
    """
    if language in LANGUAGES and language != DEFAULT_LANGUAGE:
        return language
    return template.language


def whatsapp_recipient(phone: str) -> str:
    """Return an E.164 number in the form the Cloud API's `to` takes: digits only."""
    return phone.lstrip("+")
