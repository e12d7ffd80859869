"""Measure rows per second and peak memory of ExportReader.records().

Usage: python bench/read_export.py [--rows 1000000] [--dir /tmp/precheckin-bench]

Writes three exports of about 113 bytes per row into --dir unless they exist:
UTF-8, Windows-1252, and UTF-8 with every 1000th line in Windows-1252. Then it
reads each in a fresh process and prints rows/s, peak RSS and the tracemalloc
peak. Tracing slows the reader, so rows/s comes from a run without it.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

HEADER = (
    "Booking Reference,Guest Name,Phone,Email,Check-in,Check-out,Room,Guests,"
    "Status,Remarks\r\n"
)
NAMES = ("Chloé Sample", "Noah Mock", "Björn Tester", "Lena O’Dummy", "Inès Tester")


def row(index: int) -> str:
    remark = '"late arrival, ca. 22:00 – 20 € deposit"' if index % 10 == 0 else "none"
    return (
        f"RES-{1_000_000 + index},{NAMES[index % len(NAMES)]},"
        f"+1 202-555-{index % 100:04d},guest{index}@example.com,"
        f"2027-03-{1 + index % 28:02d},2027-04-{1 + index % 28:02d},"
        f"{100 + index % 400},{1 + index % 4},CONFIRMED,{remark}\r\n"
    )


def write_exports(folder: Path, rows: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for label in ("utf-8", "windows-1252", "mixed"):
        path = folder / f"export-{label}-{rows}.csv"
        paths.append(path)
        if path.exists():
            continue
        with path.open("wb") as file:
            file.write(HEADER.encode())
            for index in range(rows):
                windows = label == "windows-1252" or (
                    label == "mixed" and index % 1000 == 999
                )
                file.write(row(index).encode("cp1252" if windows else "utf-8"))
    return paths


def read_export(path: Path, trace: bool) -> dict[str, object]:
    from precheckin.imports.read import open_export

    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    with path.open("rb") as stream:
        reader = open_export(stream, name=path.name)
        records = sum(1 for _ in reader.records())
    seconds = time.perf_counter() - started
    return {
        "file": path.name,
        "encoding": reader.format.encoding,
        "records": records,
        "seconds": round(seconds, 2),
        "rows_per_second": round(records / seconds),
        "peak_rss_mib": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        ),
        "tracemalloc_peak_mib": (
            round(tracemalloc.get_traced_memory()[1] / 2**20, 1) if trace else None
        ),
    }


def measure(path: Path, trace: bool) -> dict[str, object]:
    command = [sys.executable, __file__, "--read", str(path)]
    if trace:
        command.append("--trace")
    output = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, object] = json.loads(output.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/precheckin-bench"))
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()

    if arguments.read:
        print(json.dumps(read_export(arguments.read, arguments.trace)))
        return
    for path in write_exports(arguments.dir, arguments.rows):
        result = measure(path, trace=False)
        result["tracemalloc_peak_mib"] = measure(path, trace=True)[
            "tracemalloc_peak_mib"
        ]
        print(json.dumps(result))


if __name__ == "__main__":
    main()
