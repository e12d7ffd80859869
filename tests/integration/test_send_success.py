"""The sender delivers through the fake providers and stores what they return."""

from __future__ import annotations

from precheckin.db.connection import Database
from precheckin.notifications import send_due
from tests.delivery_support import (
    PUBLIC_URL,
    WHATSAPP_TOKEN,
    Clock,
    Connection,
    RunningFake,
    add_booking,
    add_hotel,
    guest,
    notification_row,
    queue,
    sender_settings,
)


def test_whatsapp_success_stores_message_id(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    hotel = add_hotel(conn)
    booking = add_booking(conn, hotel, "1001", phone="+4915112345789", token="tok-abc")
    notification = queue(conn, booking, "whatsapp")

    report = send_due(database, sender_settings(fake.url), now=clock)

    row = notification_row(conn, notification)
    [delivery] = fake.fake.deliveries
    assert report.channels["whatsapp"].sent == 1
    assert row["status"] == "sent"
    assert row["provider_message_id"] == delivery.message_id
    assert row["provider_message_id"].startswith("wamid.")
    assert row["sent_at"] == clock()
    assert row["retry_count"] == 0
    assert row["lease_expires_at"] is None


def test_whatsapp_request_carries_template(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    hotel = add_hotel(conn)
    booking = add_booking(
        conn,
        hotel,
        "1001",
        guest_name="Ana  Lima\n",
        phone="+4915112345789",
        token="tok",
    )
    queue(conn, booking, "whatsapp")

    send_due(database, sender_settings(fake.url), now=clock)

    [request] = fake.fake.requests
    body = request.body
    body_params = [p["text"] for p in body["template"]["components"][0]["parameters"]]
    button = body["template"]["components"][1]
    assert request.path == "/v25.0/1065403522/messages"
    assert request.headers["authorization"] == f"Bearer {WHATSAPP_TOKEN}"
    assert body["to"] == "4915112345789"
    assert body["template"]["name"] == "precheckin_link"
    assert body["template"]["language"] == {"code": "en_US"}
    assert body_params == ["Ana Lima", "Hotel Mitte", "10 March 2026", "12 March 2026"]
    assert button["sub_type"] == "url"
    assert button["parameters"] == [{"type": "text", "text": "tok"}]


def test_email_success_stores_email_id(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    hotel = add_hotel(conn)
    booking = add_booking(conn, hotel, "1001", email="ana@example.com", token="tok-1")
    notification = queue(conn, booking, "email")

    report = send_due(database, sender_settings(fake.url), now=clock)

    row = notification_row(conn, notification)
    [request] = fake.fake.requests
    [delivery] = fake.fake.deliveries
    assert report.channels["email"].sent == 1
    assert row["status"] == "sent"
    assert row["provider_message_id"] == delivery.message_id
    assert request.path == "/emails"
    assert (
        request.headers["idempotency-key"] == f"precheckin-notification-{notification}"
    )
    assert request.body["from"] == "Hotel Mitte <stay@hotel-mitte.example>"
    assert request.body["to"] == ["ana@example.com"]
    assert f"{PUBLIC_URL}tok-1" in request.body["text"]
    assert f'href="{PUBLIC_URL}tok-1"' in request.body["html"]


def test_email_escapes_guest_name(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    hotel = add_hotel(conn, name="Tom & Jerry's <Inn>")
    booking = add_booking(
        conn,
        hotel,
        "1001",
        guest_name="<script>alert(1)</script>",
        email="a@example.com",
    )
    queue(conn, booking, "email")

    send_due(database, sender_settings(fake.url), now=clock)

    body = fake.fake.requests[0].body
    assert "<script>" not in body["html"]
    assert "Dear &lt;script&gt;alert(1)&lt;/script&gt;," in body["html"]
    assert "Tom &amp; Jerry&#39;s &lt;Inn&gt;" in body["html"]
    assert "Dear <script>alert(1)</script>," in body["text"]
    assert body["subject"].endswith(
        "Tom & Jerry's <Inn>: check in online before you arrive"
    )


def test_missing_name_reads_valued_guest(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    hotel = add_hotel(conn)
    booking = add_booking(conn, hotel, "1001", guest_name="  ", email="a@example.com")
    queue(conn, booking, "email")

    send_due(database, sender_settings(fake.url), now=clock)

    assert "Dear Valued Guest," in fake.fake.requests[0].body["text"]


def test_many_emails_go_in_batches(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    hotel = add_hotel(conn)
    ids = [guest(conn, hotel, number, "email") for number in range(150)]

    report = send_due(database, sender_settings(fake.url), now=clock)

    paths = sorted(r.path for r in fake.fake.requests)
    sizes = sorted(len(r.body) for r in fake.fake.requests)
    keys = {r.headers["idempotency-key"] for r in fake.fake.requests}
    statuses = conn.execute(
        "SELECT status, count(*) AS n FROM notification_queue GROUP BY status"
    ).fetchall()
    stored_ids = conn.execute(
        "SELECT count(DISTINCT provider_message_id) AS n FROM notification_queue"
    ).fetchone()
    assert report.channels["email"].sent == len(ids)
    assert paths == ["/emails/batch", "/emails/batch"]
    assert sizes == [50, 100]
    assert len(keys) == 2
    assert all(key.startswith("precheckin-batch-") for key in keys)
    assert statuses == [{"status": "sent", "n": 150}]
    assert stored_ids == {"n": 150}


def test_batch_rejects_one_address(
    conn: Connection, database: Database, fake: RunningFake, clock: Clock
) -> None:
    from precheckin.testing.faults import Fault

    hotel = add_hotel(conn)
    ids = [guest(conn, hotel, number, "email") for number in range(3)]
    fake.fake.fail_recipient("guest1@example.com", Fault.error("validation_error"))

    send_due(database, sender_settings(fake.url), now=clock)

    statuses = [notification_row(conn, i)["status"] for i in ids]
    assert statuses == ["sent", "failed", "sent"]
    assert notification_row(conn, ids[1])["last_error"].startswith(
        "notification_send_failed: resend validation_error"
    )
    assert fake.fake.requests[0].headers["x-batch-validation"] == "permissive"
