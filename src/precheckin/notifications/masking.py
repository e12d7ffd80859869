"""Masked recipients for log lines: enough to tell guests apart, not to reach them."""

from __future__ import annotations


def mask_phone(phone: str) -> str:
    """Return a phone number with all but its first three and last three characters
    starred, such as +49******789."""
    if len(phone) <= 6:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 6) + phone[-3:]


def mask_email(address: str) -> str:
    """Return an email address with its local part cut to one letter, such as
    j***@example.com."""
    local, at, domain = address.rpartition("@")
    if not at or not local:
        return "***"
    return f"{local[0]}***@{domain}"


def mask_recipient(recipient: str | None) -> str:
    """Mask an email address or a phone number, whichever `recipient` is."""
    if not recipient:
        return "(none)"
    return mask_email(recipient) if "@" in recipient else mask_phone(recipient)


def scrub(text: str, recipient: str | None) -> str:
    """Replace a recipient inside a provider's message with its masked form."""
    if not recipient:
        return text
    text = text.replace(recipient, mask_recipient(recipient))
    # WhatsApp echoes numbers without the plus sign.
    digits = recipient.lstrip("+")
    if digits != recipient and "@" not in recipient:
        text = text.replace(digits, mask_recipient(digits))
    return text
