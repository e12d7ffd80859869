"""Claims of whole reservations: odd references, big files, two processors."""

from __future__ import annotations

import csv
import io
import threading
import time
from typing import Any

import pytest

from precheckin.db.connection import Database
from precheckin.imports import claims
from precheckin.imports.processing import process_batch
from tests.helpers import add_hotel, fixed_clock, stage_bytes

HEADER = ["Booking Reference", "Guest Name", "Email", "Check-in", "Check-out", "Room"]

AWKWARD_REFERENCES = {
    "tab": "A\tB",
    "backslash": "A\\B",
    "trailing backslash": "AB\\",
    "backslash n": "\\N",
    "backslash dot": "\\.",
    "backslash t": "A\\tB",
    "newline": "A\nB",
    "carriage return": "A\rB",
    "quotes": "A\"B'C",
    "non-ascii": "Ä-ß-日本-😀",
    "combining accent": "E\u0301-1",
    "spaces": "  PAD 1  ",
    "no-break spaces": "\u00a0NB 1\u00a0",
    "zero-width space": "\u200bZW1\ufeff",
    "formula quote": "'=F1",
    "formula quote plus": "'+4930",
    "comma": "a,b",
    "longest allowed": "L" * 100,
    "control characters": "A\x0bB\x1cC\x7fD\u2028E",
    "lone backslash": "\\",
    "escaped backslash n": "\\\\N",
}


def export_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def filler(start: int, count: int) -> list[list[str]]:
    return [
        [f"F{n}", f"Guest {n}", f"f{n}@example.com", "2027-05-02", "2027-05-04", "1"]
        for n in range(start, start + count)
    ]


def straddling_rows(first: list[str], second: list[str]) -> list[list[str]]:
    """Return rows where `first` ends the first set and `second` opens the next."""
    return [*filler(0, 6), first, second, *filler(6, 6)]


def scattered_reservation(reference: str) -> list[list[str]]:
    """Return rows with three rooms of one reservation, each in another set of 7."""
    room = [reference, "Anna Sample", "a@example.com", "2027-05-02", "2027-05-04"]
    return [
        [*room, "101"],
        *filler(0, 9),
        [*room, "102"],
        *filler(9, 9),
        [*room, "103"],
    ]


def import_rows(conn: Any, batch_id: int) -> list[dict[str, Any]]:
    return conn.execute(
        "SELECT line_number, status, booking_reference, parsed_data, error"
        " FROM import_rows WHERE batch_id = %s ORDER BY line_number",
        (batch_id,),
    ).fetchall()


@pytest.mark.parametrize(
    "reference", AWKWARD_REFERENCES.values(), ids=list(AWKWARD_REFERENCES)
)
def test_awkward_reference_rooms_one_set(
    conn, database: Database, reference: str
) -> None:
    hotel = add_hotel(conn)
    data = export_bytes(scattered_reservation(reference))
    with database.connect(autocommit=True) as setup:
        staged = stage_bytes(setup, hotel, data)
    counts = process_batch(database, staged.batch_id, now=fixed_clock(), set_size=7)

    rows = import_rows(conn, staged.batch_id)
    rooms = [r for r in rows if r["line_number"] in (2, 12, 22)]
    assert [r["status"] for r in rooms] == ["notified"] * 3, rooms
    parsed = {r["parsed_data"]["booking_reference"] for r in rooms}
    staged_refs = {r["booking_reference"] for r in rooms}
    assert staged_refs == parsed
    assert counts.created == 19
    assert counts.updated == 0
    booking = conn.execute(
        "SELECT room FROM bookings WHERE booking_reference = %s", (parsed.pop(),)
    ).fetchone()
    assert booking["room"] == "101, 102, 103"

    with database.connect(autocommit=True) as setup:
        again = stage_bytes(setup, hotel, data)
    counts = process_batch(database, again.batch_id, now=fixed_clock(), set_size=7)
    assert counts.unchanged == 19
    assert counts.updated == 0


def test_empty_reference_rows_fail(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    data = export_bytes(scattered_reservation(""))
    with database.connect(autocommit=True) as setup:
        staged = stage_bytes(setup, hotel, data)
    process_batch(database, staged.batch_id, now=fixed_clock(), set_size=7)

    rows = import_rows(conn, staged.batch_id)
    rooms = [r for r in rows if r["line_number"] in (2, 12, 22)]
    assert [r["status"] for r in rooms] == ["failed"] * 3
    assert [r["booking_reference"] for r in rooms] == [None] * 3
    assert all("booking reference is missing" in r["error"] for r in rooms)


def two_room_export(boundaries: int, set_size: int) -> bytes:
    """Return rows where a two-room reservation straddles each boundary of sets.

    The rooms read different check-in dates, so a set that writes one room
    alone moves the booking's check-in date.
    """
    rows: list[list[str]] = []
    for n in range(boundaries):
        if n:
            rows.append(
                [
                    f"G{n - 1}",
                    "Anna Sample",
                    "a@example.com",
                    "2027-05-01",
                    "2027-05-04",
                    "102",
                ]
            )
        rows.extend(filler(n * set_size, set_size - 2 if n else set_size - 1))
        rows.append(
            [f"G{n}", "Anna Sample", "a@example.com", "2027-05-02", "2027-05-06", "101"]
        )
    rows.append(
        [
            f"G{boundaries - 1}",
            "Anna Sample",
            "a@example.com",
            "2027-05-01",
            "2027-05-04",
            "102",
        ]
    )
    return export_bytes(rows)


def hold_claims_until_both_claimed(
    monkeypatch: pytest.MonkeyPatch, first_set_delay: float = 0.0
) -> Any:
    """Make two processors each claim a set before either claims the rest.

    That is the order when two processors start on one batch at once. Returns
    a function that arms the hold again for the next two processors. The set
    that starts at line 2 then waits `first_set_delay` seconds, so that the
    other set commits first.
    """
    barrier = threading.Barrier(2, timeout=10)
    original = claims.claim_rest_of_reservations
    waited: set[int] = set()

    def claim_rest(
        conn: Any, batch_id: int, claimed: list[Any], set_size: int
    ) -> list[Any]:
        if threading.get_ident() not in waited and len(waited) < 2:
            waited.add(threading.get_ident())
            barrier.wait()
        rows = original(conn, batch_id, claimed, set_size)
        if claimed[0]["line_number"] == 2:
            time.sleep(first_set_delay)
        return rows

    def rearm() -> None:
        waited.clear()
        barrier.reset()

    monkeypatch.setattr(claims, "claim_rest_of_reservations", claim_rest)
    return rearm


def test_two_processors_split_reservation(
    conn, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    rearm = hold_claims_until_both_claimed(monkeypatch, first_set_delay=1.0)
    hotel = add_hotel(conn)
    # Lines 2-8 are the first set of 7 and lines 9-15 the second. G0 is on
    # lines 8 and 9, one room in each set. The second set commits first, with
    # room 101 alone and its later check-in date.
    data = export_bytes(
        straddling_rows(
            ["G0", "Anna Sample", "a@example.com", "2027-05-01", "2027-05-04", "102"],
            ["G0", "Anna Sample", "a@example.com", "2027-05-02", "2027-05-06", "101"],
        )
    )

    with database.connect(autocommit=True) as setup:
        staged = stage_bytes(setup, hotel, data)
    counts = process_batch(
        database, staged.batch_id, now=fixed_clock(), set_size=7, threads=2
    )
    first = counts

    conn.execute(
        "UPDATE bookings SET precheckin_reminder1_sent_at = '2027-04-30 09:00+00'"
        " WHERE booking_reference = 'G0'"
    )
    rearm()
    with database.connect(autocommit=True) as setup:
        again = stage_bytes(setup, hotel, data)
    counts = process_batch(
        database, again.batch_id, now=fixed_clock(), set_size=7, threads=2
    )
    booking = conn.execute(
        "SELECT checkin_date::text, room, precheckin_reminder1_sent_at"
        " FROM bookings WHERE booking_reference = 'G0'"
    ).fetchone()
    assert booking["checkin_date"] == "2027-05-01"
    assert sorted(booking["room"].split(", ")) == ["101", "102"]
    facts = {
        "first import": (first.created, first.updated),
        "re-import": (counts.updated, counts.unchanged),
        "reminder stamp kept": booking["precheckin_reminder1_sent_at"] is not None,
    }
    assert facts == {
        "first import": (13, 0),
        "re-import": (0, 13),
        "reminder stamp kept": True,
    }


def test_two_threads_reimport_unchanged(conn, database: Database) -> None:
    # No barrier: two threads of process_batch on reservations that straddle
    # every boundary of sets of 50.
    hotel = add_hotel(conn)
    data = two_room_export(boundaries=200, set_size=50)
    results = []
    for _ in range(2):
        with database.connect(autocommit=True) as setup:
            staged = stage_bytes(setup, hotel, data)
        results.append(
            process_batch(
                database, staged.batch_id, now=fixed_clock(), set_size=50, threads=2
            )
        )
        left = conn.execute(
            "SELECT count(*) AS n FROM import_rows WHERE batch_id = %s"
            " AND status = 'pending'",
            (staged.batch_id,),
        ).fetchone()
        assert left["n"] == 0
    first, second = results
    assert first.rows == 200 * 50 + 1
    assert second.rows == 200 * 50 + 1
    assert first.created == 200 * 48 + 1 + 200
    assert (first.updated, second.updated) == (0, 0), (first, second)
    assert second.unchanged == first.created


def test_two_processors_second_guest_fails(
    conn, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another guest's name is on the row of G0 that the second set claims,
    # and the second set commits first.
    hold_claims_until_both_claimed(monkeypatch, first_set_delay=1.0)
    hotel = add_hotel(conn)
    rows = straddling_rows(
        ["G0", "Anna Sample", "a@example.com", "2027-05-02", "2027-05-06", "101"],
        ["G0", "Other Person", "o@example.com", "2027-06-01", "2027-06-05", "102"],
    )
    with database.connect(autocommit=True) as setup:
        staged = stage_bytes(setup, hotel, export_bytes(rows))
    process_batch(database, staged.batch_id, now=fixed_clock(), set_size=7, threads=2)

    rows = conn.execute(
        "SELECT line_number, status, error FROM import_rows"
        " WHERE line_number IN (8, 9) ORDER BY line_number"
    ).fetchall()
    booking = conn.execute(
        "SELECT guest_name, room FROM bookings WHERE booking_reference = 'G0'"
    ).fetchone()
    # The earlier line keeps the reservation and the later line fails.
    assert [r["status"] for r in rows] == ["notified", "failed"], (rows, booking)
    assert booking == {"guest_name": "Anna Sample", "room": "101"}


def scattered_export(total: int, reservations: int, seed: int = 7) -> bytes:
    """Return `total` rows, three-room reservations spread at random among filler."""
    import random

    rnd = random.Random(seed)
    rows: list[list[str]] = filler(0, total - 3 * reservations)
    for n in range(reservations):
        for room in ("101", "102", "103"):
            day = rnd.choice(["01", "02", "03"])
            guest = [
                f"S{n}",
                "Anna Sample",
                "a@example.com",
                f"2027-05-{day}",
                "2027-05-06",
            ]
            rows.insert(rnd.randrange(len(rows) + 1), [*guest, room])
    # The first reservation on lines 2, 5,000 and 20,000.
    rows[0] = [
        "S-first",
        "Anna Sample",
        "a@example.com",
        "2027-05-02",
        "2027-05-06",
        "101",
    ]
    rows[4998] = [
        "S-first",
        "Anna Sample",
        "a@example.com",
        "2027-05-02",
        "2027-05-06",
        "102",
    ]
    rows[19998] = [
        "S-first",
        "Anna Sample",
        "a@example.com",
        "2027-05-01",
        "2027-05-06",
        "103",
    ]
    return export_bytes(rows)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["threads=1", "threads=2", "two process_batch calls"])
def test_scattered_reservations_big_file(conn, database: Database, mode: str) -> None:
    import threading

    hotel = add_hotel(conn)
    data = scattered_export(total=25_000, reservations=300)
    results = []
    for _ in range(2):
        with database.connect(autocommit=True) as setup:
            staged = stage_bytes(setup, hotel, data)
        totals: list[Any] = []

        def run(threads: int, staged: Any = staged, totals: list[Any] = totals) -> None:
            totals.append(
                process_batch(
                    database,
                    staged.batch_id,
                    now=fixed_clock(),
                    set_size=5000,
                    threads=threads,
                )
            )

        if mode.startswith("threads="):
            run(int(mode[-1]))
        else:
            workers = [threading.Thread(target=run, args=(1,)) for _ in range(2)]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
        rows_done = sum(t.rows for t in totals)
        batch = conn.execute(
            "SELECT status, pending_rows, notified_rows, bookings_created,"
            " bookings_updated, bookings_unchanged FROM import_batches WHERE id = %s",
            (staged.batch_id,),
        ).fetchone()
        statuses = conn.execute(
            "SELECT status, count(*) AS n FROM import_rows WHERE batch_id = %s"
            " GROUP BY status",
            (staged.batch_id,),
        ).fetchall()
        results.append((rows_done, batch, statuses))
        if len(results) == 1:
            conn.execute(
                "UPDATE bookings"
                " SET precheckin_reminder1_sent_at = '2027-04-28 09:00+00'"
                " WHERE booking_reference LIKE 'S%'"
            )

    (first_rows, first, first_statuses), (second_rows, second, _) = results
    assert first_rows == 25_000
    assert first_statuses == [{"status": "notified", "n": 25_000}]
    assert first["status"] == "completed"
    assert first["pending_rows"] == 0
    assert second_rows == 25_000
    rooms = conn.execute(
        "SELECT count(*) AS n FROM bookings WHERE booking_reference LIKE 'S%'"
        " AND string_to_array(room, ', ') @> ARRAY['101', '102', '103']"
    ).fetchone()
    assert rooms["n"] == 301
    cleared = conn.execute(
        "SELECT count(*) AS n FROM bookings WHERE booking_reference LIKE 'S%'"
        " AND precheckin_reminder1_sent_at IS NULL"
    ).fetchone()
    counts = {
        "first": (first["bookings_created"], first["bookings_updated"]),
        "second": (second["bookings_updated"], second["bookings_unchanged"]),
        "reminder stamps cleared": cleared["n"],
    }
    bookings = 25_000 - 3 * 300 + 300 - 2
    assert counts == {
        "first": (bookings, 0),
        "second": (0, bookings),
        "reminder stamps cleared": 0,
    }


def mixed_reservations() -> bytes:
    """Return reservations whose rooms lie in different sets of 7 and differ."""
    rows = [
        ["D1", "Anna Sample", "a@example.com", "2027-05-02", "2027-05-06", "101"],
        ["N1", "Ben Example", "b@example.com", "2027-05-02", "2027-05-06", "201"],
        ["C1", "Cora Test", "c@example.com", "2027-05-02", "2027-05-06", "301"],
        *filler(0, 9),
        ["D1", "Anna Sample", "a@example.com", "2027-05-01", "2027-05-09", "102"],
        ["N1", "Other Person", "o@example.com", "2027-05-02", "2027-05-06", "202"],
        *filler(9, 9),
        ["D1", "ANNA SAMPLE", "a@example.com", "2027-05-03", "2027-05-04", "103"],
    ]
    return export_bytes(rows)


def summary_facts(summary: Any) -> dict[str, Any]:
    return {
        "rows": {k: summary.rows[k] for k in ("notified", "completed", "failed")},
        "bookings": summary.bookings,
        "links": summary.links,
        "failed": [(f.line_number, f.message) for f in summary.failed_rows],
    }


def test_preview_matches_import_with_scattered_rooms(conn, database: Database) -> None:
    from precheckin.imports.preview import preview_export
    from precheckin.imports.summary import batch_summary

    hotel = add_hotel(conn)
    data = mixed_reservations()
    for attempt in ("first", "again"):
        preview = preview_export(
            database,
            hotel,
            io.BytesIO(data),
            filename="x.csv",
            now=fixed_clock(),
            set_size=7,
        )
        with database.connect(autocommit=True) as setup:
            staged = stage_bytes(setup, hotel, data)
        process_batch(database, staged.batch_id, now=fixed_clock(), set_size=7)
        real = batch_summary(conn, staged.batch_id)
        assert summary_facts(preview) == summary_facts(real), attempt

    facts = summary_facts(real)
    assert facts["bookings"]["updated"] == 0
    assert [line for line, _ in facts["failed"]] == [15]
    assert "also on line 3 for guest Ben Example" in facts["failed"][0][1]
    d1 = conn.execute(
        "SELECT room, checkin_date::text, checkout_date::text, guest_name"
        " FROM bookings WHERE booking_reference = 'D1'"
    ).fetchone()
    assert d1 == {
        "room": "101, 102, 103",
        "checkin_date": "2027-05-01",
        "checkout_date": "2027-05-09",
        "guest_name": "Anna Sample",
    }


def test_pending_processor_scattered_rooms(conn, database: Database) -> None:
    from precheckin.imports.pending import process_pending

    hotel = add_hotel(conn)
    data = mixed_reservations()
    batches = []
    for _ in range(2):
        with database.connect(autocommit=True) as setup:
            batches.append(stage_bytes(setup, hotel, data).batch_id)
    # Both batches are open at once, and the older one is processed first.
    done = process_pending(database, now=fixed_clock(), set_size=7)
    assert done == 2 * 24
    rows = conn.execute(
        "SELECT id, status, bookings_created, bookings_updated, bookings_unchanged,"
        " failed_rows, pending_rows FROM import_batches ORDER BY id"
    ).fetchall()
    assert [(r["status"], r["pending_rows"], r["failed_rows"]) for r in rows] == [
        ("completed", 0, 1),
        ("completed", 0, 1),
    ]
    assert [
        (r["bookings_created"], r["bookings_updated"], r["bookings_unchanged"])
        for r in rows
    ] == [(21, 0, 0), (0, 0, 21)]


@pytest.mark.slow
def test_worker_two_threads_scattered(conn, database: Database) -> None:
    # As the worker runs with PRECHECKIN_WORKER_PROCESS_CONCURRENCY=2: two
    # threads share one PendingProcessor and call run_one_set until idle.
    import threading

    from precheckin.imports.pending import PendingProcessor

    hotel = add_hotel(conn)
    data = scattered_export(total=25_000, reservations=300)
    with database.connect(autocommit=True) as setup:
        staged = stage_bytes(setup, hotel, data)
    processor = PendingProcessor(database, now=fixed_clock(), set_size=5000)
    done: list[int] = []

    def run() -> None:
        while rows := processor.run_one_set():
            done.append(rows)

    workers = [threading.Thread(target=run) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    processor.run_one_set()

    batch = conn.execute(
        "SELECT status, pending_rows, notified_rows, bookings_created,"
        " bookings_updated FROM import_batches WHERE id = %s",
        (staged.batch_id,),
    ).fetchone()
    assert sum(done) == 25_000
    assert batch["status"] == "completed"
    assert batch["pending_rows"] == 0
    assert batch["notified_rows"] == 25_000
    assert (batch["bookings_created"], batch["bookings_updated"]) == (24_398, 0)


@pytest.mark.parametrize("cancelled_room", ["first", "second"])
def test_one_room_cancelled(conn, database: Database, cancelled_room: str) -> None:
    header = [*HEADER, "Status"]
    first = ["X1", "Anna Sample", "a@example.com", "2027-05-02", "2027-05-06", "101"]
    second = ["X1", "Anna Sample", "a@example.com", "2027-05-02", "2027-05-06", "102"]
    statuses = (
        ("Cancelled", "Confirmed")
        if cancelled_room == "first"
        else ("Confirmed", "Cancelled")
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerow([*first, statuses[0]])
    writer.writerows([*row, "Confirmed"] for row in filler(0, 9))
    writer.writerow([*second, statuses[1]])
    hotel = add_hotel(conn)
    with database.connect(autocommit=True) as setup:
        staged = stage_bytes(setup, hotel, out.getvalue().encode())
    process_batch(database, staged.batch_id, now=fixed_clock(), set_size=7)
    booking = conn.execute(
        "SELECT status, room FROM bookings WHERE booking_reference = 'X1'"
    ).fetchone()
    rows = conn.execute(
        "SELECT line_number, status, parsed_data->>'note' AS note FROM import_rows"
        " WHERE line_number IN (2, 12) ORDER BY 1"
    ).fetchall()
    # The stay goes on in the other room, and the guest still gets a link.
    assert booking["status"] == "CONFIRMED"
    assert booking["room"] == ("102" if cancelled_room == "first" else "101")
    assert [r["status"] for r in rows] == ["notified", "notified"]


def test_all_rooms_cancelled(conn, database: Database) -> None:
    header = [*HEADER, "Status"]
    room = ["X2", "Anna Sample", "a@example.com", "2027-05-02", "2027-05-06"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerow([*room, "101", "Cancelled"])
    writer.writerow([*room, "102", "Cancelled"])
    hotel = add_hotel(conn)
    with database.connect(autocommit=True) as setup:
        staged = stage_bytes(setup, hotel, out.getvalue().encode())
    process_batch(database, staged.batch_id, now=fixed_clock(), set_size=7)

    booking = conn.execute(
        "SELECT status, room FROM bookings WHERE booking_reference = 'X2'"
    ).fetchone()
    assert booking == {"status": "CANCELLED", "room": "101, 102"}


@pytest.mark.parametrize("encoding", ["windows-1252", "utf-16"])
def test_reference_in_other_encodings(conn, database: Database, encoding: str) -> None:
    hotel = add_hotel(conn)
    text = (
        "Buchungsnummer;Gast;E-Mail;Anreise;Abreise;Zimmer\r\n"
        "Ä-ß1;Jörg Müller;j@example.com;02.05.2027;06.05.2027;101\r\n"
        + "".join(
            f"F{n};Gast {n};f{n}@example.com;02.05.2027;04.05.2027;{n}\r\n"
            for n in range(9)
        )
        + "Ä-ß1;Jörg Müller;j@example.com;01.05.2027;06.05.2027;102\r\n"
    )
    with database.connect(autocommit=True) as setup:
        staged = stage_bytes(
            setup, hotel, text.encode(encoding), overrides={"room": "Zimmer"}
        )
    counts = process_batch(database, staged.batch_id, now=fixed_clock(), set_size=7)
    rows = import_rows(conn, staged.batch_id)
    assert [r["booking_reference"] for r in rows if r["line_number"] in (2, 12)] == [
        "Ä-ß1",
        "Ä-ß1",
    ]
    assert (counts.created, counts.updated) == (10, 0)


def test_mapping_override_other_case(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    data = export_bytes(scattered_reservation("R1"))
    with database.connect(autocommit=True) as setup:
        staged = stage_bytes(
            setup, hotel, data, overrides={"booking_reference": "booking reference"}
        )
    counts = process_batch(database, staged.batch_id, now=fixed_clock(), set_size=7)
    assert (counts.created, counts.updated) == (19, 0)


def test_long_reference_fails_row_only(conn, database: Database) -> None:
    # 3,000 random characters do not fit a btree index entry (2,704 bytes at
    # most), so a reference this long cannot be stored as a booking either.
    import random
    import string

    rnd = random.Random(1)
    reference = "".join(rnd.choice(string.ascii_letters) for _ in range(3000))
    rows = [
        [reference, "Anna Sample", "a@example.com", "2027-05-02", "2027-05-04", "1"],
        *filler(0, 3),
    ]
    hotel = add_hotel(conn)
    with database.connect(autocommit=True) as setup:
        staged = stage_bytes(setup, hotel, export_bytes(rows))
    counts = process_batch(database, staged.batch_id, now=fixed_clock(), set_size=7)

    assert (counts.created, counts.failed) == (3, 1)
    error = conn.execute(
        "SELECT error FROM import_rows WHERE status = 'failed'"
    ).fetchone()["error"]
    assert "is longer than 100 characters" in error


def test_placeholder_references_keep_set_size(conn, database: Database) -> None:
    # "n/a" is no reference to validation (the rows fail as missing one), so
    # staging stores none, and claims do not group these rows.
    rows = [
        ["n/a", f"Guest {n}", f"g{n}@example.com", "2027-05-02", "2027-05-04", "1"]
        for n in range(100)
    ]
    hotel = add_hotel(conn)
    with database.connect(autocommit=True) as setup:
        staged = stage_bytes(setup, hotel, export_bytes(rows))
    sizes: list[int] = []
    process_batch(
        database,
        staged.batch_id,
        now=fixed_clock(),
        set_size=7,
        on_set=lambda counts: sizes.append(counts.rows),
    )

    stored = conn.execute(
        "SELECT DISTINCT booking_reference FROM import_rows WHERE batch_id = %s",
        (staged.batch_id,),
    ).fetchall()
    assert max(sizes) <= 7, sizes
    assert stored == [{"booking_reference": None}]
