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
from ..texts import DEFAULT_LANGUAGE, texts

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


def parse_answers(
    arrival_time: str, guests: str, note: str, *, language: str = DEFAULT_LANGUAGE
) -> Answers:
    """Return the checked answers, or raise InvalidAnswers naming each problem.

    The problems are worded in `language`, because the guest reads them.
    """
    words = texts(language)["guest"]
    problems: dict[str, str] = {}
    arrival_time = arrival_time.strip()
    if not ARRIVAL_TIME.match(arrival_time):
        problems["arrival_time"] = words["arrival_time_problem"]
    count = int(guests) if guests.strip().isdigit() else 0
    if not 1 <= count <= MAX_GUESTS:
        problems["guests"] = words["guests_problem"].format(max_guests=MAX_GUESTS)
    note = note.strip()
    if len(note) > MAX_NOTE_CHARS:
        problems["note"] = words["note_problem"].format(max_chars=MAX_NOTE_CHARS)
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
