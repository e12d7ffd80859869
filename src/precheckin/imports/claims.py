"""Claims: locking the next set of pending rows, with the rest of its reservations.

A claim is the row locks taken with `FOR UPDATE SKIP LOCKED` inside the set's
transaction, so two processors never take the same row, and a processor that
dies loses its locks and leaves the rows pending for the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from ..db.queries import query


def q(name: str) -> str:
    """Return a named query of `db/queries/processing.sql`."""
    return query("processing", name)


def claim_rows(
    conn: psycopg.Connection[Any], batch_id: int, set_size: int, after_line: int
) -> list[Any]:
    """Lock up to `set_size` pending rows after a line that no one else holds."""
    params = {"batch_id": batch_id, "set_size": set_size, "after_line": after_line}
    return conn.execute(q("claim_rows"), params).fetchall()


@dataclass
class SetCursor:
    """Position of one processor's next claim: after the last line it claimed.

    Claiming forward keeps each claim from stepping over the index entries of
    rows processed before, which made every claim slower than the last.
    """

    after_line: int = 0


def claim_rest_of_reservations(
    conn: psycopg.Connection[Any], batch_id: int, claimed: list[Any], set_size: int
) -> list[Any]:
    """Claim the later pending rows of the reservations that the set claimed.

    Returns all the set's rows in line order. Each claimed row with a reference
    is its reservation's earliest pending line, so the rest lie after it.
    Without this, two sets could write the rooms of one reservation. On a
    re-import, the first set would then change the booking to its own rooms,
    and the second would change it back.
    """
    firsts = [row for row in claimed if row["booking_reference"] is not None]
    if not firsts:
        return claimed
    params = {
        "batch_id": batch_id,
        "references": [row["booking_reference"] for row in firsts],
        "first_lines": [row["line_number"] for row in firsts],
        "set_size": set_size,
    }
    more = conn.execute(q("claim_reservation_rows"), params).fetchall()
    if not more:
        return claimed
    return sorted(claimed + more, key=lambda row: row["line_number"])


def claim_next(
    conn: psycopg.Connection[Any], batch_id: int, set_size: int, cursor: SetCursor
) -> list[Any]:
    """Claim the next set after the cursor, then from the start once more.

    The second look finds rows that a processor which died had claimed behind
    the cursor and that its aborted transaction released. The set then takes
    the other rows of its reservations.
    """
    claimed = claim_rows(conn, batch_id, set_size, cursor.after_line)
    if not claimed and cursor.after_line > 0:
        cursor.after_line = 0
        claimed = claim_rows(conn, batch_id, set_size, 0)
    if not claimed:
        return claimed
    cursor.after_line = claimed[-1]["line_number"]
    return claim_rest_of_reservations(conn, batch_id, claimed, set_size)
