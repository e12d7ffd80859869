"""Measure the sender's throughput through the fake provider server.

Starts the fake provider (`python -m precheckin.testing.fake_provider`) on
127.0.0.1 with added latency, queues notifications in a fresh database, and
runs `send_due` three ways in one run:

1. baseline: one request at a time, no email batches;
2. concurrent: the default in-flight limit and email batches, rate limits off,
   once with the email share given and once with WhatsApp messages only
   (one request per message, the slower channel);
3. rate-limited: WhatsApp only, with a messages-per-second limit, measured
   from the times the fake received the requests.

Usage: python bench/send_throughput.py [--count N] [--latency S] [--rate R]
The database is DATABASE_URL when set, else an embedded PostgreSQL in a
temporary folder.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from precheckin.db.connection import Database  # noqa: E402
from precheckin.db.migrations import upgrade  # noqa: E402
from precheckin.notifications import NotificationSettings, send_due  # noqa: E402

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

SEED = """
WITH hotel AS (
    INSERT INTO hotels (code, name, timezone, country, wa_phone_number_id, email_from)
    VALUES (%(code)s, 'Bench Hotel', 'Europe/Berlin', 'DE', '1065403522',
            'stay@bench.example')
    RETURNING id
), booking AS (
    INSERT INTO bookings (hotel_id, booking_reference, guest_name, phone, email,
                          checkin_date, checkout_date)
    SELECT hotel.id, 'B' || n, 'Guest ' || n, '+49151' || lpad(n::text, 8, '0'),
           'guest' || n || '@example.com', DATE '2026-03-10', DATE '2026-03-12'
    FROM hotel, generate_series(1, %(count)s) AS n
    RETURNING id, hotel_id
), token AS (
    INSERT INTO precheckin_tokens (booking_id, token, expires_at)
    SELECT id, md5(random()::text) || id, TIMESTAMPTZ '2026-06-01'
    FROM booking
)
INSERT INTO notification_queue (booking_id, hotel_id, channel, template_code,
                                next_attempt_at)
SELECT id, hotel_id,
       CASE WHEN %(email_share)s > 0 AND id %% %(email_share)s = 0
            THEN 'email' ELSE 'whatsapp' END,
       'precheckin_link', TIMESTAMPTZ '2026-03-01'
FROM booking
"""


@contextmanager
def fake_provider(latency: float) -> Iterator[str]:
    """Run the fake provider in its own process; yield its URL."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "precheckin.testing.fake_provider",
            "--port",
            "0",
            "--latency",
            str(latency),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        yield line.strip().rsplit(" ", 1)[-1]
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def server_url() -> Iterator[str]:
    """Yield DATABASE_URL, or the URL of an embedded server in a temporary folder."""
    if os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
        return
    from precheckin.db.embedded import start_embedded

    with tempfile.TemporaryDirectory() as folder:
        yield start_embedded(Path(folder))


@contextmanager
def fresh_database(server: str) -> Iterator[Database]:
    """Create and migrate a database for one measurement; drop it afterwards."""
    name = f"precheckin_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    params = psycopg.conninfo.conninfo_to_dict(server)
    params["dbname"] = name
    url = psycopg.conninfo.make_conninfo(**params)
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            upgrade(conn)
        yield Database(url=url, embedded=False, location=name)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure(
    server: str, fake: str, settings: NotificationSettings, count: int, email_share: int
) -> tuple[int, float]:
    """Queue `count` notifications, send them, return (sent, seconds)."""
    httpx.post(f"{fake}/_fake/reset")
    with fresh_database(server) as database:
        with psycopg.connect(database.url, autocommit=True) as conn:
            conn.execute(
                SEED, {"code": "bench", "count": count, "email_share": email_share}
            )
        started = time.perf_counter()
        report = send_due(database, settings, now=lambda: NOW)
        elapsed = time.perf_counter() - started
    return report.sent, elapsed


def received_rate(fake: str) -> tuple[float, int]:
    """Return requests per second as the fake received them, and the most
    requests it received within one second."""
    times = sorted(r["received_at"] for r in httpx.get(f"{fake}/_fake/requests").json())
    busiest, end = 0, 0
    for start, at in enumerate(times):
        while end < len(times) and times[end] < at + 1.0:
            end += 1
        busiest = max(busiest, end - start)
    return (len(times) - 1) / (times[-1] - times[0]), busiest


def settings_for(fake: str, **overrides: object) -> NotificationSettings:
    """Return sender settings aimed at the fake, with the given overrides."""
    values: dict[str, object] = {
        "whatsapp_token": "bench-token",
        "whatsapp_api_url": fake,
        "resend_api_key": "re_bench",
        "resend_api_url": fake,
        "public_url": "https://stay.example.com/p/",
        "whatsapp_messages_per_second": 0,
        "resend_requests_per_second": 0,
    }
    values.update(overrides)
    return NotificationSettings(**values)


def main() -> None:
    """Run the three measurements and print a table."""
    parser = argparse.ArgumentParser(description="Measure the sender's throughput.")
    parser.add_argument("--count", type=int, default=4000, help="notifications")
    parser.add_argument("--baseline-count", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds")
    parser.add_argument("--rate", type=float, default=80, help="WhatsApp messages/s")
    parser.add_argument("--rate-seconds", type=float, default=15)
    parser.add_argument(
        "--email-share", type=int, default=2, help="every Nth notification is an email"
    )
    args = parser.parse_args()

    with server_url() as server, fake_provider(args.latency) as fake:
        one_at_a_time = settings_for(fake, send_max_in_flight=1, resend_batch_size=1)
        base_sent, base_time = measure(
            server, fake, one_at_a_time, args.baseline_count, args.email_share
        )
        concurrent = settings_for(fake)
        sent, seconds = measure(server, fake, concurrent, args.count, args.email_share)
        wa_sent, wa_time = measure(server, fake, concurrent, args.count, 0)
        limited = settings_for(fake, whatsapp_messages_per_second=args.rate)
        rate_count = int(args.rate * args.rate_seconds)
        rate_sent, rate_time = measure(server, fake, limited, rate_count, 0)
        rate_seen, busiest = received_rate(fake)

    print(f"latency {args.latency * 1000:.0f} ms; 1 in {args.email_share} is an email")
    print(f"{'run':<34}{'sent':>8}{'seconds':>10}{'msg/s':>10}")
    rows = [
        ("baseline, one at a time", base_sent, base_time),
        ("concurrent, rate limits off", sent, seconds),
        ("concurrent, WhatsApp only", wa_sent, wa_time),
        (f"WhatsApp at {args.rate:g}/s limit", rate_sent, rate_time),
    ]
    for name, done, elapsed in rows:
        print(f"{name:<34}{done:>8}{elapsed:>10.2f}{done / elapsed:>10.1f}")
    print(f"speed-up over baseline: {(sent / seconds) / (base_sent / base_time):.1f}x")
    deviation = (rate_seen - args.rate) / args.rate * 100
    print(f"rate seen by the fake: {rate_seen:.1f}/s ({deviation:+.1f}% of the limit)")
    print(f"most requests within one second: {busiest}")


if __name__ == "__main__":
    main()
