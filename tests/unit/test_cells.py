"""Cleaning and folding cell text."""

import pytest

from precheckin.imports.cells import (
    clean_cell,
    fold,
    fold_words,
    is_placeholder,
    is_scientific_notation,
)
from precheckin.imports.fields import Field, field_named


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param("  a b ", "a b", id="spaces"),
        pytest.param("\u00a0a\u00a0", "a", id="nbsp"),
        pytest.param("\ufeff a \u200b", "a", id="zero-width"),
        pytest.param("\t\r\n", "", id="whitespace"),
        pytest.param(" '-5 ", "-5", id="neutralized-formula"),
        pytest.param("'Anna", "'Anna", id="quote-before-letter"),
    ],
)
def test_clean_cell(raw: str, clean: str) -> None:
    assert clean_cell(raw) == clean


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [
        pytest.param("n/a", True, id="n-a"),
        pytest.param("NONE", True, id="none"),
        pytest.param("\u2014", True, id="em-dash"),
        pytest.param("Keine Angabe", True, id="keine-angabe"),
        pytest.param("Nadia", False, id="name"),
        pytest.param("0", False, id="zero"),
        pytest.param("", False, id="empty"),
    ],
)
def test_is_placeholder(text: str, placeholder: bool) -> None:
    assert is_placeholder(text) is placeholder


def test_fold_words_strips_accents() -> None:
    assert fold_words("Arrivée (Date)") == ("arrivee", "date")


def test_fold_joins_words() -> None:
    assert fold("Straße-Nr.") == "strassenr"


@pytest.mark.parametrize(
    ("name", "field"),
    [
        pytest.param("booking_reference", Field.booking_reference, id="name"),
        pytest.param("Booking Reference", Field.booking_reference, id="spaced"),
        pytest.param("check-out", Field.checkout, id="hyphen"),
        pytest.param("pax", Field.guests, id="alias"),
        pytest.param("e-mail", Field.email, id="e-mail"),
    ],
)
def test_field_named(name: str, field: Field) -> None:
    assert field_named(name) is field


def test_field_label() -> None:
    assert Field.checkin.label == "check-in"


@pytest.mark.parametrize(
    ("text", "scientific"),
    [
        pytest.param("4.01235E+11", True, id="excel"),
        pytest.param("4,01235E+11", True, id="decimal-comma"),
        pytest.param("1E+12", True, id="no-decimals"),
        pytest.param("4.01235e+11", True, id="lower-case"),
        pytest.param("401234567890", False, id="digits"),
        pytest.param("2E10", False, id="code-without-sign"),
        pytest.param("HMABCDE123", False, id="letters"),
    ],
)
def test_is_scientific_notation(text: str, scientific: bool) -> None:
    assert is_scientific_notation(text) is scientific
