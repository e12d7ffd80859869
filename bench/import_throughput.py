"""Import throughput: raw COPY of a generated export against the full import.

Usage: python bench/import_throughput.py --rows 1000000

Uses DATABASE_URL when set, else an embedded PostgreSQL in a temporary folder.
Both runs use the same file and server in one process: the baseline copies the
CSV bytes into a bare table with COPY; the full import stages the file and
processes it to queued links. Prints rows per second of both, their ratio and
the process's peak resident memory. Then, in a fresh database, it times the
write floor (see write_floor.py): the writes any import must do, as bare SQL,
and so the highest ratio an import into this schema can reach here.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
from write_floor import floor_seconds

from precheckin.db.connection import Database
from precheckin.db.migrations import upgrade
from precheckin.hotels import create_hotel
from precheckin.imports.processing import DEFAULT_SET_SIZE, process_batch
from precheckin.imports.staging import stage_export
from precheckin.samples.generate import write_export

BARE_TABLE = """
CREATE TABLE raw_copy (
    booking_reference text, guest_name text, phone text, email text,
    checkin text, checkout text, room text, guests text, status text
)
"""


def fresh_database(server_url: str) -> str:
    """Create an empty database for this run and return its URL."""
    name = f"precheckin_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    params = psycopg.conninfo.conninfo_to_dict(server_url)
    params["dbname"] = name
    return psycopg.conninfo.make_conninfo(**params)


def raw_copy_seconds(url: str, path: Path) -> float:
    """Time COPY of the file's bytes into a bare table."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(BARE_TABLE)
        started = time.perf_counter()
        with (
            conn.cursor() as cur,
            path.open("rb") as source,
            cur.copy("COPY raw_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        return time.perf_counter() - started


def import_seconds(
    url: str, path: Path, rows: int, threads: int, set_size: int
) -> tuple[float, float]:
    """Time staging and processing of the file; return both durations."""
    database = Database(url=url, embedded=False, location="bench")
    clock = lambda: datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # noqa: E731
    with database.connect(autocommit=True) as conn:
        hotel = create_hotel(
            conn,
            code="bench",
            name="Bench Hotel",
            timezone="Europe/Berlin",
            country="DE",
        )
        started = time.perf_counter()
        with path.open("rb") as stream:
            staged = stage_export(conn, hotel, stream, filename=path.name)
        staged_at = time.perf_counter()
    counts = process_batch(
        database, staged.batch_id, now=clock, threads=threads, set_size=set_size
    )
    finished = time.perf_counter()
    if counts.rows != rows:
        sys.exit(f"processed {counts.rows} rows, expected {rows}")
    return staged_at - started, finished - staged_at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=2, help="processing threads")
    parser.add_argument(
        "--set-size", type=int, default=DEFAULT_SET_SIZE, help="rows per claimed set"
    )
    parser.add_argument(
        "--no-floor", action="store_true", help="skip timing the write floor"
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="precheckin-bench-"))
    server_url = os.environ.get("DATABASE_URL")
    if not server_url:
        from precheckin.db.embedded import start_embedded

        server_url = start_embedded(workdir)
    url = fresh_database(server_url)
    with psycopg.connect(url, autocommit=True) as conn:
        upgrade(conn)

    path = workdir / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_export(out, args.rows, first_day=date(2027, 1, 1))
    size_mb = path.stat().st_size / 1e6

    baseline = raw_copy_seconds(url, path)
    staging, processing = import_seconds(
        url, path, args.rows, args.threads, args.set_size
    )
    full = staging + processing
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    floor = {} if args.no_floor else floor_seconds(fresh_database(server_url), path)

    with psycopg.connect(url) as conn:
        version = conn.info.server_version
    print(f"rows: {args.rows:,} ({size_mb:.0f} MB), server version: {version}")
    print(f"raw COPY:     {baseline:7.2f} s  {args.rows / baseline:10,.0f} rows/s")
    print(f"staging:      {staging:7.2f} s  {args.rows / staging:10,.0f} rows/s")
    print(f"processing:   {processing:7.2f} s  {args.rows / processing:10,.0f} rows/s")
    print(f"full import:  {full:7.2f} s  {args.rows / full:10,.0f} rows/s")
    print(f"ratio full import / raw COPY: {baseline / full:.3f}")
    print(f"peak memory (max RSS of this process): {peak_mb:.0f} MB")
    if floor:
        for step, seconds in floor.items():
            print(f"floor, {step + ':':13s} {seconds:7.2f} s")
        floor_total = sum(floor.values())
        floor_rate = args.rows / floor_total
        print(f"write floor:  {floor_total:7.2f} s  {floor_rate:10,.0f} rows/s")
        print(f"highest ratio any import reaches here: {baseline / floor_total:.3f}")
        print(f"full import rows/s / write floor rows/s: {floor_total / full:.2f}")


if __name__ == "__main__":
    main()
