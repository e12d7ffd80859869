"""API uploads: staging, limits, bad files, previews, mappings and the failed rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest

from precheckin.db.connection import Database
from precheckin.imports.pending import process_pending
from tests.web_support import (
    FakeClock,
    german_export,
)

API = "/api/hotels/berlin-mitte"


def upload(
    client: httpx.Client,
    data: bytes,
    *,
    path: str = "/imports",
    filename: str = "export.csv",
    **form: str,
) -> httpx.Response:
    files = {"file": (filename, data, "text/csv")}
    return client.post(API + path, files=files, data=form)


def batch_count(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT count(*) AS n FROM import_batches").fetchone()
    return int(row["n"])


@pytest.fixture
def imported(
    berlin_client: httpx.Client, database: Database, clock: FakeClock
) -> dict[str, Any]:
    """Upload the German export and process it as the worker would."""
    accepted = upload(berlin_client, german_export(), mapping='{"phone": "Handy"}')
    assert accepted.status_code == 202
    process_pending(database, now=clock)
    return dict(accepted.json())


def test_upload_stages_and_returns_batch(
    berlin_client: httpx.Client, conn: psycopg.Connection[Any]
) -> None:
    response = upload(berlin_client, german_export())

    body = response.json()
    assert response.status_code == 202
    assert body["total_rows"] == 5
    assert body["mapping"]["phone"] == "Telefon"
    assert body["status_url"] == f"{API}/batches/{body['batch_id']}"
    rows = conn.execute(
        "SELECT count(*) AS n FROM import_rows"
        " WHERE batch_id = %s AND status = 'pending'",
        (body["batch_id"],),
    ).fetchone()
    assert rows == {"n": 5}


def test_processed_batch_counts(
    berlin_client: httpx.Client, imported: dict[str, Any]
) -> None:
    batch = berlin_client.get(f"{API}/batches/{imported['batch_id']}").json()

    assert batch["status"] == "completed"
    assert batch["total_rows"] == 5
    assert batch["failed_rows"] == 2
    assert batch["notified_rows"] == 3
    assert batch["pending_rows"] == 0


def test_rows_filtered_and_paged(
    berlin_client: httpx.Client, imported: dict[str, Any]
) -> None:
    rows_url = f"{API}/batches/{imported['batch_id']}/rows"

    first = berlin_client.get(rows_url, params={"limit": 2}).json()
    second = berlin_client.get(
        rows_url, params={"limit": 2, "after_line": first["next_after_line"]}
    ).json()
    failed = berlin_client.get(rows_url, params={"status": "failed"}).json()

    assert [row["line_number"] for row in first["rows"]] == [2, 3]
    assert [row["line_number"] for row in second["rows"]] == [4, 5]
    assert [row["line_number"] for row in failed["rows"]] == [4, 5]
    assert failed["next_after_line"] is None
    assert all(row["error"] for row in failed["rows"])


def test_failed_rows_csv_neutralized(
    berlin_client: httpx.Client, imported: dict[str, Any]
) -> None:
    response = berlin_client.get(
        f"{API}/batches/{imported['batch_id']}/failed-rows.csv"
    )

    text = response.content.decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    assert records[0] == [
        "Buchungsnummer",
        "Gastname",
        "Anreise",
        "Abreise",
        "Telefon",
        "Handy",
        "E-Mail",
        "Zimmer",
        "Personen",
        "error",
    ]
    assert [record[0] for record in records[1:]] == ["B-1003", "B-1004"]
    assert records[1][1] == "Björn Groß"
    assert records[2][1] == '\'=HYPERLINK("http://x.example")'
    assert all(record[-1] for record in records[1:])
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in records for cell in r)


def test_failed_rows_csv_uploads_again(
    berlin_client: httpx.Client, imported: dict[str, Any]
) -> None:
    download = berlin_client.get(
        f"{API}/batches/{imported['batch_id']}/failed-rows.csv"
    )

    again = upload(berlin_client, download.content, filename="failed.csv")

    assert again.status_code == 202
    assert again.json()["total_rows"] == 2


def test_upload_over_limit_rejected(
    berlin_client: httpx.Client, conn: psycopg.Connection[Any]
) -> None:
    big = german_export() + b"B-2000;Name;12.05.2026;14.05.2026;;;;1;1\r\n" * 3000

    response = upload(berlin_client, big)

    assert response.status_code == 413
    assert "PRECHECKIN_MAX_UPLOAD_BYTES" in response.json()["detail"]
    assert batch_count(conn) == 0


def test_streamed_upload_over_limit_rejected(
    berlin_client: httpx.Client, conn: psycopg.Connection[Any]
) -> None:
    boundary = "precheckin-test-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        'filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n'
    ).encode()

    def body() -> Iterator[bytes]:
        # A generator body goes out chunked, without a Content-Length.
        yield head + german_export()
        for _ in range(100):
            yield b"B-2000;Name;12.05.2026;14.05.2026;;;;1;1\r\n" * 30
        yield f"\r\n--{boundary}--\r\n".encode()

    response = berlin_client.post(
        f"{API}/imports",
        content=body(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )

    assert response.status_code == 413
    assert batch_count(conn) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG", id="image"),
        pytest.param(b"Buchungsnummer;Gastname\r\n", "Anreise", id="header-only"),
    ],
)
def test_bad_file_rejected(
    berlin_client: httpx.Client,
    conn: psycopg.Connection[Any],
    data: bytes,
    message: str,
) -> None:
    response = upload(berlin_client, data)

    assert response.status_code == 422
    assert response.json()["error"] in ("FileRejected", "MappingError")
    assert batch_count(conn) == 0


@pytest.mark.parametrize(
    ("mapping", "fragment"),
    [
        pytest.param('{"checkin": "Ankunft"}', "Ankunft", id="unknown-header"),
        pytest.param('{"checkin": ""}', "check-in", id="required-unmapped"),
        pytest.param('{"arrival_day": "Anreise"}', "arrival_day", id="unknown-field"),
        pytest.param("not json", "JSON", id="not-json"),
        pytest.param('["Anreise"]', "JSON object", id="not-object"),
    ],
)
def test_bad_mapping_rejected(
    berlin_client: httpx.Client,
    conn: psycopg.Connection[Any],
    mapping: str,
    fragment: str,
) -> None:
    response = upload(berlin_client, german_export(), mapping=mapping)

    assert response.status_code == 422
    assert response.json()["error"] == "MappingError"
    assert fragment in response.json()["detail"]
    assert batch_count(conn) == 0


def test_preview_counts_and_changes_nothing(
    berlin_client: httpx.Client, conn: psycopg.Connection[Any]
) -> None:
    response = upload(
        berlin_client,
        german_export(),
        path="/imports/preview",
        mapping='{"phone": "Handy"}',
    )

    preview = response.json()
    assert response.status_code == 200
    assert preview["total_rows"] == 5
    assert preview["new_bookings"] == 3
    assert preview["failed_rows"] == 2
    assert [f["line_number"] for f in preview["failures"]] == [4, 5]
    assert batch_count(conn) == 0
    first = preview["sample"][0]
    assert first["values"]["phone"] == "+4915123456789"
    assert first["values"]["checkin"] == "2026-05-12"
    assert first["values"]["guest_name"] == "Jürgen Weiß"


def test_preview_after_import_unchanged(
    berlin_client: httpx.Client, imported: dict[str, Any]
) -> None:
    preview = upload(
        berlin_client,
        german_export(),
        path="/imports/preview",
        mapping='{"phone": "Handy"}',
    ).json()

    assert preview["new_bookings"] == 0
    assert preview["unchanged_bookings"] == 3


def test_mapping_proposal_then_saved(
    berlin_client: httpx.Client, imported: dict[str, Any]
) -> None:
    headers = german_export().decode("cp1252").splitlines()[0].split(";")

    proposal = berlin_client.post(f"{API}/mapping-proposal", json={"headers": headers})

    body = proposal.json()
    assert body["source"] == "saved"
    assert body["mapping"]["phone"] == "Handy"
    assert body["mapping"]["checkin"] == "Anreise"
    required = {f["name"] for f in body["fields"] if f["required"]}
    assert required == {"booking_reference", "guest_name", "checkin", "checkout"}


def test_mapping_proposal_without_saved(berlin_client: httpx.Client) -> None:
    headers = ["Gast", "Ankunft am", "Abreise", "Mobil"]

    body = berlin_client.post(
        f"{API}/mapping-proposal", json={"headers": headers}
    ).json()

    assert body["source"] == "proposed"
    assert body["mapping"]["guest_name"] == "Gast"
    assert body["mapping"]["phone"] == "Mobil"
    assert body["mapping"]["booking_reference"] is None
