"""Generate realistic reservation exports: for the bundled sample, tests and benchmarks.

Names, phone numbers and addresses are made up: phones are German mobile
numbers of the 0151 range and addresses use the reserved example.com domain.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TextIO

HEADER = (
    "Booking Reference",
    "Guest Name",
    "Phone",
    "Email",
    "Check-in",
    "Check-out",
    "Room",
    "Guests",
    "Status",
)

FIRST_NAMES = (
    "Anna",
    "Ben",
    "Chloé",
    "David",
    "Elif",
    "Farid",
    "Greta",
    "Hiro",
    "Inès",
    "Jonas",
    "Kateřina",
    "Liam",
    "María",
    "Noah",
    "Olga",
    "Pablo",
    "Quentin",
    "Rosa",
    "Søren",
    "Tomás",
)
LAST_NAMES = (
    "Sample",
    "Example",
    "Placeholder",
    "Tester",
    "Mock",
    "Dummy",
    "Fictive",
    "Probe",
)


def guest_row(rng: random.Random, number: int, first_day: date) -> tuple[str, ...]:
    """Return one valid reservation row."""
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    checkin = first_day + timedelta(days=rng.randrange(0, 365))
    checkout = checkin + timedelta(days=rng.randrange(1, 10))
    contact = rng.random()
    phone = f"+49 151 {rng.randrange(10_000_000, 99_999_999)}" if contact < 0.6 else ""
    email = f"guest{number}@example.com" if contact > 0.4 else ""
    return (
        f"RES-{number:07d}",
        name,
        phone,
        email,
        checkin.isoformat(),
        checkout.isoformat(),
        str(rng.randrange(100, 600)),
        str(rng.randrange(1, 5)),
        "cancelled" if rng.random() < 0.02 else "confirmed",
    )


def broken_row(
    rng: random.Random, number: int, row: tuple[str, ...]
) -> tuple[str, ...]:
    """Return a row with one of the faults that fail a row."""
    fault = number % 3
    if fault == 0:
        return (row[0], "", *row[2:])
    if fault == 1:
        return (*row[:4], row[5], row[4], *row[6:])
    return (*row[:4], "2027-02-31", *row[5:])


def export_rows(
    rows: int, *, seed: int = 7, bad_every: int = 1000, first_day: date
) -> Iterator[tuple[str, ...]]:
    """Yield `rows` reservation rows; every `bad_every`-th one has a fault."""
    rng = random.Random(seed)
    for number in range(rows):
        row = guest_row(rng, number, first_day)
        if bad_every and number % bad_every == bad_every - 1:
            row = broken_row(rng, number, row)
        yield row


def write_export(
    out: TextIO, rows: int, *, seed: int = 7, bad_every: int = 1000, first_day: date
) -> None:
    """Write a comma-separated UTF-8 export with a header row."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(
        export_rows(rows, seed=seed, bad_every=bad_every, first_day=first_day)
    )
