-- Sending: the Resend batch an email was last sent in.

-- A retried email goes out again in the same batch as before, so that its
-- Idempotency-Key (derived from the batch's content) matches the first try and
-- Resend answers with the first response instead of sending again.
ALTER TABLE notification_queue ADD COLUMN email_batch_key text;
