-- name: link_by_token_hash
SELECT t.token, t.expires_at, t.revoked_at, b.id AS booking_id, b.guest_name,
       b.checkin_date, b.checkout_date, b.guests, b.status AS booking_status,
       b.precheckin_completed_at, b.precheckin_answers, h.name AS hotel_name,
       h.language AS hotel_language
FROM precheckin_tokens t
JOIN bookings b ON b.id = t.booking_id
JOIN hotels h ON h.id = b.hotel_id
WHERE token_sha256(t.token) = %(token_hash)s

-- name: store_answers
UPDATE bookings
SET precheckin_answers = %(answers)s,
    precheckin_completed_at = coalesce(precheckin_completed_at, %(now)s),
    updated_at = %(now)s
WHERE id = %(booking_id)s

-- name: cancel_pending_reminders
-- A guest who has pre-checked in needs no reminder to do it.
UPDATE notification_queue
SET status = 'cancelled', updated_at = %(now)s
WHERE booking_id = %(booking_id)s
  AND status = 'pending'
  AND template_code IN ('precheckin_reminder_1', 'precheckin_reminder_2')
