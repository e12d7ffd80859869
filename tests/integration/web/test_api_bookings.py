"""API reads of bookings and notifications, and the cancel and resend actions."""

from __future__ import annotations

from typing import Any

import httpx
import psycopg
import pytest

from tests.web_support import START, HotelWithKey, add_booking, add_notification

API = "/api/hotels/berlin-mitte"


def test_booking_has_expiry_and_notifications(
    berlin_client: httpx.Client, conn: psycopg.Connection[Any], berlin: HotelWithKey
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "3001")
    sent = add_notification(conn, booking.id, berlin.hotel.id, status="sent")
    reminder = add_notification(
        conn, booking.id, berlin.hotel.id, template="precheckin_reminder_1"
    )

    body = berlin_client.get(f"{API}/bookings/{booking.id}").json()

    assert body["booking"]["booking_reference"] == "3001"
    assert body["booking"]["link_expires_at"] == "2026-05-20T08:00:00Z"
    assert [n["id"] for n in body["notifications"]] == [reminder, sent]
    assert "token" not in body["booking"]
    assert booking.token not in str(body)


def test_booking_found_by_reference(
    berlin_client: httpx.Client, conn: psycopg.Connection[Any], berlin: HotelWithKey
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "3002")

    found = berlin_client.get(f"{API}/bookings", params={"reference": "3002"}).json()
    missing = berlin_client.get(f"{API}/bookings", params={"reference": "9999"}).json()

    assert [item["id"] for item in found] == [booking.id]
    assert missing == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({}, ["failed", "sent", "pending"], id="all"),
        pytest.param({"status": "failed"}, ["failed"], id="status"),
        pytest.param({"channel": "email"}, ["sent"], id="channel"),
        pytest.param(
            {"template_code": "precheckin_reminder_1"}, ["failed"], id="template"
        ),
    ],
)
def test_notifications_filtered(
    berlin_client: httpx.Client,
    conn: psycopg.Connection[Any],
    berlin: HotelWithKey,
    query: dict[str, str],
    expected: list[str],
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "3003")
    add_notification(conn, booking.id, berlin.hotel.id)
    add_notification(conn, booking.id, berlin.hotel.id, channel="email", status="sent")
    add_notification(
        conn,
        booking.id,
        berlin.hotel.id,
        template="precheckin_reminder_1",
        status="failed",
        last_error="recipient not on WhatsApp",
    )

    body = berlin_client.get(f"{API}/notifications", params=query).json()

    assert [item["status"] for item in body] == expected


def test_notifications_paged_by_id(
    berlin_client: httpx.Client, conn: psycopg.Connection[Any], berlin: HotelWithKey
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "3004")
    ids = [
        add_notification(conn, booking.id, berlin.hotel.id, template=t, channel=c)
        for t in ("precheckin_link", "precheckin_reminder_1")
        for c in ("whatsapp", "email")
    ]

    first = berlin_client.get(f"{API}/notifications", params={"limit": 3}).json()
    rest = berlin_client.get(
        f"{API}/notifications", params={"limit": 3, "before_id": first[-1]["id"]}
    ).json()

    assert [item["id"] for item in first + rest] == sorted(ids, reverse=True)


def test_cancel_pending_notification(
    berlin_client: httpx.Client, conn: psycopg.Connection[Any], berlin: HotelWithKey
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "3005")
    notification = add_notification(conn, booking.id, berlin.hotel.id)

    response = berlin_client.post(f"{API}/notifications/{notification}/cancel")

    assert response.status_code == 204
    row = conn.execute(
        "SELECT status FROM notification_queue WHERE id = %s", (notification,)
    ).fetchone()
    assert row == {"status": "cancelled"}


@pytest.mark.parametrize(
    ("action", "status"),
    [
        pytest.param("cancel", "sent", id="cancel-sent"),
        pytest.param("cancel", "failed", id="cancel-failed"),
        pytest.param("resend", "pending", id="resend-pending"),
        pytest.param("resend", "sent", id="resend-sent"),
    ],
)
def test_action_in_wrong_state_conflicts(
    berlin_client: httpx.Client,
    conn: psycopg.Connection[Any],
    berlin: HotelWithKey,
    action: str,
    status: str,
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "3006")
    notification = add_notification(conn, booking.id, berlin.hotel.id, status=status)

    response = berlin_client.post(f"{API}/notifications/{notification}/{action}")

    assert response.status_code == 409
    assert status in response.json()["detail"]


def test_resend_failed_notification(
    berlin_client: httpx.Client, conn: psycopg.Connection[Any], berlin: HotelWithKey
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "3007")
    notification = add_notification(
        conn, booking.id, berlin.hotel.id, status="failed", retry_count=5
    )

    response = berlin_client.post(f"{API}/notifications/{notification}/resend")

    assert response.status_code == 204
    row = conn.execute(
        "SELECT status, retry_count, next_attempt_at FROM notification_queue"
        " WHERE id = %s",
        (notification,),
    ).fetchone()
    assert row == {"status": "pending", "retry_count": 0, "next_attempt_at": START}
