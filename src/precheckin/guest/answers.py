"""The guest's pre-check-in answers: check them and store them on the booking."""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from ..db.queries import query
from ..errors import PrecheckinError

logger = logging.getLogger(__name__)

ARRIVAL_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MAX_GUESTS = 20
MAX_NOTE_CHARS = 1000


class InvalidAnswers(PrecheckinError):
    """One or more answers on the pre-check-in form are invalid."""

    http_status = 422

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class Answers:
    """The guest's answers on the pre-check-in form."""

    arrival_time: str
    guests: int
    note: str


def parse_answers(arrival_time: str, guests: str, note: str) -> Answers:
    """Return the checked answers, or raise InvalidAnswers naming each problem."""
    problems: dict[str, str] = {}
    arrival_time = arrival_time.strip()
    if not ARRIVAL_TIME.match(arrival_time):
        problems["arrival_time"] = "Enter your estimated arrival time, such as 15:30."
    count = int(guests) if guests.strip().isdigit() else 0
    if not 1 <= count <= MAX_GUESTS:
        problems["guests"] = f"Enter the number of guests, from 1 to {MAX_GUESTS}."
    note = note.strip()
    if len(note) > MAX_NOTE_CHARS:
        problems["note"] = f"Shorten the note to {MAX_NOTE_CHARS} characters."
    if problems:
        raise InvalidAnswers(problems)
    return Answers(arrival_time=arrival_time, guests=count, note=note)


def store_answers(
    conn: psycopg.Connection[Any], booking_id: int, answers: Answers, *, now: datetime
) -> None:
    """Store the answers, mark pre-check-in complete and cancel pending reminders."""
    params = {"booking_id": booking_id, "answers": Jsonb(asdict(answers)), "now": now}
    with conn.transaction():
        conn.execute(query("guest", "store_answers"), params)
        conn.execute(query("guest", "cancel_pending_reminders"), params)
    logger.info(
        "pre-check-in stored for booking %s",
        booking_id,
        extra={"event": "precheckin_completed", "booking_id": booking_id},
    )
