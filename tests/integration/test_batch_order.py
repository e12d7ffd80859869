"""Exports of one hotel apply in staging order, whatever order runs them."""

from __future__ import annotations

from datetime import date

from precheckin.db.connection import Database
from precheckin.imports.processing import process_batch, run_sets
from precheckin.imports.summary import batch_summary
from tests.helpers import add_hotel, csv_bytes, fixed_clock, import_bytes, stage_bytes

HEADER = "Booking Reference,Guest Name,Email,Check-in,Check-out"


def export(checkin: str) -> bytes:
    return csv_bytes(HEADER, f"OR-1,Anna Sample,anna@example.com,{checkin},2027-02-05")


def stored_checkin(conn) -> date:
    row = conn.execute(
        "SELECT checkin_date FROM bookings WHERE booking_reference = 'OR-1'"
    ).fetchone()
    return row["checkin_date"]


def test_waiting_import_applies_older_staged_first(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    import_bytes(database, hotel, export("2027-01-10"))
    with database.connect(autocommit=True) as setup:
        older = stage_bytes(setup, hotel, export("2027-01-20"))
        newer = stage_bytes(setup, hotel, export("2027-01-30"))

    process_batch(database, newer.batch_id, now=fixed_clock())

    assert stored_checkin(conn) == date(2027, 1, 30)
    assert batch_summary(conn, older.batch_id).status == "completed"
    assert batch_summary(conn, newer.batch_id).status == "completed"


def test_older_batch_run_last_changes_nothing(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    import_bytes(database, hotel, export("2027-01-10"))
    with database.connect(autocommit=True) as setup:
        older = stage_bytes(setup, hotel, export("2027-01-20"))
        newer = stage_bytes(setup, hotel, export("2027-01-30"))

    # As two workers may: the newer batch's set commits before the older one's.
    run_sets(
        database,
        newer.batch_id,
        now=fixed_clock(),
        set_size=7,
        claim_timeout_seconds=60,
        on_set=lambda counts: None,
    )
    counts = process_batch(database, older.batch_id, now=fixed_clock())

    assert stored_checkin(conn) == date(2027, 1, 30)
    assert counts.updated == 0
    assert counts.unchanged == 1
    note = conn.execute(
        "SELECT parsed_data->>'note' AS note FROM import_rows WHERE batch_id = %s",
        (older.batch_id,),
    ).fetchone()["note"]
    assert note == (
        f"a newer import (batch {newer.batch_id}) changed this booking since:"
        " this row changed nothing"
    )
