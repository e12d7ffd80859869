-- Reminder statements: each one finds the bookings due for its reminder in their
-- hotel's time zone, locks them, queues the reminder on every channel the guest
-- has, stamps the booking and returns the counts, in one transaction.
--
-- Parameters: now (timestamptz), from_time and until_time (the local window,
-- until excluded), and for the day-before reminder link_gap (interval).
-- Row locks with SKIP LOCKED let two workers run a statement at the same
-- moment: a booking locked by one is skipped by the other, and a booking the
-- other stamped meanwhile fails the stamp check when it is re-read under lock.

-- name: queue_reminder_1
WITH hotel_clock AS (
    SELECT
        id AS hotel_id,
        (%(now)s::timestamptz AT TIME ZONE timezone)::date AS local_date,
        (%(now)s::timestamptz AT TIME ZONE timezone)::time AS local_time,
        -- A hotel without a WhatsApp sender reminds by email only.
        wa_phone_number_id IS NOT NULL AS whatsapp_ready
    FROM hotels
),
due AS (
    SELECT b.id, b.hotel_id, CASE WHEN clock.whatsapp_ready THEN b.phone END AS phone,
        b.email, b.checkin_date
    FROM hotel_clock AS clock
    JOIN bookings AS b
        ON b.hotel_id = clock.hotel_id AND b.checkin_date = clock.local_date + 1
    WHERE clock.local_time >= %(from_time)s
        AND clock.local_time < %(until_time)s
        AND b.precheckin_reminder1_sent_at IS NULL
        AND b.status = 'CONFIRMED'
        AND b.precheckin_completed_at IS NULL
        AND ((clock.whatsapp_ready AND b.phone IS NOT NULL) OR b.email IS NOT NULL)
        AND EXISTS (
            SELECT 1 FROM precheckin_tokens AS t
            WHERE t.booking_id = b.id AND t.revoked_at IS NULL
        )
        -- A link still waiting to go out, or sent less than link_gap ago, makes
        -- this reminder redundant.
        AND NOT EXISTS (
            SELECT 1 FROM notification_queue AS link
            WHERE link.booking_id = b.id
                AND link.template_code = 'precheckin_link'
                AND (
                    link.status IN ('pending', 'processing')
                    OR link.sent_at > %(now)s::timestamptz - %(link_gap)s::interval
                )
        )
        -- A reminder for an earlier check-in date may be in flight. It is left
        -- to finish, and the next run re-arms its row for the new date.
        AND NOT EXISTS (
            SELECT 1 FROM notification_queue AS earlier
            WHERE earlier.booking_id = b.id
                AND earlier.template_code = 'precheckin_reminder_1'
                AND earlier.status = 'processing'
        )
    FOR UPDATE OF b SKIP LOCKED
),
stamped AS (
    UPDATE bookings AS b
    SET precheckin_reminder1_sent_at = %(now)s::timestamptz
    FROM due
    WHERE b.id = due.id
    RETURNING b.id
),
queued AS (
    INSERT INTO notification_queue AS q (
        booking_id, hotel_id, channel, template_code, reminder_checkin_date,
        next_attempt_at
    )
    SELECT
        due.id, due.hotel_id, contact.channel, 'precheckin_reminder_1',
        due.checkin_date, %(now)s::timestamptz
    FROM due
    CROSS JOIN LATERAL (
        VALUES ('whatsapp', due.phone), ('email', due.email)
    ) AS contact (channel, address)
    WHERE contact.address IS NOT NULL
    -- The row left from an earlier check-in date is re-armed for the new date.
    -- A row for this same date means the reminder went already.
    ON CONFLICT (booking_id, template_code, channel) DO UPDATE
    SET status = 'pending',
        retry_count = 0,
        next_attempt_at = excluded.next_attempt_at,
        lease_expires_at = NULL,
        claimed_by = NULL,
        last_error = NULL,
        provider_message_id = NULL,
        sent_at = NULL,
        reminder_checkin_date = excluded.reminder_checkin_date,
        updated_at = now()
    WHERE q.reminder_checkin_date IS DISTINCT FROM excluded.reminder_checkin_date
        AND q.status <> 'processing'
    RETURNING q.channel
)
SELECT
    (SELECT count(*) FROM stamped) AS bookings,
    count(*) FILTER (WHERE channel = 'whatsapp') AS whatsapp,
    count(*) FILTER (WHERE channel = 'email') AS email
FROM queued

-- name: queue_reminder_2
WITH hotel_clock AS (
    SELECT
        id AS hotel_id,
        (%(now)s::timestamptz AT TIME ZONE timezone)::date AS local_date,
        (%(now)s::timestamptz AT TIME ZONE timezone)::time AS local_time,
        -- A hotel without a WhatsApp sender reminds by email only.
        wa_phone_number_id IS NOT NULL AS whatsapp_ready
    FROM hotels
),
due AS (
    SELECT b.id, b.hotel_id, CASE WHEN clock.whatsapp_ready THEN b.phone END AS phone,
        b.email, b.checkin_date
    FROM hotel_clock AS clock
    JOIN bookings AS b
        ON b.hotel_id = clock.hotel_id AND b.checkin_date = clock.local_date
    WHERE clock.local_time >= %(from_time)s
        AND clock.local_time < %(until_time)s
        AND b.precheckin_reminder2_sent_at IS NULL
        AND b.status = 'CONFIRMED'
        AND b.precheckin_completed_at IS NULL
        AND ((clock.whatsapp_ready AND b.phone IS NOT NULL) OR b.email IS NOT NULL)
        AND EXISTS (
            SELECT 1 FROM precheckin_tokens AS t
            WHERE t.booking_id = b.id AND t.revoked_at IS NULL
        )
        -- A reminder must not arrive before the link it points to.
        AND NOT EXISTS (
            SELECT 1 FROM notification_queue AS link
            WHERE link.booking_id = b.id
                AND link.template_code = 'precheckin_link'
                AND link.status IN ('pending', 'processing')
        )
        AND NOT EXISTS (
            SELECT 1 FROM notification_queue AS earlier
            WHERE earlier.booking_id = b.id
                AND earlier.template_code = 'precheckin_reminder_2'
                AND earlier.status = 'processing'
        )
    FOR UPDATE OF b SKIP LOCKED
),
stamped AS (
    UPDATE bookings AS b
    SET precheckin_reminder2_sent_at = %(now)s::timestamptz
    FROM due
    WHERE b.id = due.id
    RETURNING b.id
),
queued AS (
    INSERT INTO notification_queue AS q (
        booking_id, hotel_id, channel, template_code, reminder_checkin_date,
        next_attempt_at
    )
    SELECT
        due.id, due.hotel_id, contact.channel, 'precheckin_reminder_2',
        due.checkin_date, %(now)s::timestamptz
    FROM due
    CROSS JOIN LATERAL (
        VALUES ('whatsapp', due.phone), ('email', due.email)
    ) AS contact (channel, address)
    WHERE contact.address IS NOT NULL
    ON CONFLICT (booking_id, template_code, channel) DO UPDATE
    SET status = 'pending',
        retry_count = 0,
        next_attempt_at = excluded.next_attempt_at,
        lease_expires_at = NULL,
        claimed_by = NULL,
        last_error = NULL,
        provider_message_id = NULL,
        sent_at = NULL,
        reminder_checkin_date = excluded.reminder_checkin_date,
        updated_at = now()
    WHERE q.reminder_checkin_date IS DISTINCT FROM excluded.reminder_checkin_date
        AND q.status <> 'processing'
    RETURNING q.channel
)
SELECT
    (SELECT count(*) FROM stamped) AS bookings,
    count(*) FILTER (WHERE channel = 'whatsapp') AS whatsapp,
    count(*) FILTER (WHERE channel = 'email') AS email
FROM queued
