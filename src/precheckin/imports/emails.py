"""Email addresses from export cells, checked for syntax only.

The local part (before the @) is kept as written, because a mail server may
treat its case as significant; the domain is lower-cased. No check touches the
network: deliverability checks are off.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import email_validator
from email_validator import EmailNotValidError, validate_email
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES

from precheckin.imports.cells import clean_cell, is_placeholder


@dataclass(frozen=True, slots=True)
class EmailResult:
    """An email address or None, and a warning for hotel staff or None."""

    address: str | None
    warning: str | None


_EMPTY = EmailResult(None, None)
_CACHE_SIZE = 16_384

# Addresses this simple are valid for email_validator too, and come out of it
# unchanged but for the domain's case, so they skip it. It costs about 40
# microseconds an address (email-validator 2.4 on this project's 2-core build
# machine). Labels of the domain start and end with a letter or digit, and
# punycode labels ("xn--") are left to email_validator.
_SIMPLE_ADDRESS = re.compile(
    r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
    r"@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})"
)
_MAX_LOCAL_LENGTH = 64
_MAX_ADDRESS_LENGTH = 254
_SPECIAL_TOP_LEVEL = frozenset(email_validator.SPECIAL_USE_DOMAIN_NAMES)
_ROLE_MAILBOXES = frozenset(CASE_INSENSITIVE_MAILBOX_NAMES)

# Something that looks like one address within a longer cell: "Ann <a@b.de>",
# "mailto:a@b.de", "a@b.de; c@d.de".
_CANDIDATE = re.compile(r"[^\s<>,;:()\[\]\"']+@[^\s<>,;:()\[\]\"'?/]+")


def normalize_email(raw: str) -> EmailResult:
    """Read an email address from a cell, with a warning that names an invalid value.

    Accepts "mailto:", a display name with the address in angle brackets and
    surrounding spaces of any kind. Of two or more addresses the first valid
    one is kept, with a warning. An empty cell gives no warning.
    """
    return _normalize(raw)


@lru_cache(maxsize=_CACHE_SIZE)
def _normalize(raw: str) -> EmailResult:
    text = clean_cell(raw)
    if not text or is_placeholder(text):
        return _EMPTY
    simple = _simple_address(text)
    if simple is not None:
        return EmailResult(simple, None)
    candidates = _CANDIDATE.findall(text) or [text]
    for candidate in candidates:
        candidate = candidate.strip(".")
        address = _simple_address(candidate) or _validate(candidate)[0]
        if address is None:
            continue
        if len(candidates) > 1:
            warning = f"email '{raw}' has more than one address; kept {address}"
            return EmailResult(address, warning)
        return EmailResult(address, None)
    _, reason = _validate(candidates[0])
    return EmailResult(
        None, f"email '{raw}' is not a valid address and was left empty: {reason}"
    )


def _simple_address(text: str) -> str | None:
    match = _SIMPLE_ADDRESS.fullmatch(text)
    if match is None or len(text) > _MAX_ADDRESS_LENGTH:
        return None
    local, domain = text[: match.start(1) - 1], match[1].lower()
    if len(local) > _MAX_LOCAL_LENGTH or local.lower() in _ROLE_MAILBOXES:
        return None
    if domain.rsplit(".", 1)[1] in _SPECIAL_TOP_LEVEL or "--" in domain:
        return None
    return f"{local}@{domain}"


def _validate(candidate: str) -> tuple[str | None, str]:
    """Return the normalized address, or None and email_validator's reason."""
    try:
        result = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as error:
        return None, str(error)
    return result.normalized, ""
