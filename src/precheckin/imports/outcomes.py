"""Validated rows of one set: merged into bookings and turned into row outcomes."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .validation import FailedRow, SkippedRow, ValidRow

CANCELLED_STATUSES = ("CANCELLED", "NO_SHOW")


@dataclass(frozen=True)
class CheckedRow:
    """A claimed row and what validation made of it."""

    id: int
    line_number: int
    result: ValidRow | FailedRow | SkippedRow


def new_token() -> str:
    """Return a URL-safe token with 192 random bits."""
    return secrets.token_urlsafe(24)


def merge_rooms(first: ValidRow, other: ValidRow) -> ValidRow:
    """Merge two rows of one reservation, such as one row per room."""
    rooms = [r for r in (first.room or "").split(", ") if r]
    if other.room and other.room not in rooms:
        rooms.append(other.room)
        guests = (first.guests or 0) + (other.guests or 0) or None
    else:
        guests = first.guests
    return replace(
        first,
        phone=first.phone or other.phone,
        email=first.email or other.email,
        checkin_date=min(first.checkin_date, other.checkin_date),
        checkout_date=max(first.checkout_date, other.checkout_date),
        room=", ".join(rooms) or None,
        guests=guests,
    )


def reject_conflicting_duplicates(rows: Sequence[CheckedRow]) -> list[CheckedRow]:
    """Fail a row whose booking reference an earlier row gave another guest.

    Rows of one reservation (one per room) share the reference and the guest
    name and are merged. A second guest under the same reference is a typing
    error that merging would hide: that guest would get no link while the row
    read "notified".
    """
    first: dict[str, CheckedRow] = {}
    result = []
    for row in rows:
        valid = row.result
        if isinstance(valid, ValidRow):
            earlier = first.setdefault(valid.booking_reference, row)
            earlier_row = earlier.result
            if (
                earlier is not row
                and isinstance(earlier_row, ValidRow)
                and earlier_row.guest_name.casefold() != valid.guest_name.casefold()
            ):
                reason = (
                    f"booking reference {valid.booking_reference} is also on line"
                    f" {earlier.line_number} for guest {earlier_row.guest_name};"
                    " correct the reference or the guest name"
                )
                row = replace(row, result=FailedRow(reason))
        result.append(row)
    return result


def reject_guests_of_earlier_sets(
    rows: Sequence[CheckedRow], earlier_guests: dict[str, str]
) -> list[CheckedRow]:
    """Fail a row whose reference an earlier set of the same batch gave another guest.

    `earlier_guests` maps references to the guest names that earlier sets of
    this batch wrote.
    """
    result = []
    for row in rows:
        valid = row.result
        if isinstance(valid, ValidRow):
            earlier = earlier_guests.get(valid.booking_reference)
            if (
                earlier is not None
                and earlier.casefold() != valid.guest_name.casefold()
            ):
                reason = (
                    f"booking reference {valid.booking_reference} is also on an"
                    f" earlier line for guest {earlier};"
                    " correct the reference or the guest name"
                )
                row = replace(row, result=FailedRow(reason))
        result.append(row)
    return result


def bookings_of(rows: Iterable[CheckedRow]) -> dict[str, ValidRow]:
    """Return one booking per reference, rows of one reservation merged.

    A reservation with a room still active is merged from its active rooms
    alone, so a cancelled room neither cancels the guest's stay nor adds its
    room and guests. A reservation whose rooms are all cancelled is cancelled.
    """
    reservations: dict[str, list[ValidRow]] = {}
    for row in rows:
        if isinstance(row.result, ValidRow):
            reservations.setdefault(row.result.booking_reference, []).append(row.result)
    bookings: dict[str, ValidRow] = {}
    for reference, rooms in reservations.items():
        active = [room for room in rooms if room.status not in CANCELLED_STATUSES]
        first, *others = active or rooms
        for other in others:
            first = merge_rooms(first, other)
        bookings[reference] = first
    return bookings


def booking_copy_rows(bookings: dict[str, ValidRow]) -> list[tuple[Any, ...]]:
    """Return the rows to COPY into `set_bookings`, each with a fresh token."""
    return [
        (
            b.booking_reference,
            b.guest_name,
            b.phone,
            b.email,
            b.checkin_date,
            b.checkout_date,
            b.room,
            b.guests,
            b.status,
            new_token(),
        )
        for b in bookings.values()
    ]


def no_link_note(outcome: dict[str, Any]) -> str | None:
    """Say why a valid row's guest has no link; None when a link is queued or sent."""
    if outcome["link_channel"]:
        return None
    if outcome["status"] in CANCELLED_STATUSES:
        return f"booking is {outcome['status'].lower().replace('_', '-')}: no link sent"
    if outcome["status"] == "CHECKED_IN":
        return "guest is checked in: no link sent"
    if outcome["phone_known"] and not (outcome["has_phone"] or outcome["has_email"]):
        return (
            "no email, and the hotel has no WhatsApp sender for the phone"
            " (set it with `precheckin hotels set --wa-phone-number-id`): no link sent"
        )
    if not (outcome["has_phone"] or outcome["has_email"]):
        return "no usable phone or email: no link sent"
    if outcome["stay_ended"]:
        return "stay has ended: no link sent"
    if outcome["precheckin_done"]:
        return "pre-check-in already completed: no link sent"
    return "no link sent"


def superseded_note(outcome: dict[str, Any]) -> str | None:
    """Return the note of a row whose booking a newer export changed, else None."""
    if outcome["newer_batch_id"] is None:
        return None
    return (
        f"a newer import (batch {outcome['newer_batch_id']}) changed this booking"
        " since: this row changed nothing"
    )


def parsed_data(valid: ValidRow, outcome: dict[str, Any]) -> dict[str, Any]:
    """Return the JSON stored in `import_rows.parsed_data` for a valid row."""
    return {
        "booking_reference": valid.booking_reference,
        "guest_name": valid.guest_name,
        "phone": valid.phone,
        "email": valid.email,
        "checkin": valid.checkin_date.isoformat(),
        "checkout": valid.checkout_date.isoformat(),
        "room": valid.room,
        "guests": valid.guests,
        "status": valid.status,
        "booking_id": outcome["id"],
        "link": outcome["link_channel"],
        "note": superseded_note(outcome) or no_link_note(outcome),
    }


@dataclass
class RowTally:
    """Counts of row outcomes in one set."""

    notified: int = 0
    completed: int = 0
    failed: int = 0
    skipped: int = 0
    warned: int = 0
    copy_rows: list[tuple[Any, ...]] = field(default_factory=list)


def row_outcomes(
    rows: Sequence[CheckedRow], outcomes: dict[str, dict[str, Any]]
) -> RowTally:
    """Decide each row's final status and the values `set_rows` gets."""
    tally = RowTally()
    for row in rows:
        result = row.result
        if isinstance(result, FailedRow):
            tally.failed += 1
            tally.copy_rows.append((row.id, "failed", None, result.reason, None))
            continue
        if isinstance(result, SkippedRow):
            tally.skipped += 1
            tally.copy_rows.append((row.id, "skipped", None, result.reason, None))
            continue
        outcome = outcomes[result.booking_reference]
        status = "notified" if outcome["link_channel"] else "completed"
        if status == "notified":
            tally.notified += 1
        else:
            tally.completed += 1
        warnings = list(result.warnings) or None
        if warnings:
            tally.warned += 1
        tally.copy_rows.append(
            (row.id, status, parsed_data(result, outcome), None, warnings)
        )
    return tally
