-- Indexes for the reminder statements, and the check-in date each reminder was for.

-- The booking's check-in date when a reminder was queued; empty for links. A
-- re-import that moves the check-in date re-arms a reminder only when the new
-- date differs from this one, so no guest gets two reminders for one date.
ALTER TABLE notification_queue ADD COLUMN reminder_checkin_date date;

-- Bookings that may still get a reminder, by hotel and check-in date: each
-- reminder statement reads one date per hotel. Stamped, cancelled, checked-in
-- and completed bookings drop out, so the indexes stay small.
CREATE INDEX bookings_reminder1_due ON bookings (hotel_id, checkin_date)
    WHERE precheckin_reminder1_sent_at IS NULL
        AND status = 'CONFIRMED'
        AND precheckin_completed_at IS NULL;
CREATE INDEX bookings_reminder2_due ON bookings (hotel_id, checkin_date)
    WHERE precheckin_reminder2_sent_at IS NULL
        AND status = 'CONFIRMED'
        AND precheckin_completed_at IS NULL;
