"""Booking statuses from export cells, in English, German, French and Spanish."""

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from precheckin.imports.cells import clean_cell, fold, fold_words, is_placeholder


class BookingStatus(StrEnum):
    """The state of a booking as precheckin stores it."""

    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"
    NO_SHOW = "NO_SHOW"
    CHECKED_IN = "CHECKED_IN"


@dataclass(frozen=True, slots=True)
class StatusResult:
    """The status read from a cell, and a warning for hotel staff or None."""

    status: BookingStatus
    warning: str | None


# Whole cell values, compared after cells.fold. A guest who has checked out
# has also checked in, so both read as CHECKED_IN.
_WORDS: dict[BookingStatus, tuple[str, ...]] = {
    BookingStatus.CONFIRMED: (
        "confirmed", "ok", "booked", "reserved", "new", "modified", "changed",
        "amended", "upcoming", "arriving soon", "guaranteed", "definite",
        "bestätigt", "gebucht", "reserviert", "neu", "geändert", "garantiert",
        "confirmé", "confirmée", "réservé", "réservée", "nouveau", "nouvelle",
        "modifié", "modifiée", "garanti", "garantie",
        "confirmada", "confirmado", "reservada", "reservado", "nueva", "nuevo",
        "modificada", "modificado", "garantizada",
    ),
    BookingStatus.CANCELLED: (
        "cancelled", "canceled", "cancellation", "cancelled by guest",
        "cancelled by hotel", "canceled by guest", "canceled by host",
        "cancelled by property", "void", "voided", "declined", "rejected",
        "expired", "storniert", "storno", "annulliert", "abgesagt", "abgelehnt",
        "annulé", "annulée", "annulation", "refusé", "refusée",
        "cancelada", "cancelado", "anulada", "anulado", "cancelación",
        "rechazada", "rechazado",
    ),
    BookingStatus.NO_SHOW: (
        "no show", "no-show", "noshow", "no_show", "did not arrive",
        "nicht erschienen", "nicht angereist", "non présenté", "non présentée",
        "non-présentation", "no presentado", "no presentada", "no se presentó",
    ),
    BookingStatus.CHECKED_IN: (
        "checked in", "checked-in", "in house", "in-house", "arrived",
        "currently hosting", "staying", "checked out", "checked-out",
        "departed", "past guest", "checking out today", "eingecheckt",
        "angereist", "anwesend", "im haus", "ausgecheckt", "abgereist",
        "arrivé", "arrivée", "enregistré", "enregistrée", "en séjour", "parti",
        "partie", "llegado", "llegada", "registrado", "registrada", "alojado",
        "alojada", "salido", "salida",
    ),
}  # fmt: skip

_BY_FOLDED = {fold(word): status for status, words in _WORDS.items() for word in words}

# Word stems that decide a longer cell such as "Cancelled (free of charge)".
_CANCEL_STEMS = ("cancel", "storn", "annul", "anul")


def normalize_status(raw: str) -> StatusResult:
    """Read a booking status; an empty cell is CONFIRMED, an unknown one warns."""
    return _read(raw)


@lru_cache(maxsize=1024)
def _read(raw: str) -> StatusResult:
    text = clean_cell(raw)
    if not text or is_placeholder(text):
        return StatusResult(BookingStatus.CONFIRMED, None)
    status = _BY_FOLDED.get(fold(text)) or _status_by_words(text)
    if status is not None:
        return StatusResult(status, None)
    return StatusResult(
        BookingStatus.CONFIRMED,
        f"status '{raw}' is not a known booking status; read as confirmed",
    )


def _status_by_words(text: str) -> BookingStatus | None:
    words = fold_words(text)
    joined = "".join(words)
    if "noshow" in joined:
        return BookingStatus.NO_SHOW
    if any(word.startswith(_CANCEL_STEMS) for word in words):
        return BookingStatus.CANCELLED
    return None
