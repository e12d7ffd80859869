"""Measure the speed of precheckin's row validation on made-up realistic rows.

Run: python bench/row_values.py [ROWS]. Prints calls per second for
normalize_phone, normalize_email and validate_row on ROWS rows (100,000 by
default) of a German hotel's export: mixed national, international, spaced
and broken phone numbers, clean and messy email addresses, day-first dates.
Each function runs once over all rows; its caches start empty.
"""

import random
import sys
import time
from collections.abc import Callable, Sequence

from precheckin.imports import emails, phones
from precheckin.imports.dates import DateOrder
from precheckin.imports.fields import Field
from precheckin.imports.validation import RowContext, validate_row

# Foreign numbers written with "00": country code, then a valid start of a
# mobile number there.
_FOREIGN = ("44 7911 1", "33 6 1", "31 6 1", "41 79", "43 664", "39 347")
_GERMAN_MOBILE = ("170", "171", "172", "175", "176", "160", "1512", "1520", "1573")
_GERMAN_AREAS = ("30", "40", "69", "89", "221", "211", "711", "341", "351", "911")
_US_AREAS = ("212", "415", "617", "312", "213", "305", "202", "512", "206", "303")


def _phone(rng: random.Random) -> str:
    kind = rng.random()
    subscriber = rng.randint(1_000_000, 9_999_999)
    if kind < 0.35:
        return f"+49 {rng.choice(_GERMAN_MOBILE)} {subscriber}"
    if kind < 0.55:
        return f"0{rng.choice(_GERMAN_MOBILE)} {subscriber}"
    if kind < 0.65:
        return f"+44 7911 1{str(subscriber)[2:]}"
    if kind < 0.72:
        area = rng.choice(_US_AREAS)
        return f"+1 {area}-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}"
    if kind < 0.80:
        foreign = rng.choice(_FOREIGN)
        digits = str(subscriber)[2:] if foreign.startswith("44") else str(subscriber)
        return f"00{foreign}{digits}"
    if kind < 0.86:
        return f"0{rng.choice(_GERMAN_AREAS)}/{subscriber}"
    if kind < 0.90:
        pairs = " ".join(str(rng.randint(10, 99)) for _ in range(4))
        return f"+33 6 12 {pairs[3:]}"
    if kind < 0.93:
        return ""
    if kind < 0.96:
        return f"+49 (0){rng.choice(_GERMAN_AREAS)} {subscriber}"
    return rng.choice(("n/a", "12345", "4.47791E+11", "call reception"))


def _email(rng: random.Random, index: int) -> str:
    kind = rng.random()
    domain = rng.choice(
        ("gmail.com", "web.de", "GMX.DE", "outlook.com", "hotel-mail.eu")
    )
    if kind < 0.75:
        return f"guest.{index}@{domain}"
    if kind < 0.85:
        return f" Guest{index}@{domain.upper()} "
    if kind < 0.90:
        return f"Guest {index} <guest{index}@{domain}>"
    if kind < 0.95:
        return ""
    return rng.choice((f"guest{index}@", "none", f"g{index}@x.de; h{index}@y.de"))


def make_rows(count: int, seed: int = 7) -> list[dict[Field, str]]:
    """Return count rows of made-up reservations, the same for the same seed."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        day = rng.randint(1, 28)
        month = rng.randint(1, 12)
        nights = rng.randint(1, 14)
        rows.append(
            {
                Field.booking_reference: str(100_000 + index),
                Field.guest_name: f"Guest {index} Example",
                Field.phone: _phone(rng),
                Field.email: _email(rng, index),
                Field.checkin: f"{day:02d}.{month:02d}.2027",
                Field.checkout: f"{min(day + nights, 28):02d}.{month:02d}.2027"
                if day + nights <= 28
                else f"{day + nights - 28:02d}.{month % 12 + 1:02d}.2028",
                Field.room: str(rng.randint(101, 520)),
                Field.guests: str(rng.randint(1, 4)),
                Field.status: rng.choice(("confirmed", "Bestätigt", "", "cancelled")),
            }
        )
    return rows


def _rate(label: str, function: Callable[[], object], count: int) -> float:
    start = time.perf_counter()
    function()
    seconds = time.perf_counter() - start
    rate = count / seconds
    print(f"{label:<18} {rate:>10,.0f} per second ({seconds:.2f} s for {count:,})")
    return rate


def main(argv: Sequence[str]) -> None:
    count = int(argv[1]) if len(argv) > 1 else 100_000
    rows = make_rows(count)
    context = RowContext("DE", DateOrder.DMY)
    phone_cells = [row[Field.phone] for row in rows]
    email_cells = [row[Field.email] for row in rows]
    _rate(
        "normalize_phone",
        lambda: [phones.normalize_phone(p, "DE") for p in phone_cells],
        count,
    )
    _rate(
        "normalize_email",
        lambda: [emails.normalize_email(e) for e in email_cells],
        count,
    )
    phones._normalize.cache_clear()
    emails._normalize.cache_clear()
    _rate("validate_row", lambda: [validate_row(row, context) for row in rows], count)


if __name__ == "__main__":
    main(sys.argv)
