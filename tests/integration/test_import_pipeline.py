"""Import end to end on a real PostgreSQL: staging, processing, bookings, links."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import psycopg
import pytest

from precheckin.db.connection import Database
from precheckin.errors import FileRejected, MappingError
from precheckin.imports.processing import process_batch
from precheckin.imports.summary import batch_summary
from tests.helpers import add_hotel, csv_bytes, fixed_clock, import_bytes, stage_bytes

HEADER = "Booking Reference,Guest Name,Phone,Email,Check-in,Check-out,Room,Guests"
CLEAN = csv_bytes(
    HEADER,
    "R1,Anna Sample,+49 151 23456789,anna@example.com,2027-03-10,2027-03-12,101,2",
    "R2,Ben Example,,ben@example.com,2027-03-11,2027-03-15,102,1",
    "R3,Chloé Tester,,,2027-03-12,2027-03-13,103,1",
)


def rows_by_status(conn: psycopg.Connection[Any], batch_id: int) -> dict[str, int]:
    result = conn.execute(
        "SELECT status, count(*) AS n FROM import_rows"
        " WHERE batch_id = %s GROUP BY status",
        (batch_id,),
    ).fetchall()
    return {row["status"]: row["n"] for row in result}


def links(conn: psycopg.Connection[Any]) -> list[tuple[str, str, str]]:
    result = conn.execute(
        "SELECT b.booking_reference, n.channel, n.status FROM notification_queue n"
        " JOIN bookings b ON b.id = n.booking_id ORDER BY 1, 2"
    ).fetchall()
    return [(r["booking_reference"], r["channel"], r["status"]) for r in result]


def test_clean_export_queues_one_link_per_guest(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    staged, counts = import_bytes(database, hotel, CLEAN)

    assert staged.total_rows == 3
    assert rows_by_status(conn, staged.batch_id) == {"notified": 2, "completed": 1}
    assert links(conn) == [("R1", "whatsapp", "pending"), ("R2", "email", "pending")]
    assert counts.created == 3
    booking = conn.execute(
        "SELECT * FROM bookings WHERE booking_reference = 'R1'"
    ).fetchone()
    assert booking["phone"] == "+4915123456789"
    assert booking["checkin_date"] == date(2027, 3, 10)
    assert booking["guests"] == 2
    token = conn.execute("SELECT count(*) AS n FROM precheckin_tokens").fetchone()
    assert token["n"] == 3


def test_summary_counts_and_status(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    staged, _ = import_bytes(database, hotel, CLEAN)
    summary = batch_summary(conn, staged.batch_id)

    assert summary.status == "completed"
    assert summary.rows["notified"] == 2
    assert summary.rows["completed"] == 1
    assert summary.rows["pending"] == 0
    assert summary.bookings["created"] == 3
    assert summary.links == {"whatsapp": 1, "email": 1}
    assert summary.format["delimiter"] == ","


def test_token_expires_after_checkout_in_hotel_zone(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    import_bytes(database, hotel, CLEAN)
    row = conn.execute(
        "SELECT t.expires_at AT TIME ZONE 'Europe/Berlin' AS local,"
        " length(t.token) AS n"
        " FROM precheckin_tokens t JOIN bookings b ON b.id = t.booking_id"
        " WHERE b.booking_reference = 'R1'"
    ).fetchone()
    assert str(row["local"]) == "2027-03-13 00:00:00"
    assert row["n"] >= 22


def test_german_windows_1252_export(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    data = csv_bytes(
        "Reservierungsnr.;Gast;Telefon;E-Mail;Anreise;Abreise;Zimmer",
        "B1;Jürgen Müßig;0151 23456789;;30.03.2027;02.04.2027;12",
        "B2;Zoë Weiß;;zoe@example.org;20.03.2027;26.03.2027;14",
        encoding="cp1252",
    )
    staged, _ = import_bytes(database, hotel, data)

    assert staged.format.encoding == "windows-1252"
    assert staged.format.delimiter == ";"
    booking = conn.execute(
        "SELECT * FROM bookings WHERE booking_reference = 'B1'"
    ).fetchone()
    assert booking["guest_name"] == "Jürgen Müßig"
    assert booking["phone"] == "+4915123456789"
    assert booking["checkin_date"] == date(2027, 3, 30)
    assert booking["checkout_date"] == date(2027, 4, 2)


def test_tab_separated_utf8_bom_export(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    data = b"\xef\xbb\xbf" + csv_bytes(
        "Booking Reference\tGuest Name\tEmail\tArrival\tDeparture",
        "T1\tInès Probe\tines@example.com\t2027-05-01\t2027-05-03",
        newline="\n",
    )
    staged, _ = import_bytes(database, hotel, data)

    assert staged.format.delimiter == "\t"
    booking = conn.execute("SELECT * FROM bookings").fetchone()
    assert booking["booking_reference"] == "T1"
    assert booking["guest_name"] == "Inès Probe"


def test_quoted_fields_with_delimiters_and_newlines(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    data = csv_bytes(
        "Booking Reference,Guest Name,Email,Check-in,Check-out,Notes",
        'Q1,"Sample, Anna",anna@example.com,2027-04-01,2027-04-02,"late arrival,',
        'Q2,Fake,x@example.com,2027-04-01,2027-04-02,"" quoted "" "',
        'Q3,"Ben ""Benny"" Mock",ben@example.com,2027-04-03,2027-04-05,',
    )
    staged, _ = import_bytes(database, hotel, data)

    names = [
        r["guest_name"]
        for r in conn.execute(
            "SELECT guest_name FROM bookings ORDER BY booking_reference"
        )
    ]
    assert names == ["Sample, Anna", 'Ben "Benny" Mock']
    assert staged.total_rows == 2


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        pytest.param(
            "V1,,a@example.com,2027-04-01,2027-04-02", "name", id="missing-name"
        ),
        pytest.param(
            "V1,Ann,a@example.com,2027-04-05,2027-04-02", "before", id="checkout-first"
        ),
        pytest.param(
            "V1,Ann,a@example.com,2027-02-31,2027-03-02", "2027-02-31", id="no-such-day"
        ),
        pytest.param(
            "V1,Ann,a@example.com,,2027-03-02", "check-in", id="missing-checkin"
        ),
    ],
)
def test_invalid_row_fails_alone(
    conn, database: Database, row: str, reason: str
) -> None:
    hotel = add_hotel(conn)
    data = csv_bytes(
        "Booking Reference,Guest Name,Email,Check-in,Check-out",
        row,
        "V2,Bea,b@example.com,2027-04-01,2027-04-02",
    )
    staged, _ = import_bytes(database, hotel, data)

    failed = conn.execute(
        "SELECT line_number, error FROM import_rows WHERE status = 'failed'"
    ).fetchall()
    assert [r["line_number"] for r in failed] == [2]
    assert reason in failed[0]["error"]
    assert rows_by_status(conn, staged.batch_id) == {"failed": 1, "notified": 1}


def test_unusable_phone_warns_and_uses_email(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    data = csv_bytes(
        "Booking Reference,Guest Name,Phone,Email,Check-in,Check-out",
        "W1,Ann,not a number,ann@example.com,2027-04-01,2027-04-02",
    )
    staged, _ = import_bytes(database, hotel, data)

    row = conn.execute("SELECT status, warnings FROM import_rows").fetchone()
    assert row["status"] == "notified"
    assert "not a number" in row["warnings"][0]
    assert links(conn) == [("W1", "email", "pending")]


def test_reimport_changes_nothing(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    import_bytes(database, hotel, CLEAN)
    _, counts = import_bytes(database, hotel, CLEAN)

    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 3)
    assert counts.links_whatsapp + counts.links_email == 0
    assert len(links(conn)) == 2


def test_corrected_file_updates_without_second_link(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    import_bytes(database, hotel, CLEAN)
    corrected = CLEAN.replace(b"Ben Example,,", b"Ben Exemplar,+49 151 87654321,")
    _, counts = import_bytes(database, hotel, corrected)

    assert (counts.created, counts.updated, counts.unchanged) == (0, 1, 2)
    assert links(conn) == [("R1", "whatsapp", "pending"), ("R2", "email", "pending")]
    name = conn.execute("SELECT guest_name FROM bookings WHERE booking_reference='R2'")
    assert name.fetchone()["guest_name"] == "Ben Exemplar"


def test_two_hotels_keep_same_reference_apart(conn, database: Database) -> None:
    berlin = add_hotel(conn, "berlin")
    paris = add_hotel(conn, "paris", country="FR")
    import_bytes(database, berlin, CLEAN)
    import_bytes(database, paris, CLEAN.replace(b"Anna Sample", b"Anne Exemple"))

    names = conn.execute(
        "SELECT h.code, b.guest_name FROM bookings b JOIN hotels h ON h.id = b.hotel_id"
        " WHERE b.booking_reference = 'R1' ORDER BY h.code"
    ).fetchall()
    assert [(r["code"], r["guest_name"]) for r in names] == [
        ("berlin", "Anna Sample"),
        ("paris", "Anne Exemple"),
    ]


def test_cancelled_status_cancels_messages_and_token(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    import_bytes(database, hotel, CLEAN)
    cancelled = csv_bytes(
        HEADER + ",Status",
        "R2,Ben Example,,ben@example.com,2027-03-11,2027-03-15,102,1,Storniert",
    )
    import_bytes(database, hotel, cancelled)

    booking = conn.execute("SELECT status FROM bookings WHERE booking_reference='R2'")
    assert booking.fetchone()["status"] == "CANCELLED"
    assert ("R2", "email", "cancelled") in links(conn)
    revoked = conn.execute(
        "SELECT t.revoked_at FROM precheckin_tokens t"
        " JOIN bookings b ON b.id = t.booking_id"
        " WHERE b.booking_reference = 'R2'"
    ).fetchone()
    assert revoked["revoked_at"] is not None


def test_new_checkin_date_clears_reminder_stamps(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    import_bytes(database, hotel, CLEAN)
    conn.execute(
        "UPDATE bookings SET precheckin_reminder1_sent_at = now(),"
        " precheckin_reminder2_sent_at = now()"
    )
    import_bytes(database, hotel, CLEAN.replace(b"2027-03-10", b"2027-03-11"))

    stamps = conn.execute(
        "SELECT booking_reference, precheckin_reminder1_sent_at IS NULL AS cleared"
        " FROM bookings ORDER BY 1"
    ).fetchall()
    assert [(r["booking_reference"], r["cleared"]) for r in stamps] == [
        ("R1", True),
        ("R2", False),
        ("R3", False),
    ]


def test_ended_stay_gets_no_link(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    data = csv_bytes(
        "Booking Reference,Guest Name,Email,Check-in,Check-out",
        "E1,Ann,ann@example.com,2027-02-20,2027-02-25",
    )
    import_bytes(database, hotel, data)

    row = conn.execute("SELECT status, parsed_data FROM import_rows").fetchone()
    assert row["status"] == "completed"
    assert "ended" in row["parsed_data"]["note"]
    assert links(conn) == []


def test_missing_required_column_stages_nothing(conn) -> None:
    hotel = add_hotel(conn)
    data = csv_bytes(
        "Booking Reference,Guest Name,Email,Check-in", "X1,Ann,a@example.com,2027-04-01"
    )
    with pytest.raises(MappingError, match="Check-in"):
        stage_bytes(conn, hotel, data)
    assert conn.execute("SELECT count(*) AS n FROM import_batches").fetchone()["n"] == 0


def test_ambiguous_dates_stage_nothing(conn) -> None:
    hotel = add_hotel(conn, country="CN")
    data = csv_bytes(
        "Booking Reference,Guest Name,Email,Check-in,Check-out",
        "A1,Ann,a@example.com,03/04/2027,05/04/2027",
    )
    with pytest.raises(FileRejected, match="--date-format"):
        stage_bytes(conn, hotel, data)
    assert conn.execute("SELECT count(*) AS n FROM import_rows").fetchone()["n"] == 0


def test_date_format_option_settles_dates(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    data = csv_bytes(
        "Booking Reference,Guest Name,Email,Check-in,Check-out",
        "A1,Ann,a@example.com,03/04/2027,05/04/2027",
    )
    import_bytes(database, hotel, data, date_format="%m/%d/%Y")
    booking = conn.execute("SELECT checkin_date FROM bookings").fetchone()
    assert booking["checkin_date"] == date(2027, 3, 4)


def test_mapping_override_and_reuse(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    data = csv_bytes(
        "Ref,Who,Mail,From,To",
        "M1,Ann,a@example.com,2027-04-01,2027-04-02",
    )
    overrides = {
        "booking_reference": "Ref",
        "guest_name": "Who",
        "email": "Mail",
        "checkin": "From",
        "checkout": "To",
    }
    first, _ = import_bytes(database, hotel, data, overrides=overrides)
    second, _ = import_bytes(database, hotel, data)

    assert first.mapping == second.mapping
    assert second.mapping["guest_name"] == "Who"


def test_concurrent_processors_take_each_row_once(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    lines = [
        f"C{i},Guest {i},,guest{i}@example.com,2027-04-01,2027-04-0{2 + i % 5}"
        for i in range(400)
    ]
    data = csv_bytes(
        "Booking Reference,Guest Name,Phone,Email,Check-in,Check-out", *lines
    )
    staged = stage_bytes(conn, hotel, data)
    totals: list[int] = []

    def run() -> None:
        counts = process_batch(
            database, staged.batch_id, now=fixed_clock(), set_size=13
        )
        totals.append(counts.rows)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(totals) == 400
    assert rows_by_status(conn, staged.batch_id) == {"notified": 400}
    assert len(links(conn)) == 400
    summary = batch_summary(conn, staged.batch_id)
    assert summary.status == "completed"
    assert summary.rows["notified"] == 400


def test_purge_keeps_recent_and_open_batches(conn, database: Database) -> None:
    from datetime import timedelta

    from precheckin.imports.retention import purge_staged_rows
    from tests.helpers import NOW

    hotel = add_hotel(conn)
    old, _ = import_bytes(database, hotel, CLEAN)
    recent, _ = import_bytes(database, hotel, CLEAN)
    conn.execute(
        "UPDATE import_batches SET completed_at = %s WHERE id = %s",
        (NOW - timedelta(days=40), old.batch_id),
    )
    conn.execute(
        "UPDATE import_batches SET completed_at = %s WHERE id = %s",
        (NOW - timedelta(days=2), recent.batch_id),
    )

    deleted = purge_staged_rows(conn, now=NOW, retention_days=30)

    assert deleted == 3
    left = conn.execute("SELECT DISTINCT batch_id FROM import_rows").fetchall()
    assert [r["batch_id"] for r in left] == [recent.batch_id]
    summary = batch_summary(conn, old.batch_id)
    assert summary.rows["notified"] == 2


@pytest.mark.parametrize(
    "pattern",
    [
        pytest.param("%Y%Y-%m-%d", id="repeated-directive"),
        pytest.param("%d.%m.%Y %", id="stray-percent"),
        pytest.param("%d.%m.%Y %Q", id="unknown-directive"),
        pytest.param("%d.%m", id="no-year"),
    ],
)
def test_unusable_date_format_stages_nothing(conn, pattern: str) -> None:
    hotel = add_hotel(conn)
    with pytest.raises(FileRejected, match="--date-format"):
        stage_bytes(conn, hotel, CLEAN, date_format=pattern)
    assert conn.execute("SELECT count(*) AS n FROM import_batches").fetchone()["n"] == 0


def test_stored_unusable_format_fails_rows(conn, database: Database) -> None:
    # A batch staged before formats were checked must still end, not stop the worker.
    hotel = add_hotel(conn)
    staged = stage_bytes(conn, hotel, CLEAN, date_format="%Y-%m-%d")
    conn.execute(
        "UPDATE import_batches SET date_style = 'format:%%Y%%Y-%%m-%%d' WHERE id = %s",
        (staged.batch_id,),
    )

    counts = process_batch(database, staged.batch_id, now=fixed_clock())

    assert counts.failed == 3
    assert rows_by_status(conn, staged.batch_id) == {"failed": 3}
    status = conn.execute(
        "SELECT status FROM import_batches WHERE id = %s", (staged.batch_id,)
    ).fetchone()["status"]
    assert status == "completed"


def test_unclosed_quote_near_end_stages_nothing(conn) -> None:
    hotel = add_hotel(conn)
    data = csv_bytes(
        HEADER,
        "R1,Anna Sample,,anna@example.com,2027-03-10,2027-03-12,101,2",
        'R2,"Ben Example,,ben@example.com,2027-03-11,2027-03-15,102,1',
        "R3,Chloé Tester,,c@example.com,2027-03-12,2027-03-13,103,1",
    )
    with pytest.raises(FileRejected, match="closing quote"):
        stage_bytes(conn, hotel, data)
    assert conn.execute("SELECT count(*) AS n FROM import_batches").fetchone()["n"] == 0


def test_saved_date_format_is_reused(conn, database: Database) -> None:
    hotel = add_hotel(conn, country="CA")
    data = csv_bytes(
        "Booking Reference,Guest Name,Email,Check-in,Check-out",
        "D1,Ann,a@example.com,03/04/2027,05/04/2027",
    )
    import_bytes(database, hotel, data, date_format="%d/%m/%Y")
    second, _ = import_bytes(database, hotel, data.replace(b"D1,", b"D2,"))

    assert second.dates.style_text() == "format:%d/%m/%Y"
    booking = conn.execute(
        "SELECT checkin_date FROM bookings WHERE booking_reference = 'D2'"
    ).fetchone()
    assert booking["checkin_date"] == date(2027, 4, 3)


def test_hotel_without_whatsapp_sender_links_by_email(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    conn.execute("UPDATE hotels SET wa_phone_number_id = NULL")
    hotel = hotel.__class__(**{**hotel.__dict__, "wa_phone_number_id": None})
    data = csv_bytes(
        "Booking Reference,Guest Name,Phone,Email,Check-in,Check-out",
        "N1,Ann,+49 151 23456789,ann@example.com,2027-04-01,2027-04-02",
        "N2,Ben,+49 151 23456780,,2027-04-01,2027-04-02",
    )
    import_bytes(database, hotel, data)

    assert links(conn) == [("N1", "email", "pending")]
    note = conn.execute(
        "SELECT parsed_data->>'note' AS note FROM import_rows WHERE line_number = 3"
    ).fetchone()["note"]
    assert "no WhatsApp sender" in note


def test_duplicate_reference_other_guest_fails(conn, database: Database) -> None:
    hotel = add_hotel(conn)
    data = csv_bytes(
        "Booking Reference,Guest Name,Email,Check-in,Check-out,Room",
        "R7,Anna Sample,a@example.com,2027-05-02,2027-05-04,1",
        "R7,anna sample,a@example.com,2027-05-02,2027-05-04,2",
        "R7,Other Person,o@example.com,2027-06-01,2027-06-05,5",
    )
    staged, _ = import_bytes(database, hotel, data)

    failed = conn.execute(
        "SELECT line_number, error FROM import_rows WHERE status = 'failed'"
    ).fetchall()
    assert [r["line_number"] for r in failed] == [4]
    assert "also on line 2 for guest Anna Sample" in failed[0]["error"]
    booking = conn.execute("SELECT guest_name, room, checkout_date FROM bookings")
    assert booking.fetchone() == {
        "guest_name": "Anna Sample",
        "room": "1, 2",
        "checkout_date": date(2027, 5, 4),
    }


DUPLICATE_FILLER = [
    f"F{i},Guest {i},f{i}@example.com,2027-05-02,2027-05-04,{i}" for i in range(8)
]
# Sets hold seven rows, so line 11 lies beyond the first set.
DUPLICATE_IN_LATER_LINES = csv_bytes(
    "Booking Reference,Guest Name,Email,Check-in,Check-out,Room",
    "R7,Anna Sample,a@example.com,2027-05-02,2027-05-04,1",
    *DUPLICATE_FILLER,
    "R7,Other Person,o@example.com,2027-06-01,2027-06-05,5",
)


def assert_second_guest_failed(conn, reason: str) -> None:
    failed = conn.execute(
        "SELECT line_number, error FROM import_rows WHERE status = 'failed'"
    ).fetchall()
    assert [r["line_number"] for r in failed] == [11]
    assert reason in failed[0]["error"]
    booking = conn.execute(
        "SELECT guest_name, checkout_date FROM bookings WHERE booking_reference = 'R7'"
    ).fetchone()
    assert booking == {"guest_name": "Anna Sample", "checkout_date": date(2027, 5, 4)}


def test_duplicate_reference_in_later_set_fails(conn, database: Database) -> None:
    # The first set claims line 11 too, as a row of the same reservation.
    import_bytes(database, add_hotel(conn), DUPLICATE_IN_LATER_LINES)

    assert_second_guest_failed(conn, "is also on line 2 for guest Anna Sample")


def test_duplicate_reference_written_by_earlier_set_fails(
    conn, database: Database
) -> None:
    # Without staged references (a batch staged before they were stored), the
    # second guest's row comes in a later set and is checked against the booking
    # that the earlier set wrote.
    with database.connect(autocommit=True) as setup:
        staged = stage_bytes(setup, add_hotel(conn), DUPLICATE_IN_LATER_LINES)
        setup.execute("UPDATE import_rows SET booking_reference = NULL")
    process_batch(database, staged.batch_id, now=fixed_clock(), set_size=7)

    assert_second_guest_failed(conn, "earlier line for guest Anna Sample")
