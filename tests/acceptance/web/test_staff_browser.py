"""A clerk signs in, uploads a German export, adjusts the mapping and imports it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from precheckin.db.connection import Database
from precheckin.imports.pending import process_pending
from tests.web_support import FakeClock, HotelWithKey, LiveServer, german_export

DESKTOP = {"width": 1280, "height": 900}

pytestmark = pytest.mark.browser


def sign_in(page: Page, server: LiveServer, key: str, screenshots: Path) -> None:
    page.goto(f"{server.url}/hotels/berlin-mitte")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.screenshot(path=screenshots / "staff-sign-in.png")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Batches")).to_be_visible()


def test_clerk_imports_german_export(
    browser: Browser,
    server: LiveServer,
    database: Database,
    clock: FakeClock,
    berlin: HotelWithKey,
    screenshots: Path,
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, server, berlin.key, screenshots)
    page.screenshot(path=screenshots / "staff-batches-empty.png")

    page.get_by_role("link", name="Upload", exact=True).click()
    page.set_input_files(
        "#file",
        files=[
            {
                "name": "reservierungen.csv",
                "mimeType": "text/csv",
                "buffer": german_export(),
            }
        ],
    )
    phone = page.locator('select[data-field="phone"]')
    expect(phone).to_have_value("Telefon")
    expect(page.locator("#file-info")).to_contain_text("semicolon")
    expect(page.locator("#file-info")).to_contain_text("Windows-1252")
    expect(page.locator("#preview-failed")).to_have_text("2")
    phone.select_option("Handy")
    expect(page.locator("#sample")).to_contain_text("+4915123456789")
    expect(page.locator("#preview-new")).to_have_text("3")
    expect(page.locator("#import")).to_be_enabled()
    page.screenshot(path=screenshots / "staff-upload.png", full_page=True)
    page.locator("#import").click()

    expect(page).to_have_url(re.compile(r"/hotels/berlin-mitte/batches/\d+$"))
    expect(page.locator("#status")).to_have_text("uploaded")
    page.screenshot(path=screenshots / "staff-batch-uploaded.png", full_page=True)
    process_pending(database, now=clock)
    expect(page.locator("#status")).to_have_text("completed", timeout=15_000)
    expect(page.locator("#failed-rows tr")).to_have_count(2)
    expect(page.locator("#failed-rows")).to_contain_text("B-1003")
    expect(page.locator("#count-notified_rows")).to_have_text("3")
    expect(page.locator("#download")).to_be_visible()
    page.screenshot(path=screenshots / "staff-batch-completed.png", full_page=True)

    page.get_by_role("link", name="Messages").click()
    expect(page.locator("tbody tr")).to_have_count(3)
    page.get_by_role("button", name="Cancel").first.click()
    expect(page.get_by_role("status")).to_contain_text("is cancelled")
    expect(page.locator("span.badge.cancelled")).to_have_count(1)
    page.screenshot(path=screenshots / "staff-messages.png", full_page=True)
    page.get_by_role("link", name="Batches").click()
    expect(page.locator("td.filename")).to_have_text("reservierungen.csv")
    page.screenshot(path=screenshots / "staff-batches.png", full_page=True)
    context.close()
