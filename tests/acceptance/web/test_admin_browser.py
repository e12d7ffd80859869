"""An admin signs in, picks a hotel and works through its failed messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest
from playwright.sync_api import Browser, expect

from tests.web_support import (
    HotelWithKey,
    LiveServer,
    add_booking,
    add_hotel,
    add_notification,
)

pytestmark = pytest.mark.browser


def test_admin_resends_failed_message(
    browser: Browser,
    server: LiveServer,
    conn: psycopg.Connection[Any],
    admin_key: str,
    berlin: HotelWithKey,
    screenshots: Path,
) -> None:
    munich = add_hotel(conn, "munich-ost", "Hotel München Ost")
    booking = add_booking(conn, munich.hotel.id, "M-77", guest_name="Lena Vogel")
    add_notification(conn, booking.id, munich.hotel.id, status="sent")
    failed = add_notification(
        conn,
        booking.id,
        munich.hotel.id,
        channel="email",
        status="failed",
        retry_count=5,
        last_error="550 mailbox unavailable",
    )
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()

    page.goto(f"{server.url}/signin")
    page.get_by_label("API key").fill(admin_key)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hotels")).to_be_visible()
    page.screenshot(path=screenshots / "admin-hotels.png")
    page.get_by_role("link", name="Hotel München Ost").click()
    page.get_by_role("link", name="Messages").click()
    page.get_by_label("Status").select_option("failed")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("550 mailbox unavailable")
    page.screenshot(path=screenshots / "admin-messages-failed.png", full_page=True)
    page.get_by_role("button", name="Send again").click()

    expect(page.get_by_role("status")).to_contain_text(f"Notification {failed}")
    expect(page.get_by_label("Status")).to_have_value("failed")
    expect(page.locator("tbody tr")).to_have_count(0)
    row = conn.execute(
        "SELECT status FROM notification_queue WHERE id = %s", (failed,)
    ).fetchone()
    assert row == {"status": "pending"}
    page.screenshot(path=screenshots / "admin-messages-resent.png", full_page=True)
    page.context.close()
