-- Queries of import processing: claims, booking upserts, tokens, links, row outcomes.

-- name: claim_rows
-- Row locks are the claim: they last until the set's transaction ends, and a
-- process that dies or freezes loses them (see idle_in_transaction_session_timeout).
-- A row is claimed here only when no earlier line of its reservation is
-- pending. The processor that claims the earliest line takes the other lines
-- with claim_reservation_rows, so two processors never split a reservation
-- (unless it has more rows than a set).
SELECT r.id, r.line_number, r.raw_data, r.booking_reference
FROM import_rows r
WHERE r.batch_id = %(batch_id)s AND r.status = 'pending'
  AND r.line_number > %(after_line)s
  -- A scalar subquery, not NOT EXISTS: the planner could turn that into an
  -- anti join that reads every pending row of the batch for each claim.
  AND (r.booking_reference IS NULL OR (
      SELECT e.line_number FROM import_rows e
      WHERE e.batch_id = r.batch_id AND e.status = 'pending'
        AND e.booking_reference = r.booking_reference
        AND e.line_number < r.line_number
      LIMIT 1
  ) IS NULL)
ORDER BY r.line_number
LIMIT %(set_size)s
FOR UPDATE OF r SKIP LOCKED

-- name: claim_reservation_rows
-- The later pending rows of the reservations whose earliest pending line the
-- set claimed, so that a reservation (one row per room) is written by one set.
-- claim_rows never takes such a row, so no other processor has one locked. The
-- limit keeps a value that many rows share (a wrongly mapped column) from
-- making one huge set.
SELECT i.id, i.line_number, i.raw_data, i.booking_reference
FROM import_rows i
JOIN unnest(%(references)s::text[], %(first_lines)s::integer[])
    AS claimed (booking_reference, first_line)
  ON claimed.booking_reference = i.booking_reference
WHERE i.batch_id = %(batch_id)s AND i.status = 'pending'
  -- Repeats the join so that the index scan looks up only these references.
  -- With stale statistics, the planner would otherwise read every pending row.
  AND i.booking_reference = ANY (%(references)s)
  AND i.line_number > claimed.first_line
ORDER BY i.line_number
LIMIT %(set_size)s
FOR UPDATE OF i

-- name: start_batch
UPDATE import_batches
SET status = 'processing', started_at = coalesce(started_at, %(now)s)
WHERE id = %(batch_id)s AND status = 'uploaded'

-- name: create_set_tables
-- A dry run keeps its transaction open across sets, so the tables of its
-- previous set are still there.
DROP TABLE IF EXISTS pg_temp.set_bookings, pg_temp.set_rows;
CREATE TEMP TABLE set_bookings (
    booking_reference text NOT NULL,
    guest_name text NOT NULL,
    phone text,
    email text,
    checkin_date date NOT NULL,
    checkout_date date NOT NULL,
    room text,
    guests integer,
    status text NOT NULL,
    token text NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE set_rows (
    id bigint NOT NULL,
    status text NOT NULL,
    parsed_data jsonb,
    error text,
    warnings text[]
) ON COMMIT DROP

-- name: write_bookings
-- One statement for the set: upsert the bookings, then, for those inserted or
-- changed, make or update tokens, cancel the messages of cancelled ones, and
-- queue links. Bookings are upserted sorted by reference, so two processors
-- lock them in the same order. A row whose values equal the stored booking
-- updates nothing and returns nothing. Rows of one reservation (one per room)
-- that an earlier set of the same batch wrote are merged as within a set. The
-- earlier name, status, phone and email stay, and a missing phone or email is
-- filled in. The stay spans both rows, and a new room adds its room and guests.
WITH upserted AS (
    INSERT INTO bookings AS b (
        hotel_id, booking_reference, guest_name, phone, email, checkin_date,
        checkout_date, room, guests, status, last_batch_id
    )
    SELECT %(hotel_id)s, booking_reference, guest_name, phone, email, checkin_date,
           checkout_date, room, guests, status, %(batch_id)s
    FROM set_bookings
    ORDER BY booking_reference
    ON CONFLICT (hotel_id, booking_reference) DO UPDATE SET
        guest_name = CASE WHEN b.last_batch_id = excluded.last_batch_id
            THEN b.guest_name ELSE excluded.guest_name END,
        phone = CASE WHEN b.last_batch_id = excluded.last_batch_id
            THEN coalesce(b.phone, excluded.phone) ELSE excluded.phone END,
        email = CASE WHEN b.last_batch_id = excluded.last_batch_id
            THEN coalesce(b.email, excluded.email) ELSE excluded.email END,
        checkin_date = CASE WHEN b.last_batch_id = excluded.last_batch_id
            THEN least(b.checkin_date, excluded.checkin_date)
            ELSE excluded.checkin_date END,
        checkout_date = CASE WHEN b.last_batch_id = excluded.last_batch_id
            THEN greatest(b.checkout_date, excluded.checkout_date)
            ELSE excluded.checkout_date END,
        room = CASE
            WHEN b.last_batch_id IS DISTINCT FROM excluded.last_batch_id
                 OR b.room IS NULL
            THEN excluded.room
            WHEN excluded.room IS NULL
                 OR excluded.room = ANY (string_to_array(b.room, ', '))
            THEN b.room
            ELSE b.room || ', ' || excluded.room
        END,
        guests = CASE
            WHEN b.last_batch_id IS DISTINCT FROM excluded.last_batch_id
            THEN excluded.guests
            WHEN excluded.room IS NOT NULL
                 AND NOT coalesce(excluded.room = ANY (string_to_array(b.room, ', ')),
                                  false)
            THEN nullif(coalesce(b.guests, 0) + coalesce(excluded.guests, 0), 0)
            ELSE b.guests
        END,
        -- A guest who is checked in stays so when an older export reads "confirmed".
        status = CASE
            WHEN b.last_batch_id = excluded.last_batch_id THEN b.status
            WHEN b.status = 'CHECKED_IN' AND excluded.status = 'CONFIRMED' THEN b.status
            ELSE excluded.status
        END,
        -- A new check-in date needs its own reminders. Within a batch the
        -- check-in date only moves earlier.
        precheckin_reminder1_sent_at = CASE
            WHEN b.last_batch_id = excluded.last_batch_id
                 AND excluded.checkin_date < b.checkin_date THEN NULL
            WHEN b.last_batch_id IS DISTINCT FROM excluded.last_batch_id
                 AND b.checkin_date <> excluded.checkin_date THEN NULL
            ELSE b.precheckin_reminder1_sent_at
        END,
        precheckin_reminder2_sent_at = CASE
            WHEN b.last_batch_id = excluded.last_batch_id
                 AND excluded.checkin_date < b.checkin_date THEN NULL
            WHEN b.last_batch_id IS DISTINCT FROM excluded.last_batch_id
                 AND b.checkin_date <> excluded.checkin_date THEN NULL
            ELSE b.precheckin_reminder2_sent_at
        END,
        last_batch_id = excluded.last_batch_id,
        updated_at = %(now)s
    -- Update only when the result differs from the stored booking, and never
    -- from an export staged before the one that last changed the booking.
    WHERE (b.last_batch_id IS NULL OR b.last_batch_id <= excluded.last_batch_id)
      AND CASE
        WHEN b.last_batch_id = excluded.last_batch_id THEN
            (b.phone IS NULL AND excluded.phone IS NOT NULL)
            OR (b.email IS NULL AND excluded.email IS NOT NULL)
            OR excluded.checkin_date < b.checkin_date
            OR excluded.checkout_date > b.checkout_date
            OR (excluded.room IS NOT NULL
                AND NOT coalesce(excluded.room = ANY (string_to_array(b.room, ', ')),
                                 false))
        ELSE
            (b.guest_name, b.phone, b.email, b.checkin_date, b.checkout_date, b.room,
             b.guests, b.status)
            IS DISTINCT FROM
            (excluded.guest_name, excluded.phone, excluded.email,
             excluded.checkin_date, excluded.checkout_date, excluded.room,
             excluded.guests,
             CASE WHEN b.status = 'CHECKED_IN' AND excluded.status = 'CONFIRMED'
                  THEN b.status ELSE excluded.status END)
    END
    RETURNING b.id, b.hotel_id, b.booking_reference, (xmax = 0) AS inserted, b.status,
        b.phone, b.email, b.checkout_date, b.precheckin_completed_at
),
-- One token per booking, made once. It expires at the end of the check-out
-- day in the hotel's time zone; a cancelled booking's token is revoked.
tokens AS (
    INSERT INTO precheckin_tokens AS t (booking_id, token, expires_at, revoked_at)
    SELECT u.id, s.token,
           ((u.checkout_date + 1)::timestamp AT TIME ZONE %(timezone)s),
           CASE WHEN u.status IN ('CANCELLED', 'NO_SHOW') THEN %(now)s END
    FROM upserted u
    JOIN set_bookings s ON s.booking_reference = u.booking_reference
    ORDER BY u.id
    ON CONFLICT (booking_id) DO UPDATE SET
        expires_at = excluded.expires_at,
        revoked_at = CASE
            WHEN excluded.revoked_at IS NULL THEN NULL
            ELSE coalesce(t.revoked_at, excluded.revoked_at)
        END
    WHERE (t.expires_at, t.revoked_at IS NULL)
          IS DISTINCT FROM (excluded.expires_at, excluded.revoked_at IS NULL)
    RETURNING t.booking_id
),
cancelled AS (
    UPDATE notification_queue q
    SET status = 'cancelled', updated_at = %(now)s,
        last_error = 'booking cancelled by import'
    WHERE q.booking_id = ANY (ARRAY(
              SELECT u.id FROM upserted u WHERE u.status IN ('CANCELLED', 'NO_SHOW')
          ))
      AND q.status = 'pending'
    RETURNING q.id
),
-- The link goes once per booking: by WhatsApp when a phone is known and the
-- hotel has a WhatsApp sender, else by email. It is not queued while another link is pending, being sent or sent,
-- nor for a stay that has ended or a booking that is not confirmed. A link that
-- failed or was cancelled on the same channel is queued again, because the
-- booking changed.
links AS (
    INSERT INTO notification_queue AS n (
        booking_id, hotel_id, channel, template_code, next_attempt_at, created_at,
        updated_at
    )
    SELECT u.id, u.hotel_id,
           CASE WHEN u.phone IS NOT NULL AND %(whatsapp_ready)s
                THEN 'whatsapp' ELSE 'email' END,
           'precheckin_link', %(now)s, %(now)s, %(now)s
    FROM upserted u
    WHERE u.status = 'CONFIRMED'
      AND ((u.phone IS NOT NULL AND %(whatsapp_ready)s) OR u.email IS NOT NULL)
      AND u.precheckin_completed_at IS NULL
      AND u.checkout_date > (%(now)s AT TIME ZONE %(timezone)s)::date
      -- A scalar subquery, not NOT EXISTS: the planner would turn that into an
      -- anti join that reads the whole queue for every set.
      AND (SELECT count(*) FROM notification_queue q
           WHERE q.booking_id = u.id AND q.template_code = 'precheckin_link'
             AND q.status IN ('pending', 'processing', 'sent')) = 0
    ORDER BY u.id
    ON CONFLICT (booking_id, template_code, channel) DO UPDATE SET
        status = 'pending',
        retry_count = 0,
        next_attempt_at = excluded.next_attempt_at,
        lease_expires_at = NULL,
        claimed_by = NULL,
        last_error = NULL,
        updated_at = excluded.updated_at
    WHERE n.status IN ('failed', 'cancelled')
    RETURNING n.booking_id, n.channel
)
SELECT u.id, u.inserted, u.status, l.channel AS queued_channel,
       (SELECT count(*) FROM tokens) AS tokens_written,
       (SELECT count(*) FROM cancelled) AS messages_cancelled
FROM upserted u
LEFT JOIN links l ON l.booking_id = u.id

-- name: booking_outcomes
-- What each booking of the set ended as, to tell each row why a link went or not.
SELECT b.booking_reference, b.id, b.status,
       b.phone IS NOT NULL AS phone_known,
       (b.phone IS NOT NULL AND %(whatsapp_ready)s) AS has_phone,
       b.email IS NOT NULL AS has_email,
       b.checkout_date <= (%(now)s AT TIME ZONE %(timezone)s)::date AS stay_ended,
       b.precheckin_completed_at IS NOT NULL AS precheckin_done,
       (SELECT q.channel FROM notification_queue q
        WHERE q.booking_id = b.id AND q.template_code = 'precheckin_link'
          AND q.status IN ('pending', 'processing', 'sent')
        LIMIT 1) AS link_channel,
       CASE WHEN b.last_batch_id > %(batch_id)s THEN b.last_batch_id END
           AS newer_batch_id
FROM bookings b
WHERE b.hotel_id = %(hotel_id)s AND b.booking_reference = ANY (%(references)s)

-- name: guests_of_batch
-- Bookings that an earlier set of the same batch wrote, to catch a reference
-- that one file gives to two guests.
SELECT booking_reference, guest_name
FROM bookings
WHERE hotel_id = %(hotel_id)s AND booking_reference = ANY (%(references)s)
  AND last_batch_id = %(batch_id)s

-- name: update_rows
UPDATE import_rows r
SET status = s.status, parsed_data = s.parsed_data, error = s.error,
    warnings = s.warnings, processed_at = %(now)s
FROM set_rows s
-- The list steers the planner to the primary key instead of reading the table.
WHERE r.id = s.id AND r.id = ANY (%(row_ids)s)

-- name: add_counts
UPDATE import_batches
SET pending_rows = pending_rows - %(rows)s,
    notified_rows = notified_rows + %(notified)s,
    completed_rows = completed_rows + %(completed)s,
    failed_rows = failed_rows + %(failed)s,
    skipped_rows = skipped_rows + %(skipped)s,
    warned_rows = warned_rows + %(warned)s,
    bookings_created = bookings_created + %(created)s,
    bookings_updated = bookings_updated + %(updated)s,
    bookings_unchanged = bookings_unchanged + %(unchanged)s,
    bookings_cancelled = bookings_cancelled + %(cancelled)s,
    links_whatsapp = links_whatsapp + %(links_whatsapp)s,
    links_email = links_email + %(links_email)s
WHERE id = %(batch_id)s

-- name: finish_batch
-- Run after a set commits, so that the last processor to commit sees no
-- pending row left, whichever of several it is.
UPDATE import_batches b
SET status = 'completed', completed_at = %(now)s
WHERE b.id = %(batch_id)s AND b.status IN ('uploaded', 'processing')
  AND NOT EXISTS (
      SELECT 1 FROM import_rows r WHERE r.batch_id = b.id AND r.status = 'pending'
  )
RETURNING b.id

-- name: earlier_open_batches
-- Open batches of the same hotel that were staged before this one.
SELECT e.id
FROM import_batches e
JOIN import_batches b ON b.id = %(batch_id)s
WHERE e.hotel_id = b.hotel_id AND e.id < b.id
  AND e.status IN ('uploaded', 'processing')
ORDER BY e.id

-- name: open_batches
SELECT id FROM import_batches
WHERE status IN ('uploaded', 'processing')
ORDER BY id
