"""Reminder run time over a year of bookings, with and without the reminder indexes.

Usage: python bench/reminders.py --bookings 1000000

Uses DATABASE_URL when set, else an embedded PostgreSQL in a temporary folder,
and creates a fresh database there. It fills that database with hotels spread
over time zones and bookings spread over 2026, as the database would look on
1 July 2026: earlier bookings are checked in and reminded, later ones wait.
Then it times `queue_reminders` at instants through one day. Each of these
runs is rolled back, so it queues every reminder due at its instant: the worst
case. It prints the statements' query plans (EXPLAIN ANALYZE) and repeats the
timing without the two reminder indexes. Last, it runs the day in order with
each run committed, as a worker running every 30 minutes would.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from precheckin.db.migrations import available_migrations, upgrade
from precheckin.db.queries import query
from precheckin.reminders import ReminderSettings, queue_reminders

# Hotels cycle through these zones, so some hotel enters a reminder window in
# most half hours of the day.
ZONES = [
    "Pacific/Kiritimati",
    "Pacific/Auckland",
    "Australia/Sydney",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Europe/Moscow",
    "Europe/Athens",
    "Europe/Berlin",
    "Europe/London",
    "Atlantic/Azores",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "Pacific/Pago_Pago",
]

YEAR_START = "2026-01-01"
BENCH_DAY = datetime(2026, 7, 1, tzinfo=UTC)
SETTINGS = ReminderSettings(
    reminder_1_from="06:00",
    reminder_1_until="22:00",
    reminder_2_from="06:00",
    reminder_2_until="12:00",
    reminder_1_link_gap_hours=12,
)

HOTELS_SQL = """
INSERT INTO hotels (code, name, timezone, country)
SELECT
    'bench-' || i, 'Bench Hotel ' || i,
    (%(zones)s::text[])[1 + i %% %(zone_count)s], 'DE'
FROM generate_series(0, %(hotels)s - 1) AS i
"""

# Check-in dates are spread evenly over the year. Bookings before the bench day
# are checked in and were reminded; later ones are confirmed, some cancelled,
# some with pre-check-in completed. 70% have a phone, 58% an email, 2% neither.
BOOKINGS_SQL = """
INSERT INTO bookings (
    hotel_id, booking_reference, guest_name, phone, email, checkin_date,
    checkout_date, status, precheckin_completed_at,
    precheckin_reminder1_sent_at, precheckin_reminder2_sent_at
)
SELECT
    hotel_id, 'B' || i, 'Guest ' || i, phone, email, checkin, checkin + 2,
    CASE
        WHEN checkin < %(bench_day)s::date THEN 'CHECKED_IN'
        WHEN i %% 20 = 0 THEN 'CANCELLED'
        ELSE 'CONFIRMED'
    END,
    CASE WHEN checkin >= %(bench_day)s::date AND i %% 10 = 1 THEN %(bench_day)s END,
    CASE WHEN checkin < %(bench_day)s::date THEN checkin - 1 END,
    CASE WHEN checkin < %(bench_day)s::date THEN checkin::timestamptz END
FROM (
    SELECT
        i,
        (SELECT min(id) FROM hotels) + (i * 7919) %% %(hotels)s AS hotel_id,
        %(year_start)s::date + ((i * 104729) %% 365)::integer AS checkin,
        CASE WHEN i %% 10 < 7 THEN '+49151' || lpad(i::text, 8, '0') END AS phone,
        CASE WHEN i %% 10 >= 4 AND i %% 50 <> 9 THEN 'guest' || i || '@example.com' END
            AS email
    FROM generate_series(1::bigint, %(bookings)s) AS i
) AS generated
"""

TOKENS_SQL = """
INSERT INTO precheckin_tokens (booking_id, token, expires_at)
SELECT id, md5(id::text || 'bench'), checkout_date + 1 FROM bookings
"""

# Every booking with a contact had its link sent a month before check-in, and
# every reminded booking has its reminders sent on each channel.
NOTIFICATIONS_SQL = """
INSERT INTO notification_queue (
    booking_id, hotel_id, channel, template_code, status, sent_at,
    reminder_checkin_date
)
SELECT b.id, b.hotel_id, contact.channel, template.code, 'sent',
    b.checkin_date - 30,
    CASE WHEN template.code <> 'precheckin_link' THEN b.checkin_date END
FROM bookings AS b
CROSS JOIN LATERAL (
    VALUES ('whatsapp', b.phone), ('email', b.email)
) AS contact (channel, address)
CROSS JOIN LATERAL (
    VALUES ('precheckin_link'), ('precheckin_reminder_1'), ('precheckin_reminder_2')
) AS template (code)
WHERE contact.address IS NOT NULL
    AND (
        template.code = 'precheckin_link'
        OR b.precheckin_reminder1_sent_at IS NOT NULL
    )
"""


def server_url(argument: str | None) -> str:
    """Return the server to use: the argument, DATABASE_URL, or an embedded one."""
    url = argument or os.environ.get("DATABASE_URL")
    if url:
        return url
    from precheckin.db.embedded import start_embedded

    return start_embedded(Path(tempfile.mkdtemp(prefix="precheckin-bench-")))


def fresh_database(url: str) -> tuple[str, str]:
    """Create an empty database on the server; return its name and URL."""
    name = f"precheckin_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    params = psycopg.conninfo.conninfo_to_dict(url)
    params["dbname"] = name
    return name, psycopg.conninfo.make_conninfo(**params)


def fill(
    conn: psycopg.Connection[tuple[object, ...]], hotels: int, bookings: int
) -> None:
    """Insert the hotels, bookings, tokens and sent notifications, then ANALYZE."""
    params = {
        "zones": ZONES,
        "zone_count": len(ZONES),
        "hotels": hotels,
        "bookings": bookings,
        "bench_day": BENCH_DAY,
        "year_start": YEAR_START,
    }
    for label, statement in (
        ("hotels", HOTELS_SQL),
        ("bookings", BOOKINGS_SQL),
        ("tokens", TOKENS_SQL),
        ("notifications", NOTIFICATIONS_SQL),
    ):
        started = time.perf_counter()
        count = conn.execute(statement, params).rowcount
        print(f"  {label}: {count:,} rows in {time.perf_counter() - started:.1f} s")
    conn.execute("VACUUM ANALYZE")


def instants(runs: int) -> list[datetime]:
    """Return `runs` instants through the bench day, at least 30 minutes apart."""
    step = max(timedelta(minutes=30), timedelta(days=1) / runs)
    return [BENCH_DAY + step * index for index in range(runs)]


def time_runs(
    conn: psycopg.Connection[tuple[object, ...]], runs: int
) -> list[tuple[float, int]]:
    """Time a rolled-back run at each instant; return seconds and notifications."""
    results = []
    for instant in instants(runs):
        with conn.transaction(force_rollback=True):
            started = time.perf_counter()
            report = queue_reminders(conn, now=instant, settings=SETTINGS)
            results.append((time.perf_counter() - started, report.notifications))
    return results


def summarize(label: str, results: list[tuple[float, int]]) -> None:
    """Print median, 95th percentile and max run time, and the notifications queued."""
    milliseconds = sorted(seconds * 1000 for seconds, _ in results)
    queued = [count for _, count in results]
    p95 = milliseconds[min(len(milliseconds) - 1, int(len(milliseconds) * 0.95))]
    print(
        f"{label}: {len(results)} runs, "
        f"median {statistics.median(milliseconds):.1f} ms, "
        f"p95 {p95:.1f} ms, max {milliseconds[-1]:.1f} ms; "
        f"notifications queued per run: median {statistics.median(queued):.0f}, "
        f"max {max(queued)}"
    )


def print_plans(
    conn: psycopg.Connection[tuple[object, ...]], instant: datetime
) -> None:
    """Print EXPLAIN (ANALYZE, BUFFERS) of both reminder statements, rolled back."""
    windows = {
        "queue_reminder_1": (SETTINGS.reminder_1_from, SETTINGS.reminder_1_until),
        "queue_reminder_2": (SETTINGS.reminder_2_from, SETTINGS.reminder_2_until),
    }
    for name, (from_time, until_time) in windows.items():
        params = {
            "now": instant,
            "from_time": from_time,
            "until_time": until_time,
            "link_gap": timedelta(hours=SETTINGS.reminder_1_link_gap_hours),
        }
        with conn.transaction(force_rollback=True):
            rows = conn.execute(
                "EXPLAIN (ANALYZE, BUFFERS) " + query("reminders", name), params
            ).fetchall()
        print(f"\n{name} at {instant.isoformat()}:")
        for (line,) in rows:
            print(f"  {line}")


def reminder_indexes() -> list[str]:
    """Return the CREATE INDEX statements of the reminder migration."""
    migration = next(m for m in available_migrations() if m.name == "reminders")
    statements = [part.strip() for part in migration.sql.split(";")]
    return [
        statement[statement.index("CREATE INDEX") :]
        for statement in statements
        if "CREATE INDEX" in statement
    ]


def run_day(conn: psycopg.Connection[tuple[object, ...]], runs: int) -> None:
    """Run the reminders through the bench day as a worker would, committing each."""
    results = []
    for instant in instants(runs):
        started = time.perf_counter()
        report = queue_reminders(conn, now=instant, settings=SETTINGS)
        results.append((time.perf_counter() - started, report.notifications))
    summarize("one day in order, each run committed", results)
    print(f"  notifications queued that day: {sum(count for _, count in results):,}")


def main() -> None:
    """Build the data set, time the runs with and without indexes, print plans."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=1_000_000)
    parser.add_argument("--hotels", type=int, default=200)
    parser.add_argument("--runs", type=int, default=48, help="runs through the day")
    parser.add_argument("--database-url", help="server to use instead of DATABASE_URL")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    url = server_url(args.database_url)
    name, bench_url = fresh_database(url)
    print(f"database {name}: {args.hotels} hotels, {args.bookings:,} bookings in 2026")
    try:
        with psycopg.connect(bench_url, autocommit=True) as conn:
            upgrade(conn)
            fill(conn, args.hotels, args.bookings)
            busiest = run_benchmark(conn, args.runs)
            print_plans(conn, busiest)

            conn.execute("DROP INDEX bookings_reminder1_due, bookings_reminder2_due")
            conn.execute("ANALYZE bookings")
            summarize(
                "without the reminder indexes, each run rolled back",
                time_runs(conn, min(args.runs, 8)),
            )
            for statement in reminder_indexes():
                conn.execute(statement.encode())
            conn.execute("ANALYZE bookings")

            run_day(conn, args.runs)
    finally:
        if not args.keep:
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_benchmark(conn: psycopg.Connection[tuple[object, ...]], runs: int) -> datetime:
    """Time the runs with the indexes and return the instant that queued the most."""
    time_runs(conn, 2)  # warm the cache
    results = time_runs(conn, runs)
    summarize("with the reminder indexes, each run rolled back", results)
    busiest = max(range(len(results)), key=lambda index: results[index][1])
    return instants(runs)[busiest]


if __name__ == "__main__":
    sys.exit(main())
