"""Staff sign-in sessions: a browser trades an API key for a session cookie."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import psycopg
from psycopg.rows import class_row

from ..db.queries import query
from .keys import Principal, authenticate_key


@dataclass(frozen=True)
class Session:
    """A signed-in browser: the cookie secret and its anti-forgery token."""

    secret: str
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class SessionPrincipal:
    """The principal behind a session cookie and the session's anti-forgery token."""

    key_id: int
    admin: bool
    name: str
    hotel_code: str | None
    csrf_token: str

    def principal(self) -> Principal:
        """Return the API key principal the session acts for."""
        return Principal(self.key_id, self.admin, self.name, self.hotel_code)


def hash_secret(secret: str) -> bytes:
    """Return the SHA-256 digest under which a session is stored."""
    return hashlib.sha256(secret.encode("utf-8")).digest()


def start_session(
    conn: psycopg.Connection[Any], key: str, *, now: datetime, lifetime: timedelta
) -> tuple[Session, Principal] | None:
    """Open a session for a valid key; None when the key is unknown or revoked."""
    principal = authenticate_key(conn, key, now=now)
    if principal is None:
        return None
    session = Session(
        secrets.token_urlsafe(32), secrets.token_urlsafe(24), now + lifetime
    )
    params = {
        "session_hash": hash_secret(session.secret),
        "key_id": principal.key_id,
        "csrf_token": session.csrf_token,
        "now": now,
        "expires_at": session.expires_at,
    }
    conn.execute(query("auth", "delete_expired_sessions"), {"now": now})
    conn.execute(query("auth", "insert_session"), params)
    return session, principal


def find_session(
    conn: psycopg.Connection[Any], secret: str, *, now: datetime
) -> SessionPrincipal | None:
    """Return the principal of an unexpired session whose key is not revoked."""
    params = {"session_hash": hash_secret(secret), "now": now}
    with conn.cursor(row_factory=class_row(SessionPrincipal)) as cur:
        cur.execute(query("auth", "principal_by_session"), params)
        return cur.fetchone()


def end_session(conn: psycopg.Connection[Any], secret: str) -> None:
    """Delete a session so that its cookie no longer authenticates."""
    conn.execute(query("auth", "delete_session"), {"session_hash": hash_secret(secret)})
