"""The outbox: notifications written as files instead of sent.

Each email becomes `<id>-<template code>.eml`; each WhatsApp message becomes
`<id>-<template code>.json` holding the body the sender would post. A second
attempt of one notification overwrites its file, so the folder never contains a
message twice.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from ..models import Outcome, sent
from .messages import Email, WhatsAppMessage


class Outbox:
    """Writes notifications into a folder and marks them sent."""

    def __init__(self, folder: Path, *, now: Callable[[], datetime]) -> None:
        self.folder = folder
        self.now = now
        folder.mkdir(parents=True, exist_ok=True)

    async def send_whatsapp(self, message: WhatsAppMessage) -> Outcome:
        """Write the JSON body of one WhatsApp message."""
        name = file_name(message.notification_id, message.body, "json")
        text = json.dumps(message.body, ensure_ascii=False, indent=2) + "\n"
        self.write(name, text.encode("utf-8"))
        return sent(message.notification_id, f"outbox:{name}")

    async def send_email(self, email: Email) -> Outcome:
        """Write one email as an RFC 5322 `.eml` file with text and HTML parts."""
        message = EmailMessage()
        message["From"] = email.from_address
        message["To"] = email.to
        message["Subject"] = email.subject
        message["Date"] = format_datetime(self.now())
        message["Message-ID"] = make_msgid(idstring=str(email.notification_id))
        message["Idempotency-Key"] = email.idempotency_key
        message.set_content(email.text)
        message.add_alternative(email.html, subtype="html")
        name = f"{email.notification_id:08d}-{email.template_code}.eml"
        self.write(name, bytes(message))
        return sent(email.notification_id, f"outbox:{name}")

    async def send_batch(self, emails: list[Email], key: str) -> list[Outcome]:
        """Write each email of a batch as its own file."""
        return [await self.send_email(email) for email in emails]

    def write(self, name: str, content: bytes) -> None:
        """Write a file through a temporary name, so no reader sees half of it."""
        target = self.folder / name
        partial = self.folder / f".{name}.partial"
        partial.write_bytes(content)
        os.replace(partial, target)


def file_name(notification_id: int, body: dict[str, object], suffix: str) -> str:
    """Return `<id>-<template name>.<suffix>` for a WhatsApp message body."""
    template = body.get("template")
    name = template.get("name") if isinstance(template, dict) else None
    return f"{notification_id:08d}-{name or 'message'}.{suffix}"
