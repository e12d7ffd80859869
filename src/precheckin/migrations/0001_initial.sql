-- Hotels, staging tables, bookings, tokens and the notification queue.

CREATE TABLE hotels (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name text NOT NULL CHECK (name <> ''),
    timezone text NOT NULL,
    country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    wa_phone_number_id text,
    email_from text,
    language text NOT NULL DEFAULT 'en',
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The mapping a hotel used for one export shape (its set of headers).
CREATE TABLE column_mappings (
    hotel_id bigint NOT NULL REFERENCES hotels ON DELETE CASCADE,
    headers_key text NOT NULL,
    mapping jsonb NOT NULL,
    date_format text,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (hotel_id, headers_key)
);

CREATE TABLE import_batches (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hotel_id bigint NOT NULL REFERENCES hotels ON DELETE CASCADE,
    filename text NOT NULL,
    status text NOT NULL DEFAULT 'uploaded'
        CHECK (status IN ('uploaded', 'processing', 'completed', 'failed')),
    total_rows integer NOT NULL DEFAULT 0,
    mapping jsonb NOT NULL,
    -- encoding, delimiter, header line, headers and how dates are read
    file_format jsonb NOT NULL DEFAULT '{}',
    date_style text NOT NULL DEFAULT 'YMD',
    read_warnings jsonb NOT NULL DEFAULT '[]',
    blank_rows integer NOT NULL DEFAULT 0,
    pending_rows integer NOT NULL DEFAULT 0,
    notified_rows integer NOT NULL DEFAULT 0,
    completed_rows integer NOT NULL DEFAULT 0,
    failed_rows integer NOT NULL DEFAULT 0,
    skipped_rows integer NOT NULL DEFAULT 0,
    warned_rows integer NOT NULL DEFAULT 0,
    bookings_created integer NOT NULL DEFAULT 0,
    bookings_updated integer NOT NULL DEFAULT 0,
    bookings_unchanged integer NOT NULL DEFAULT 0,
    bookings_cancelled integer NOT NULL DEFAULT 0,
    links_whatsapp integer NOT NULL DEFAULT 0,
    links_email integer NOT NULL DEFAULT 0,
    error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    completed_at timestamptz
);

CREATE INDEX import_batches_hotel ON import_batches (hotel_id, id DESC);
CREATE INDEX import_batches_open ON import_batches (id)
    WHERE status IN ('uploaded', 'processing');

CREATE TABLE import_rows (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    batch_id bigint NOT NULL REFERENCES import_batches ON DELETE CASCADE,
    line_number integer NOT NULL,
    raw_data jsonb NOT NULL,
    parsed_data jsonb,
    status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'notified', 'skipped')),
    error text,
    warnings text[],
    processed_at timestamptz
);

-- Claims read pending rows of one batch in line order; pages list rows by status.
CREATE INDEX import_rows_batch_status ON import_rows (batch_id, status, line_number);

CREATE TABLE bookings (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hotel_id bigint NOT NULL REFERENCES hotels ON DELETE CASCADE,
    booking_reference text NOT NULL,
    guest_name text NOT NULL,
    phone text,
    email text,
    checkin_date date NOT NULL,
    checkout_date date NOT NULL,
    room text,
    guests integer,
    status text NOT NULL DEFAULT 'CONFIRMED'
        CHECK (status IN ('CONFIRMED', 'CANCELLED', 'NO_SHOW', 'CHECKED_IN')),
    precheckin_reminder1_sent_at timestamptz,
    precheckin_reminder2_sent_at timestamptz,
    precheckin_completed_at timestamptz,
    precheckin_answers jsonb,
    last_batch_id bigint REFERENCES import_batches ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- Two hotels may both have booking "1001", so the hotel is part of the key.
    UNIQUE (hotel_id, booking_reference),
    CHECK (checkout_date > checkin_date)
);

CREATE TABLE precheckin_tokens (
    booking_id bigint PRIMARY KEY REFERENCES bookings ON DELETE CASCADE,
    token text NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE notification_queue (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id bigint NOT NULL REFERENCES bookings ON DELETE CASCADE,
    hotel_id bigint NOT NULL REFERENCES hotels ON DELETE CASCADE,
    channel text NOT NULL CHECK (channel IN ('whatsapp', 'email')),
    template_code text NOT NULL
        CHECK (template_code IN ('precheckin_link', 'precheckin_reminder_1', 'precheckin_reminder_2')),
    status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'processing', 'sent', 'failed', 'cancelled')),
    retry_count integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_expires_at timestamptz,
    claimed_by text,
    last_error text,
    provider_message_id text,
    sent_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (booking_id, template_code, channel)
);

-- The sender's claim: due pending notifications, oldest first.
CREATE INDEX notification_queue_due ON notification_queue (next_attempt_at)
    WHERE status = 'pending';
-- Claims whose lease ran out, to be taken again.
CREATE INDEX notification_queue_leased ON notification_queue (lease_expires_at)
    WHERE status = 'processing';
CREATE INDEX notification_queue_hotel ON notification_queue (hotel_id, id DESC);
