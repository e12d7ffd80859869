"""Provider errors end as retries or failures, with backoff and attempt limits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from precheckin.db.connection import Database
from precheckin.notifications import send_due
from precheckin.testing.faults import Fault
from tests.delivery_support import (
    Clock,
    Connection,
    RunningFake,
    add_booking,
    add_hotel,
    notification_row,
    queue,
    sender_settings,
)

PHONE = "+4915112345789"
EMAIL = "ana@example.com"


def one_notification(conn: Connection, channel: str, **booking: object) -> int:
    """Queue one notification for a guest with both a phone and an email."""
    hotel = add_hotel(conn)
    booking.setdefault("phone", PHONE)
    booking.setdefault("email", EMAIL)
    booking_id = add_booking(conn, hotel, "1001", **booking)  # type: ignore[arg-type]
    return queue(conn, booking_id, channel)


@pytest.mark.parametrize(
    ("channel", "fault", "status", "error", "delay"),
    [
        pytest.param(
            "whatsapp",
            Fault.server_error(503),
            "pending",
            "notification_send_failed: whatsapp 2:",
            300,
            id="whatsapp-5xx",
        ),
        pytest.param(
            "whatsapp",
            Fault.rate_limited(retry_after=900),
            "pending",
            "notification_send_failed: whatsapp 130429:",
            900,
            id="whatsapp-429-retry-after",
        ),
        pytest.param(
            "whatsapp",
            Fault.error(131056),
            "pending",
            "notification_send_failed: whatsapp 131056:",
            300,
            id="whatsapp-pair-limit",
        ),
        pytest.param(
            "whatsapp",
            Fault.timeout(5),
            "pending",
            "notification_send_failed: whatsapp timeout:",
            300,
            id="whatsapp-timeout",
        ),
        pytest.param(
            "whatsapp",
            Fault.error(132001),
            "failed",
            "notification_send_failed: whatsapp 132001:",
            None,
            id="unknown-template",
        ),
        pytest.param(
            "whatsapp",
            Fault.error(190),
            "failed",
            "notification_send_failed: whatsapp 190:",
            None,
            id="bad-token",
        ),
        pytest.param(
            "whatsapp",
            Fault.error(131048),
            "failed",
            "notification_send_failed: whatsapp 131048:",
            None,
            id="spam-limit",
        ),
        pytest.param(
            "email",
            Fault.server_error(500),
            "pending",
            "notification_send_failed: resend application_error:",
            300,
            id="email-5xx",
        ),
        pytest.param(
            "email",
            Fault.rate_limited(retry_after=1200),
            "pending",
            "notification_send_failed: resend rate_limit_exceeded:",
            1200,
            id="email-429-retry-after",
        ),
        pytest.param(
            "email",
            Fault.error("daily_quota_exceeded"),
            "pending",
            "notification_send_failed: resend daily_quota_exceeded:",
            86400,
            id="daily-quota",
        ),
        pytest.param(
            "email",
            Fault.error("validation_error"),
            "failed",
            "notification_send_failed: resend validation_error:",
            None,
            id="email-validation",
        ),
        pytest.param(
            "email",
            Fault.error("invalid_api_key"),
            "failed",
            "notification_send_failed: resend invalid_api_key:",
            None,
            id="bad-key",
        ),
    ],
)
def test_error_class_sets_outcome(
    conn: Connection,
    database: Database,
    fake: RunningFake,
    clock: Clock,
    channel: str,
    fault: Fault,
    status: str,
    error: str,
    delay: int | None,
) -> None:
    notification = one_notification(conn, channel)
    fake.fake.fail_next(1, fault)

    send_due(database, sender_settings(fake.url, send_timeout_seconds=0.5), now=clock)

    row = notification_row(conn, notification)
    assert row["status"] == status
    assert row["retry_count"] == 1
    assert row["last_error"].startswith(error)
    if delay is not None:
        assert row["next_attempt_at"] == clock() + timedelta(seconds=delay)
    assert row["claimed_by"] is None


def test_connection_error_is_retried(
    conn: Connection, database: Database, clock: Clock
) -> None:
    from precheckin.testing.fake_server import bind

    notification = one_notification(conn, "whatsapp")
    closed = bind()
    url = f"http://127.0.0.1:{closed.getsockname()[1]}"
    closed.close()

    send_due(database, sender_settings(url), now=clock)

    row = notification_row(conn, notification)
    assert row["status"] == "pending"
    assert row["last_error"].startswith(
        "notification_send_failed: whatsapp connection_error:"
    )


def test_backoff_grows_until_max_attempts(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    notification = one_notification(conn, "whatsapp")
    fake.fake.fail_recipient(PHONE, Fault.server_error(503))
    settings = sender_settings(fake.url)
    waits = []

    for _ in range(4):
        send_due(database, settings, now=clock)
        row = notification_row(conn, notification)
        waits.append((row["next_attempt_at"] - clock()).total_seconds())
        clock.current = row["next_attempt_at"]
    report = send_due(database, settings, now=clock)

    row = notification_row(conn, notification)
    assert waits == [300, 900, 2700, 8100]
    assert report.channels["whatsapp"].failed == 1
    assert row["status"] == "failed"
    assert row["retry_count"] == 5
    assert row["last_error"].endswith("(gave up after 5 attempts)")
    assert len(fake.fake.requests) == 5


def test_max_attempts_is_configurable(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    notification = one_notification(conn, "email")
    fake.fake.fail_recipient(EMAIL, Fault.server_error(503))

    send_due(database, sender_settings(fake.url, send_max_attempts=1), now=clock)

    assert notification_row(conn, notification)["status"] == "failed"


def test_retry_succeeds_when_due(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    notification = one_notification(conn, "whatsapp")
    fake.fake.fail_next(1, Fault.server_error(503))
    settings = sender_settings(fake.url)

    first = send_due(database, settings, now=clock)
    early = send_due(database, settings, now=clock)
    clock.advance(minutes=5)
    due = send_due(database, settings, now=clock)

    row = notification_row(conn, notification)
    assert first.retried == 1
    assert early.total == 0
    assert due.sent == 1
    assert row["status"] == "sent"
    assert row["last_error"] is None
    assert row["retry_count"] == 1


def test_undeliverable_number_falls_back(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    notification = one_notification(conn, "whatsapp")
    fake.fake.fail_recipient(PHONE, Fault.error(131026))

    report = send_due(database, sender_settings(fake.url), now=clock)

    whatsapp = notification_row(conn, notification)
    email = conn.execute(
        "SELECT * FROM notification_queue WHERE channel = 'email'"
    ).fetchone()
    assert whatsapp["status"] == "failed"
    assert whatsapp["last_error"].startswith(
        "notification_send_failed: whatsapp 131026"
    )
    assert report.fallbacks == 1
    assert email is not None
    assert email["template_code"] == "precheckin_link"
    assert email["status"] == "sent"
    assert [d.recipient for d in fake.fake.deliveries] == [EMAIL]


def test_no_fallback_without_email(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    notification = one_notification(conn, "whatsapp", email=None)
    fake.fake.fail_recipient(PHONE, Fault.error(131026))

    report = send_due(database, sender_settings(fake.url), now=clock)

    count = conn.execute("SELECT count(*) AS n FROM notification_queue").fetchone()
    assert notification_row(conn, notification)["status"] == "failed"
    assert report.fallbacks == 0
    assert count == {"n": 1}


def test_permanent_error_gives_no_fallback(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    one_notification(conn, "whatsapp")
    fake.fake.fail_recipient(PHONE, Fault.error(132001))

    report = send_due(database, sender_settings(fake.url), now=clock)

    assert report.fallbacks == 0


def test_retry_log_masks_recipient(
    conn: Connection,
    database: Database,
    fake: RunningFake,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    one_notification(conn, "whatsapp", token="secret-token-value")
    fake.fake.fail_next(1, Fault.server_error(503))

    with caplog.at_level("INFO", logger="precheckin.notifications"):
        send_due(database, sender_settings(fake.url), now=clock)

    [retry] = [r for r in caplog.records if r.levelname == "WARNING"]
    text = caplog.text
    assert "+49********789" in retry.getMessage()
    assert "will be retried" in retry.getMessage()
    assert PHONE not in text
    assert PHONE.lstrip("+") not in text
    assert "secret-token-value" not in text
    assert "test-whatsapp-token" not in text
    assert any(
        r.levelname == "INFO" and "set of 1" in r.getMessage() for r in caplog.records
    )


def test_missing_setting_logs_once(
    conn: Connection, database: Database, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    hotel = add_hotel(conn)
    for number in range(3):
        booking = add_booking(conn, hotel, f"R{number}", email=f"g{number}@example.com")
        queue(conn, booking, "email")

    with caplog.at_level("ERROR", logger="precheckin.notifications"):
        send_due(
            database,
            sender_settings("http://127.0.0.1:9", resend_api_key=None),
            now=clock,
        )

    [line] = [r.getMessage() for r in caplog.records]
    assert line.startswith(
        "3 notifications failed: notification_not_configured: RESEND_API_KEY"
    )
