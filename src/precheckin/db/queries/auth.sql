-- name: insert_key
INSERT INTO api_keys (hotel_id, admin, name, prefix, key_hash, created_at)
VALUES (%(hotel_id)s, %(admin)s, %(name)s, %(prefix)s, %(key_hash)s, %(now)s)
RETURNING id

-- name: list_keys
SELECT k.id, h.code AS hotel_code, k.admin, k.name, k.prefix, k.created_at,
       k.last_used_at, k.revoked_at
FROM api_keys k
LEFT JOIN hotels h ON h.id = k.hotel_id
WHERE (%(hotel_id)s::bigint IS NULL OR k.hotel_id = %(hotel_id)s)
  AND (%(include_revoked)s OR k.revoked_at IS NULL)
ORDER BY k.id

-- name: revoke_key
UPDATE api_keys SET revoked_at = %(now)s
WHERE id = %(id)s AND revoked_at IS NULL
RETURNING id

-- name: key_exists
SELECT revoked_at FROM api_keys WHERE id = %(id)s

-- name: principal_by_key
SELECT k.id AS key_id, k.admin, k.name, h.code AS hotel_code
FROM api_keys k
LEFT JOIN hotels h ON h.id = k.hotel_id
WHERE k.key_hash = %(key_hash)s AND k.revoked_at IS NULL

-- name: touch_key
UPDATE api_keys SET last_used_at = %(now)s
WHERE id = %(key_id)s
  AND (last_used_at IS NULL OR last_used_at < %(now)s - interval '1 minute')

-- name: insert_session
INSERT INTO web_sessions (session_hash, api_key_id, csrf_token, created_at, expires_at)
VALUES (%(session_hash)s, %(key_id)s, %(csrf_token)s, %(now)s, %(expires_at)s)

-- name: principal_by_session
SELECT k.id AS key_id, k.admin, k.name, h.code AS hotel_code, s.csrf_token
FROM web_sessions s
JOIN api_keys k ON k.id = s.api_key_id
LEFT JOIN hotels h ON h.id = k.hotel_id
WHERE s.session_hash = %(session_hash)s
  AND s.expires_at > %(now)s
  AND k.revoked_at IS NULL

-- name: delete_session
DELETE FROM web_sessions WHERE session_hash = %(session_hash)s

-- name: delete_expired_sessions
DELETE FROM web_sessions WHERE expires_at <= %(now)s

-- name: recent_failures
SELECT failures, last_failed_at FROM failed_attempts
WHERE scope = %(scope)s AND address = %(address)s
  AND last_failed_at > %(now)s - %(window)s

-- name: record_failure
-- A failure after a quiet window starts the count again.
INSERT INTO failed_attempts AS f (scope, address, failures, first_failed_at, last_failed_at)
VALUES (%(scope)s, %(address)s, 1, %(now)s, %(now)s)
ON CONFLICT (scope, address) DO UPDATE SET
    failures = CASE WHEN f.last_failed_at <= %(now)s - %(window)s
                    THEN 1 ELSE f.failures + 1 END,
    first_failed_at = CASE WHEN f.last_failed_at <= %(now)s - %(window)s
                           THEN %(now)s ELSE f.first_failed_at END,
    last_failed_at = %(now)s
RETURNING failures

-- name: forget_old_failures
DELETE FROM failed_attempts WHERE last_failed_at <= %(now)s - %(window)s
