"""A guest opens their link on a phone and completes pre-check-in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest
from playwright.sync_api import Browser, expect

from tests.web_support import HotelWithKey, LiveServer, add_booking

PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.browser


def test_guest_completes_precheckin_on_phone(
    browser: Browser,
    server: LiveServer,
    conn: psycopg.Connection[Any],
    berlin: HotelWithKey,
    screenshots: Path,
) -> None:
    booking = add_booking(conn, berlin.hotel.id, "5001", guest_name="Jürgen Weiß")
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = context.new_page()

    page.goto(f"{server.url}/precheckin/{booking.token}")
    expect(page.get_by_role("heading", name="Hello Jürgen Weiß")).to_be_visible()
    page.screenshot(path=screenshots / "guest-form.png", full_page=True)
    page.get_by_role("button", name="Complete pre-check-in").click()
    expect(page.locator("#arrival_time_problem")).to_be_visible()
    page.screenshot(path=screenshots / "guest-form-problems.png", full_page=True)
    page.get_by_label("Estimated arrival time").fill("18:45")
    page.get_by_label("Number of guests").fill("2")
    page.get_by_label("Anything we should know?").fill("Arriving by train.")
    page.get_by_role("button", name="Complete pre-check-in").click()

    expect(page.get_by_role("heading", name="You are pre-checked in")).to_be_visible()
    page.screenshot(path=screenshots / "guest-done.png", full_page=True)
    row = conn.execute(
        "SELECT precheckin_answers FROM bookings WHERE id = %s", (booking.id,)
    ).fetchone()
    assert row["precheckin_answers"]["arrival_time"] == "18:45"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    context.close()


def test_unknown_link_friendly_on_phone(
    browser: Browser, server: LiveServer, berlin: HotelWithKey, screenshots: Path
) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = context.new_page()

    response = page.goto(f"{server.url}/precheckin/{'x' * 32}")

    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    page.screenshot(path=screenshots / "guest-unknown-link.png", full_page=True)
    context.close()
