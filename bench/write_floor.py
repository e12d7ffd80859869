"""The write floor: the least database work any full import of a file must do.

A full import must at least stage every row, write a booking, a token and a
link per reservation, and store each row's outcome. This module times those
writes as five bare set-based statements over a table that contains the file
already parsed, with no validation, no merging of rooms, no change detection
and no row sent to Python. Tokens come from md5(random()), cheaper than the
real ones. The schema is the product's, indexes and foreign keys included.

Set-based statements are the cheapest way an import can make these writes, so
the raw COPY time divided by the floor estimates the highest ratio that any
import into this schema can reach on the same server.
"""

from __future__ import annotations

import time
from pathlib import Path

import psycopg

from precheckin.db.migrations import upgrade

PARSED_TABLE = """
CREATE TABLE parsed_export (
    booking_reference text, guest_name text, phone text, email text,
    checkin text, checkout text, room text, guests text, status text
)
"""

# Each step writes what the full import writes for the same file.
FLOOR_STEPS: dict[str, str] = {
    "stage rows": """
        INSERT INTO import_rows (batch_id, line_number, raw_data)
        SELECT %(batch_id)s, row_number() OVER (), to_jsonb(p) FROM parsed_export p
    """,
    "bookings": """
        INSERT INTO bookings (
            hotel_id, booking_reference, guest_name, phone, email, checkin_date,
            checkout_date, room, guests, status, last_batch_id
        )
        SELECT DISTINCT ON (booking_reference)
               %(hotel_id)s, booking_reference, coalesce(guest_name, '-'),
               nullif(phone, ''), nullif(email, ''), DATE '2027-01-01',
               DATE '2027-01-03', room, NULL, 'CONFIRMED', %(batch_id)s
        FROM parsed_export
        WHERE booking_reference IS NOT NULL
        ON CONFLICT (hotel_id, booking_reference) DO NOTHING
    """,
    "tokens": """
        INSERT INTO precheckin_tokens (booking_id, token, expires_at)
        SELECT id, md5(random()::text) || id, TIMESTAMPTZ '2027-01-04 00:00+01'
        FROM bookings WHERE hotel_id = %(hotel_id)s
    """,
    "links": """
        INSERT INTO notification_queue (booking_id, hotel_id, channel, template_code)
        SELECT id, hotel_id, 'email', 'precheckin_link'
        FROM bookings WHERE hotel_id = %(hotel_id)s
    """,
    "row outcomes": """
        UPDATE import_rows
        SET status = 'notified', processed_at = now(), parsed_data = raw_data
        WHERE batch_id = %(batch_id)s
    """,
}


def floor_seconds(url: str, path: Path) -> dict[str, float]:
    """Time each floor step in the database at `url`, which must be empty.

    The file is first copied into `parsed_export`, untimed.
    """
    with psycopg.connect(url, autocommit=True) as conn:
        upgrade(conn)
        conn.execute(PARSED_TABLE)
        with (
            conn.cursor() as cur,
            path.open("rb") as source,
            cur.copy("COPY parsed_export FROM STDIN (FORMAT csv, HEADER true)") as copy,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        conn.execute("ANALYZE parsed_export")
        hotel_id = conn.execute(
            "INSERT INTO hotels (code, name, timezone, country)"
            " VALUES ('floor', 'Floor', 'Europe/Berlin', 'DE') RETURNING id"
        ).fetchone()[0]  # type: ignore[index]
        batch_id = conn.execute(
            "INSERT INTO import_batches (hotel_id, filename, mapping)"
            " VALUES (%s, 'floor.csv', '{}') RETURNING id",
            (hotel_id,),
        ).fetchone()[0]  # type: ignore[index]
        params = {"hotel_id": hotel_id, "batch_id": batch_id}
        timings: dict[str, float] = {}
        for name, statement in FLOOR_STEPS.items():
            started = time.perf_counter()
            conn.execute(statement, params)
            timings[name] = time.perf_counter() - started
        return timings
