"""API keys: create, list, revoke, and authenticate a presented key."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import class_row, tuple_row

from ..db.queries import query
from ..errors import NotFound, PrecheckinError
from ..hotels import get_hotel

KEY_PREFIX = "pck_"
# Characters of a key shown in listings: "pck_" and 8 of the random part.
SHOWN_CHARS = 12


@dataclass(frozen=True)
class Principal:
    """The caller of a request: one API key and the hotels it reaches."""

    key_id: int
    admin: bool
    name: str
    hotel_code: str | None

    def reaches(self, hotel_code: str) -> bool:
        """Return whether this key may read and change the hotel's data."""
        return self.admin or self.hotel_code == hotel_code


@dataclass(frozen=True)
class ApiKeyInfo:
    """An API key as listed: everything but the key itself."""

    id: int
    hotel_code: str | None
    admin: bool
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def hash_key(key: str) -> bytes:
    """Return the SHA-256 digest under which a key is stored.

    A fast hash is enough because a key carries 256 random bits: no guess list
    can cover that space, so a slow password hash would add nothing.
    """
    return hashlib.sha256(key.encode("utf-8")).digest()


def new_key() -> str:
    """Return a new random API key."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def create_key(
    conn: psycopg.Connection[Any],
    *,
    hotel_code: str | None,
    admin: bool,
    name: str,
    now: datetime,
) -> tuple[int, str]:
    """Store a new key for a hotel (or every hotel when admin); return id and key.

    The key is returned once and only its hash is stored.
    """
    if hotel_code is None and not admin:
        raise PrecheckinError(
            "A key needs a hotel: pass --hotel CODE, or --admin for a key that "
            "reaches every hotel."
        )
    hotel_id = get_hotel(conn, hotel_code).id if hotel_code else None
    key = new_key()
    params = {
        "hotel_id": hotel_id,
        "admin": admin,
        "name": name.strip(),
        "prefix": key[:SHOWN_CHARS],
        "key_hash": hash_key(key),
        "now": now,
    }
    with conn.cursor(row_factory=tuple_row) as cur:
        row = cur.execute(query("auth", "insert_key"), params).fetchone()
    if row is None:
        raise PrecheckinError("The new API key was not stored; try again.")
    return int(row[0]), key


def list_keys(
    conn: psycopg.Connection[Any],
    *,
    hotel_code: str | None = None,
    include_revoked: bool = False,
) -> list[ApiKeyInfo]:
    """Return the keys, of one hotel when a code is given, oldest first."""
    hotel_id = get_hotel(conn, hotel_code).id if hotel_code else None
    params = {"hotel_id": hotel_id, "include_revoked": include_revoked}
    with conn.cursor(row_factory=class_row(ApiKeyInfo)) as cur:
        cur.execute(query("auth", "list_keys"), params)
        return cur.fetchall()


def revoke_key(conn: psycopg.Connection[Any], key_id: int, *, now: datetime) -> None:
    """Revoke a key; its requests and sign-in sessions stop working at once."""
    if conn.execute(query("auth", "revoke_key"), {"id": key_id, "now": now}).fetchone():
        return
    if conn.execute(query("auth", "key_exists"), {"id": key_id}).fetchone() is None:
        raise NotFound(
            f"No API key with id {key_id}; `precheckin keys list` shows them."
        )
    raise PrecheckinError(f"API key {key_id} is revoked already.")


def authenticate_key(
    conn: psycopg.Connection[Any], key: str, *, now: datetime
) -> Principal | None:
    """Return the principal of a valid, unrevoked key, or None."""
    with conn.cursor(row_factory=class_row(Principal)) as cur:
        cur.execute(query("auth", "principal_by_key"), {"key_hash": hash_key(key)})
        principal = cur.fetchone()
    if principal is not None:
        conn.execute(
            query("auth", "touch_key"), {"key_id": principal.key_id, "now": now}
        )
    return principal
