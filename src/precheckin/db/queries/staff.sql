-- name: list_batches
-- Blank rows were read and skipped but never staged; they count in both.
SELECT id, filename, status, total_rows + blank_rows AS total_rows, pending_rows,
       notified_rows, completed_rows, failed_rows, skipped_rows + blank_rows AS skipped_rows,
       created_at, completed_at
FROM import_batches
WHERE hotel_id = %(hotel_id)s
  AND (%(before_id)s::bigint IS NULL OR id < %(before_id)s)
ORDER BY id DESC
LIMIT %(limit)s

-- name: batch_of_hotel
SELECT id, filename, status, file_format, mapping
FROM import_batches
WHERE id = %(batch_id)s AND hotel_id = %(hotel_id)s

-- name: batch_rows
SELECT line_number, status, raw_data, parsed_data, error, warnings
FROM import_rows
WHERE batch_id = %(batch_id)s
  AND (%(status)s::text IS NULL OR status = %(status)s)
  AND line_number > %(after_line)s
ORDER BY line_number
LIMIT %(limit)s

-- name: failed_rows
SELECT raw_data, error
FROM import_rows
WHERE batch_id = %(batch_id)s AND status = 'failed'
ORDER BY line_number

-- name: booking_of_hotel
SELECT b.id, b.booking_reference, b.guest_name, b.phone, b.email, b.checkin_date,
       b.checkout_date, b.room, b.guests, b.status, b.precheckin_completed_at,
       b.precheckin_answers, b.precheckin_reminder1_sent_at,
       b.precheckin_reminder2_sent_at, b.last_batch_id, b.created_at, b.updated_at,
       t.expires_at AS link_expires_at, t.revoked_at AS link_revoked_at
FROM bookings b
LEFT JOIN precheckin_tokens t ON t.booking_id = b.id
WHERE b.hotel_id = %(hotel_id)s
  AND (%(booking_id)s::bigint IS NULL OR b.id = %(booking_id)s)
  AND (%(reference)s::text IS NULL OR b.booking_reference = %(reference)s)

-- name: list_notifications
SELECT n.id, n.booking_id, b.booking_reference, b.guest_name, n.channel,
       n.template_code, n.status, n.retry_count, n.next_attempt_at, n.last_error,
       n.provider_message_id, n.sent_at, n.created_at, n.updated_at
FROM notification_queue n
JOIN bookings b ON b.id = n.booking_id
WHERE n.hotel_id = %(hotel_id)s
  AND (%(booking_id)s::bigint IS NULL OR n.booking_id = %(booking_id)s)
  AND (%(status)s::text IS NULL OR n.status = %(status)s)
  AND (%(channel)s::text IS NULL OR n.channel = %(channel)s)
  AND (%(template_code)s::text IS NULL OR n.template_code = %(template_code)s)
  AND (%(before_id)s::bigint IS NULL OR n.id < %(before_id)s)
ORDER BY n.id DESC
LIMIT %(limit)s

-- name: cancel_notification
UPDATE notification_queue SET status = 'cancelled', updated_at = %(now)s
WHERE id = %(id)s AND hotel_id = %(hotel_id)s AND status = 'pending'
RETURNING id

-- name: resend_notification
-- A message sent again starts with a full set of attempts.
UPDATE notification_queue
SET status = 'pending', retry_count = 0, next_attempt_at = %(now)s,
    lease_expires_at = NULL, claimed_by = NULL, updated_at = %(now)s
WHERE id = %(id)s AND hotel_id = %(hotel_id)s AND status = 'failed'
RETURNING id

-- name: notification_status
SELECT status FROM notification_queue WHERE id = %(id)s AND hotel_id = %(hotel_id)s

-- name: batch_status
SELECT id, filename, status, total_rows + blank_rows AS total_rows, blank_rows,
       pending_rows, notified_rows, completed_rows, failed_rows,
       skipped_rows + blank_rows AS skipped_rows, warned_rows, bookings_created,
       bookings_updated, bookings_unchanged, bookings_cancelled, links_whatsapp,
       links_email, error, read_warnings, mapping, file_format, created_at,
       started_at, completed_at
FROM import_batches
WHERE id = %(batch_id)s AND hotel_id = %(hotel_id)s
