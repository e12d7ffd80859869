"""Cleaning and comparing the text of export cells and headers."""

import re
import unicodedata
from functools import lru_cache

from precheckin.imports.spreadsheet import restore_formula

# Spaces that spreadsheets and web forms leave around values, which str.strip()
# alone does not remove (zero-width space, zero-width no-break space).
_EXTRA_SPACES = "\u200b\ufeff"

_WORD = re.compile(r"[^\W_]+")

# Cell values that mean "nothing here" in the languages precheckin reads.
_PLACEHOLDERS = frozenset(
    {
        "-",
        "--",
        "---",
        "\u2013",
        "\u2014",
        "/",
        ".",
        "?",
        "n/a",
        "na",
        "n.a.",
        "none",
        "null",
        "nil",
        "nan",
        "unknown",
        "keine",
        "keine angabe",
        "unbekannt",
        "k.a.",
        "aucun",
        "aucune",
        "inconnu",
        "ninguno",
        "ninguna",
        "desconocido",
    }
)


def clean_cell(text: str) -> str:
    """Return the cell without surrounding spaces, including no-break spaces.

    The quote that neutralizes a formula-like cell ("'=1+1") is removed too.
    """
    text = text.strip()
    if text and (text[0] in _EXTRA_SPACES or text[-1] in _EXTRA_SPACES):
        text = text.strip(_EXTRA_SPACES).strip()
    if text[:1] == "'":
        return restore_formula(text)
    return text


# Excel shows a long number in a "General" cell in scientific notation, such as
# 4.01235E+11 for 401234567890, and saves the CSV as shown: the last digits are lost.
_SCIENTIFIC_NOTATION = re.compile(r"\d(?:[.,]\d+)?[eE][+-]\d{1,3}")


def is_scientific_notation(text: str) -> bool:
    """Tell whether a cleaned cell is a number in Excel's scientific notation."""
    return _SCIENTIFIC_NOTATION.fullmatch(text) is not None


_PLACEHOLDER_STARTS = frozenset(
    first for word in _PLACEHOLDERS for first in (word[0], word[0].upper())
)


def is_placeholder(text: str) -> bool:
    """Tell whether a cleaned cell is a placeholder such as "n/a", not a value."""
    if not text or text[0] not in _PLACEHOLDER_STARTS or len(text) > 12:
        return False
    return text.casefold() in _PLACEHOLDERS


@lru_cache(maxsize=4096)
def fold_words(text: str) -> tuple[str, ...]:
    """Split text into case-folded words without accents or punctuation.

    "Arrivée (Date)" becomes ("arrivee", "date"), "Straße" becomes ("strasse",).
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return tuple(_WORD.findall(bare))


def fold(text: str) -> str:
    """Return text as one case-folded word without accents, spaces or punctuation."""
    return "".join(fold_words(text))
