"""API keys: who reaches what, and what happens without a valid key."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import psycopg
import pytest

from precheckin.auth.keys import revoke_key
from tests.web_support import (
    HotelWithKey,
    LiveServer,
    add_booking,
    add_notification,
    client_for,
)


@pytest.fixture
def munich_ids(conn: psycopg.Connection[Any], munich: HotelWithKey) -> dict[str, int]:
    """Create a booking, a notification and a batch of the Munich hotel."""
    booking = add_booking(conn, munich.hotel.id, "1001")
    notification = add_notification(conn, booking.id, munich.hotel.id)
    batch = conn.execute(
        "INSERT INTO import_batches (hotel_id, filename, mapping)"
        " VALUES (%s, 'm.csv', '{}') RETURNING id",
        (munich.hotel.id,),
    ).fetchone()
    return {"booking": booking.id, "notification": notification, "batch": batch["id"]}


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/batches/{batch}", id="batch"),
        pytest.param("/batches/{batch}/rows", id="rows"),
        pytest.param("/batches/{batch}/failed-rows.csv", id="failed-rows"),
        pytest.param("/bookings/{booking}", id="booking"),
    ],
)
def test_other_hotels_ids_not_found(
    berlin_client: httpx.Client, munich_ids: dict[str, int], path: str
) -> None:
    response = berlin_client.get("/api/hotels/berlin-mitte" + path.format(**munich_ids))

    assert response.status_code == 404
    assert response.json()["error"] == "NotFound"


def test_other_hotels_notification_untouched(
    berlin_client: httpx.Client,
    munich_ids: dict[str, int],
    conn: psycopg.Connection[Any],
) -> None:
    notification = munich_ids["notification"]
    response = berlin_client.post(
        f"/api/hotels/berlin-mitte/notifications/{notification}/cancel"
    )

    assert response.status_code == 404
    status = conn.execute(
        "SELECT status FROM notification_queue WHERE id = %s", (notification,)
    ).fetchone()
    assert status == {"status": "pending"}


def test_other_hotels_code_not_found(
    berlin_client: httpx.Client, munich_ids: dict[str, int]
) -> None:
    response = berlin_client.get(
        f"/api/hotels/munich-ost/bookings/{munich_ids['booking']}"
    )

    assert response.status_code == 404
    assert "munich-ost" in response.json()["detail"]


def test_unknown_hotel_reads_like_foreign(berlin_client: httpx.Client) -> None:
    foreign = berlin_client.get("/api/hotels/munich-ost/batches")
    unknown = berlin_client.get("/api/hotels/no-such-hotel/batches")

    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json()["detail"].replace("munich-ost", "X") == unknown.json()[
        "detail"
    ].replace("no-such-hotel", "X")


def test_admin_key_reaches_every_hotel(
    server: LiveServer, admin_key: str, berlin: HotelWithKey, munich_ids: dict[str, int]
) -> None:
    with client_for(server, admin_key) as admin:
        munich = admin.get(f"/api/hotels/munich-ost/bookings/{munich_ids['booking']}")
        berlin_batches = admin.get("/api/hotels/berlin-mitte/batches")

    assert munich.status_code == 200
    assert munich.json()["booking"]["booking_reference"] == "1001"
    assert berlin_batches.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no-key"),
        pytest.param({"Authorization": "Bearer pck_not-a-real-key"}, id="unknown-key"),
        pytest.param({"Authorization": "Basic dXNlcjpwYXNz"}, id="wrong-scheme"),
    ],
)
def test_missing_or_unknown_key_unauthorized(
    client: httpx.Client, berlin: HotelWithKey, headers: dict[str, str]
) -> None:
    response = client.get("/api/hotels/berlin-mitte/batches", headers=headers)

    assert response.status_code == 401


def test_revoked_key_unauthorized(
    berlin_client: httpx.Client, berlin: HotelWithKey, conn: psycopg.Connection[Any]
) -> None:
    assert berlin_client.get("/api/hotels/berlin-mitte/batches").status_code == 200

    revoke_key(conn, berlin.key_id, now=datetime(2026, 5, 10, tzinfo=UTC))
    response = berlin_client.get("/api/hotels/berlin-mitte/batches")

    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_key_stored_only_as_hash(
    conn: psycopg.Connection[Any], berlin: HotelWithKey
) -> None:
    rows = conn.execute("SELECT prefix, key_hash FROM api_keys").fetchall()

    assert len(rows) == 1
    assert bytes(rows[0]["key_hash"]) != berlin.key.encode()
    assert berlin.key.startswith(rows[0]["prefix"])
    assert len(rows[0]["prefix"]) < len(berlin.key) // 2
