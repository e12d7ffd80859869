-- Queries of the sender. Every time is a parameter: the caller's clock decides.

-- name: release_expired_leases
-- A claim whose lease ran out was left by a sender that stopped. The attempt
-- counts, and the notification is due at once, or failed when out of attempts.
WITH expired AS (
    SELECT id
    FROM notification_queue
    WHERE status = 'processing' AND lease_expires_at <= %(now)s
    ORDER BY lease_expires_at
    FOR UPDATE SKIP LOCKED
)
UPDATE notification_queue q
SET status = CASE WHEN q.retry_count + 1 >= %(max_attempts)s
                  THEN 'failed' ELSE 'pending' END,
    retry_count = q.retry_count + 1,
    next_attempt_at = %(now)s,
    last_error = 'notification_send_failed: lease expired before the sender '
                 || coalesce(q.claimed_by, '?') || ' recorded an outcome',
    lease_expires_at = NULL,
    claimed_by = NULL,
    updated_at = %(now)s
FROM expired
WHERE q.id = expired.id
RETURNING q.id, q.channel, q.status;

-- name: count_due
SELECT count(*) AS due
FROM notification_queue
WHERE status = 'pending' AND next_attempt_at <= %(now)s;

-- name: claim_due
-- Members of one earlier email batch sort next to each other, so that they
-- are claimed (and batched) together again.
WITH due AS (
    SELECT id
    FROM notification_queue
    WHERE status = 'pending' AND next_attempt_at <= %(now)s
    ORDER BY next_attempt_at, email_batch_key, id
    LIMIT %(size)s
    FOR UPDATE SKIP LOCKED
), claimed AS (
    UPDATE notification_queue q
    SET status = 'processing',
        lease_expires_at = %(lease_until)s,
        claimed_by = %(claimer)s,
        updated_at = %(now)s
    FROM due
    WHERE q.id = due.id
    RETURNING q.*
)
SELECT c.id, c.booking_id, c.hotel_id, c.channel, c.template_code, c.retry_count,
       c.email_batch_key,
       b.booking_reference, b.status AS booking_status, b.guest_name, b.phone,
       b.email, b.checkin_date, b.checkout_date, b.precheckin_completed_at,
       h.code AS hotel_code, h.name AS hotel_name, h.wa_phone_number_id,
       h.email_from, h.language,
       t.token, t.expires_at AS token_expires_at, t.revoked_at AS token_revoked_at
FROM claimed c
JOIN bookings b ON b.id = c.booking_id AND b.hotel_id = c.hotel_id
JOIN hotels h ON h.id = c.hotel_id
LEFT JOIN precheckin_tokens t ON t.booking_id = c.booking_id
ORDER BY c.id;

-- name: mark_sent
UPDATE notification_queue q
SET status = 'sent',
    provider_message_id = u.provider_message_id,
    sent_at = %(now)s,
    last_error = NULL,
    lease_expires_at = NULL,
    claimed_by = NULL,
    email_batch_key = NULL,
    updated_at = %(now)s
FROM unnest(%(ids)s::bigint[], %(provider_message_ids)s::text[])
    AS u(id, provider_message_id)
WHERE q.id = u.id AND q.status = 'processing' AND q.claimed_by = %(claimer)s;

-- name: mark_retry
UPDATE notification_queue q
SET status = 'pending',
    retry_count = q.retry_count + 1,
    next_attempt_at = u.next_attempt_at,
    last_error = u.error,
    email_batch_key = u.email_batch_key,
    lease_expires_at = NULL,
    claimed_by = NULL,
    updated_at = %(now)s
FROM unnest(%(ids)s::bigint[], %(errors)s::text[], %(next_attempt_ats)s::timestamptz[],
            %(email_batch_keys)s::text[])
    AS u(id, error, next_attempt_at, email_batch_key)
WHERE q.id = u.id AND q.status = 'processing' AND q.claimed_by = %(claimer)s;

-- name: mark_final
-- Failed or cancelled; an attempt that never reached a provider is not counted.
UPDATE notification_queue q
SET status = u.status,
    retry_count = q.retry_count + CASE WHEN u.attempted THEN 1 ELSE 0 END,
    last_error = u.error,
    lease_expires_at = NULL,
    claimed_by = NULL,
    updated_at = %(now)s
FROM unnest(%(ids)s::bigint[], %(statuses)s::text[], %(errors)s::text[],
            %(attempted)s::boolean[])
    AS u(id, status, error, attempted)
WHERE q.id = u.id AND q.status = 'processing' AND q.claimed_by = %(claimer)s;

-- name: queue_email_fallback
-- The same template by email for guests whose number cannot receive WhatsApp.
INSERT INTO notification_queue (booking_id, hotel_id, channel, template_code,
                                status, next_attempt_at, created_at, updated_at)
SELECT q.booking_id, q.hotel_id, 'email', q.template_code, 'pending', %(now)s,
       %(now)s, %(now)s
FROM notification_queue q
JOIN bookings b ON b.id = q.booking_id
WHERE q.id = ANY(%(ids)s::bigint[]) AND b.email IS NOT NULL
ON CONFLICT (booking_id, template_code, channel) DO NOTHING
RETURNING id;
