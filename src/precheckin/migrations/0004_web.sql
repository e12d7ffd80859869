-- API keys, staff sign-in sessions, failed-attempt counts, and guest token lookup.

-- A key reaches its hotel, or every hotel when `admin`. An admin key may still
-- name a hotel: the staff pages open that hotel first.
CREATE TABLE api_keys (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hotel_id bigint REFERENCES hotels ON DELETE CASCADE,
    admin boolean NOT NULL DEFAULT false,
    name text NOT NULL DEFAULT '',
    -- The first characters of the key, shown in listings to tell keys apart.
    prefix text NOT NULL,
    -- SHA-256 of the whole key; the key itself is never stored.
    key_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at timestamptz,
    CHECK (admin OR hotel_id IS NOT NULL)
);

CREATE INDEX api_keys_hotel ON api_keys (hotel_id);

-- A browser signed in with an API key. The cookie holds a random secret whose
-- SHA-256 is the primary key, so a copy of this table signs nobody in.
CREATE TABLE web_sessions (
    session_hash bytea PRIMARY KEY,
    api_key_id bigint NOT NULL REFERENCES api_keys ON DELETE CASCADE,
    csrf_token text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

-- Failed guest-link and sign-in attempts per client address, to slow guessing.
CREATE TABLE failed_attempts (
    scope text NOT NULL CHECK (scope IN ('guest_link', 'sign_in')),
    address text NOT NULL,
    failures integer NOT NULL,
    first_failed_at timestamptz NOT NULL,
    last_failed_at timestamptz NOT NULL,
    PRIMARY KEY (scope, address)
);

-- The guest page looks a token up by its SHA-256, so the time an index lookup
-- takes depends on the hash and tells nothing about how much of a guessed
-- token matched. convert_to is only STABLE because it depends on the
-- database's encoding, which never changes, so this wrapper may be IMMUTABLE.
CREATE FUNCTION token_sha256(token text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN sha256(convert_to(token, 'UTF8'));

-- Unique on the hash is unique on the token, so the plain unique index on
-- the token goes: one index less to write per new booking.
CREATE UNIQUE INDEX precheckin_tokens_sha256 ON precheckin_tokens (token_sha256(token));
ALTER TABLE precheckin_tokens DROP CONSTRAINT precheckin_tokens_token_key;
