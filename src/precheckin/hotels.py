"""Hotels: create, list and look up by hotel code."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from typing import Any

import phonenumbers
import psycopg
from psycopg.rows import class_row

from .errors import NotFound, PrecheckinError
from .texts import LANGUAGES, check_language

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


@dataclass(frozen=True)
class Hotel:
    """A hotel as stored."""

    id: int
    code: str
    name: str
    timezone: str
    country: str
    wa_phone_number_id: str | None
    email_from: str | None
    language: str


def validate_code(code: str) -> str:
    """Return the hotel code or raise naming the rule it breaks."""
    if not CODE.match(code):
        raise PrecheckinError(
            f"Invalid hotel code {code!r}: use lower-case letters, digits and "
            "hyphens, starting with a letter or digit, such as berlin-mitte."
        )
    return code


def validate_timezone(name: str) -> str:
    """Return the IANA time zone name or raise with an example."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise PrecheckinError(
            f"Unknown time zone {name!r}: use an IANA name such as Europe/Berlin "
            "or America/New_York."
        ) from error
    return name


def validate_country(code: str) -> str:
    """Return the upper-case ISO 3166 country code or raise with an example."""
    country = code.strip().upper()
    if country not in phonenumbers.SUPPORTED_REGIONS:
        raise PrecheckinError(
            f"Unknown country {code!r}: use a two-letter ISO code such as DE, FR or US."
        )
    return country


def validate_language(language: str) -> str:
    """Return a supported language of guest messages; raise naming the choices."""
    try:
        return check_language(language)
    except ValueError as error:
        raise PrecheckinError(
            f"Unsupported language {language!r}: use one of {', '.join(LANGUAGES)}."
        ) from error


def create_hotel(
    conn: psycopg.Connection[Any],
    *,
    code: str,
    name: str,
    timezone: str,
    country: str,
    wa_phone_number_id: str | None = None,
    email_from: str | None = None,
    language: str = "en",
) -> Hotel:
    """Insert a hotel after validating its code, time zone and country."""
    values = (
        validate_code(code),
        name.strip(),
        validate_timezone(timezone),
        validate_country(country),
        wa_phone_number_id,
        validate_sender(email_from),
        validate_language(language),
    )
    if not values[1]:
        raise PrecheckinError("The hotel name is empty: pass --name 'Hotel Name'.")
    with conn.cursor(row_factory=class_row(Hotel)) as cur:
        try:
            cur.execute(
                "INSERT INTO hotels (code, name, timezone, country, wa_phone_number_id,"
                " email_from, language) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                " RETURNING id, code, name, timezone, country, wa_phone_number_id,"
                " email_from, language",
                values,
            )
        except psycopg.errors.UniqueViolation as error:
            raise PrecheckinError(
                f"A hotel with code {code!r} exists already; pick another code."
            ) from error
        hotel = cur.fetchone()
    if hotel is None:
        raise PrecheckinError(f"Hotel {code!r} was not stored.")
    return hotel


def validate_sender(address: str | None) -> str | None:
    """Return a sender address after checking its syntax, or raise naming it."""
    if address is None:
        return None
    from .imports.emails import normalize_email

    result = normalize_email(address)
    if result.address is None or result.warning:
        raise PrecheckinError(
            f"Invalid sender address {address!r}: use a plain address such as "
            "stay@hotel.example."
        )
    return result.address


def update_hotel(
    conn: psycopg.Connection[Any],
    code: str,
    *,
    wa_phone_number_id: str | None = None,
    email_from: str | None = None,
    name: str | None = None,
    language: str | None = None,
) -> Hotel:
    """Change a hotel's senders, name or language; None leaves a value as it is."""
    hotel = get_hotel(conn, code)
    conn.execute(
        "UPDATE hotels SET wa_phone_number_id = coalesce(%s, wa_phone_number_id),"
        " email_from = coalesce(%s, email_from), name = coalesce(%s, name),"
        " language = coalesce(%s, language)"
        " WHERE id = %s",
        (
            wa_phone_number_id,
            validate_sender(email_from),
            name,
            validate_language(language) if language is not None else None,
            hotel.id,
        ),
    )
    return get_hotel(conn, code)


def list_hotels(conn: psycopg.Connection[Any]) -> list[Hotel]:
    """Return every hotel, by code."""
    with conn.cursor(row_factory=class_row(Hotel)) as cur:
        cur.execute(
            "SELECT id, code, name, timezone, country, wa_phone_number_id, email_from,"
            " language FROM hotels ORDER BY code"
        )
        return cur.fetchall()


def get_hotel(conn: psycopg.Connection[Any], code: str) -> Hotel:
    """Return the hotel with this code or raise NotFound listing the known codes."""
    with conn.cursor(row_factory=class_row(Hotel)) as cur:
        cur.execute(
            "SELECT id, code, name, timezone, country, wa_phone_number_id, email_from,"
            " language FROM hotels WHERE code = %s",
            (code,),
        )
        hotel = cur.fetchone()
    if hotel is None:
        known = ", ".join(h.code for h in list_hotels(conn)) or "none yet"
        raise NotFound(
            f"No hotel with code {code!r} (known: {known}). "
            "Add it with `precheckin hotels add`."
        )
    return hotel
