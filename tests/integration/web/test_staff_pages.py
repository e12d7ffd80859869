"""Staff pages: sign-in, session cookie, anti-forgery tokens and the messages page."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import httpx
import psycopg
import pytest

from precheckin.auth.keys import revoke_key
from tests.web_support import FakeClock, HotelWithKey, add_booking, add_notification

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def sign_in(client: httpx.Client, key: str, next_path: str = "/") -> httpx.Response:
    return client.post("/signin", data={"api_key": key, "next": next_path})


def csrf_token(client: httpx.Client, path: str) -> str:
    match = CSRF.search(client.get(path).text)
    assert match is not None
    return match.group(1)


def test_page_without_session_redirects(
    client: httpx.Client, berlin: HotelWithKey
) -> None:
    response = client.get("/hotels/berlin-mitte/upload")

    assert response.status_code == 303
    assert response.headers["location"] == "/signin?next=/hotels/berlin-mitte/upload"


def test_sign_in_sets_strict_cookie(client: httpx.Client, berlin: HotelWithKey) -> None:
    response = sign_in(client, berlin.key, "/hotels/berlin-mitte/messages")

    assert response.status_code == 303
    assert response.headers["location"] == "/hotels/berlin-mitte/messages"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("precheckin_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Max-Age=43200" in cookie
    assert berlin.key not in cookie


def test_start_page_opens_own_hotel(client: httpx.Client, berlin: HotelWithKey) -> None:
    sign_in(client, berlin.key)

    start = client.get("/")
    page = client.get(start.headers["location"])

    assert start.headers["location"] == "/hotels/berlin-mitte"
    assert page.status_code == 200
    assert "Hotel Berlin Mitte" in page.text


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("https://evil.example/", id="absolute"),
        pytest.param("//evil.example/", id="scheme-relative"),
    ],
)
def test_sign_in_stays_on_site(
    client: httpx.Client, berlin: HotelWithKey, target: str
) -> None:
    response = sign_in(client, berlin.key, target)

    assert response.headers["location"] == "/"


def test_wrong_key_shows_problem(client: httpx.Client, berlin: HotelWithKey) -> None:
    response = sign_in(client, "pck_wrong")

    assert response.status_code == 401
    assert "unknown or revoked" in response.text
    assert "set-cookie" not in response.headers


def test_sign_in_failures_slowed_down(
    client: httpx.Client, berlin: HotelWithKey
) -> None:
    for _ in range(5):
        sign_in(client, "pck_wrong")

    response = sign_in(client, berlin.key)

    assert response.status_code == 429
    assert response.headers["retry-after"] == "1"


def test_session_reaches_only_own_hotel(
    client: httpx.Client, berlin: HotelWithKey, munich: HotelWithKey
) -> None:
    sign_in(client, berlin.key)

    page = client.get("/hotels/munich-ost/messages")
    api = client.get("/api/hotels/munich-ost/batches")

    assert page.status_code == 404
    assert api.status_code == 404


def test_session_expires_after_lifetime(
    client: httpx.Client, berlin: HotelWithKey, clock: FakeClock
) -> None:
    sign_in(client, berlin.key)

    clock.advance(hours=12, seconds=1)
    response = client.get("/hotels/berlin-mitte")

    assert response.status_code == 303


def test_revoked_key_ends_session(
    client: httpx.Client, berlin: HotelWithKey, conn: psycopg.Connection[Any]
) -> None:
    sign_in(client, berlin.key)

    revoke_key(conn, berlin.key_id, now=datetime(2026, 5, 10, tzinfo=UTC))
    response = client.get("/hotels/berlin-mitte")

    assert response.status_code == 303


def test_sign_out_ends_session(client: httpx.Client, berlin: HotelWithKey) -> None:
    sign_in(client, berlin.key)
    token = csrf_token(client, "/hotels/berlin-mitte")
    cookie = client.cookies["precheckin_session"]

    client.post("/signout", data={"csrf_token": token})
    client.cookies.set("precheckin_session", cookie)
    response = client.get("/hotels/berlin-mitte")

    assert response.status_code == 303


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="missing"),
        pytest.param({"X-CSRF-Token": "forged"}, id="forged"),
    ],
)
def test_cookie_post_needs_csrf_token(
    client: httpx.Client,
    berlin: HotelWithKey,
    conn: psycopg.Connection[Any],
    headers: dict[str, str],
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "4001")
    notification = add_notification(conn, booking.id, berlin.hotel.id)
    sign_in(client, berlin.key)

    response = client.post(
        f"/api/hotels/berlin-mitte/notifications/{notification}/cancel", headers=headers
    )

    assert response.status_code == 403
    status = conn.execute(
        "SELECT status FROM notification_queue WHERE id = %s", (notification,)
    ).fetchone()
    assert status == {"status": "pending"}


def test_messages_page_cancels_and_resends(
    client: httpx.Client, berlin: HotelWithKey, conn: psycopg.Connection[Any]
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "4002", guest_name="Anna Schmidt")
    pending = add_notification(conn, booking.id, berlin.hotel.id)
    failed = add_notification(
        conn,
        booking.id,
        berlin.hotel.id,
        channel="email",
        status="failed",
        last_error="mailbox full",
    )
    sign_in(client, berlin.key)
    page = client.get("/hotels/berlin-mitte/messages")
    token = CSRF.search(page.text).group(1)  # type: ignore[union-attr]

    cancel = client.post(
        f"/hotels/berlin-mitte/messages/{pending}/cancel",
        data={"csrf_token": token, "back": "status=pending&evil=//x"},
    )
    resend = client.post(
        f"/hotels/berlin-mitte/messages/{failed}/resend",
        data={"csrf_token": token, "back": ""},
    )

    assert "Anna Schmidt" in page.text
    assert "mailbox full" in page.text
    assert cancel.status_code == 303
    assert cancel.headers["location"].startswith("/hotels/berlin-mitte/messages?")
    assert "status=pending" in cancel.headers["location"]
    assert resend.status_code == 303
    rows = conn.execute("SELECT id, status FROM notification_queue").fetchall()
    assert {row["id"]: row["status"] for row in rows} == {
        pending: "cancelled",
        failed: "pending",
    }
    notice = client.get(resend.headers["location"])
    assert f"Notification {failed} is queued again" in notice.text


def test_messages_page_filters(
    client: httpx.Client, berlin: HotelWithKey, conn: psycopg.Connection[Any]
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "4003")
    add_notification(conn, booking.id, berlin.hotel.id, status="sent")
    add_notification(
        conn, booking.id, berlin.hotel.id, channel="email", status="failed"
    )
    sign_in(client, berlin.key)

    page = client.get("/hotels/berlin-mitte/messages", params={"status": "failed"})

    assert page.text.count('<span class="badge failed">') == 1
    assert '<span class="badge sent">' not in page.text
