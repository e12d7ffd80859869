-- A claim takes every pending row of a reservation into one set, so that a
-- reservation written one row per room is never split between two sets.
-- Staging stores each row's booking reference as the cell reads, cleaned, and
-- NULL where validation will find no usable reference.
ALTER TABLE import_rows ADD COLUMN booking_reference text;

-- Only pending rows are looked up by reference: by a claim, to ask whether an
-- earlier line of the same reservation is still pending, and to take the rest.
CREATE INDEX import_rows_pending_reference ON import_rows (batch_id, booking_reference)
    WHERE status = 'pending';
