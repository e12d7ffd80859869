"""Guest texts: every language has every text, and dates read as it writes them."""

from __future__ import annotations

import string
from datetime import date
from typing import Any

import pytest

from precheckin.texts import (
    LANGUAGES,
    check_language,
    date_with_weekday,
    long_date,
    preferred_language,
    texts,
)


def flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Return the table's values keyed by dotted paths."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat |= flatten(value, f"{prefix}{key}.")
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_language_has_every_english_key(language: str) -> None:
    english = flatten(texts("en"))
    other = flatten(texts(language))

    assert set(other) == set(english)


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_language_fills_same_placeholders(language: str) -> None:
    english = flatten(texts("en"))
    other = flatten(texts(language))

    for key, text in english.items():
        if isinstance(text, str):
            assert placeholders(other[key]) == placeholders(text), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_names_twelve_months(language: str) -> None:
    dates = texts(language)["dates"]

    assert len(dates["months"]) == 12
    assert len(dates["weekdays"]) == 7


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "12 October 2026"),
        ("de", "12. Oktober 2026"),
        ("fr", "12 octobre 2026"),
        ("es", "12 de octubre de 2026"),
    ],
)
def test_long_date_per_language(language: str, expected: str) -> None:
    assert long_date(date(2026, 10, 12), language) == expected


def test_date_with_weekday_in_german() -> None:
    # 12 October 2026 is a Monday.
    assert date_with_weekday(date(2026, 10, 12), "de") == "Mo. 12. Oktober 2026"


def test_unsupported_language_reads_english() -> None:
    assert long_date(date(2026, 10, 12), "it") == "12 October 2026"


def test_check_language_normalizes_case() -> None:
    assert check_language(" DE ") == "de"


def test_check_language_rejects_unknown() -> None:
    with pytest.raises(ValueError, match="use one of en, de, fr, es"):
        check_language("it")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("de-DE,de;q=0.9,en;q=0.8", "de"),
        ("it-IT,fr;q=0.7,en;q=0.5", "fr"),
        ("en;q=0.3,es;q=0.9", "es"),
        ("fr;q=0,de", "de"),
        ("it,pt", "en"),
        ("", "en"),
        (None, "en"),
        ("de;q=abc,fr", "fr"),
    ],
)
def test_preferred_language_from_header(header: str | None, expected: str) -> None:
    assert preferred_language(header, LANGUAGES) == expected
