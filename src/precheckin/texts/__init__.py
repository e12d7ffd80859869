"""Guest-facing texts of messages and pages, in each language a hotel can choose.

Each language has one TOML file here with the same keys. Text in braces, such
as {hotel_name}, is filled in with `str.format`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("en", "de", "fr", "es")
DEFAULT_LANGUAGE = "en"


def check_language(value: str) -> str:
    """Return a supported language code; raise ValueError naming the choices."""
    code = value.strip().lower()
    if code not in LANGUAGES:
        raise ValueError(
            f"language {value!r} is not supported; use one of {', '.join(LANGUAGES)}"
        )
    return code


@cache
def texts(language: str) -> dict[str, Any]:
    """Return the texts of a language, or English for a language not supported."""
    code = language if language in LANGUAGES else DEFAULT_LANGUAGE
    source = resources.files(__name__).joinpath(f"{code}.toml")
    return tomllib.loads(source.read_text(encoding="utf-8"))


def long_date(day: date, language: str) -> str:
    """Format a date as messages write it, such as "12 October 2026"."""
    dates = texts(language)["dates"]
    month = dates["months"][day.month - 1]
    return str(dates["long"].format(day=day.day, month=month, year=day.year))


def date_with_weekday(day: date, language: str) -> str:
    """Format a date as the guest page shows it, such as "Tue 12 October 2026"."""
    dates = texts(language)["dates"]
    return str(
        dates["with_weekday"].format(
            weekday=dates["weekdays"][day.weekday()],
            day=day.day,
            month=dates["months"][day.month - 1],
            year=day.year,
        )
    )


def preferred_language(accept_language: str | None, offered: Iterable[str]) -> str:
    """Pick the first language of an Accept-Language header that is offered.

    Quality values are honoured, and "de-AT" matches "de". English when none
    matches.
    """
    choices = set(offered)
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        code = tag.strip().lower().split("-")[0]
        if code in choices and quality > 0:
            ranked.append((-quality, position, code))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE
