"""Request dependencies: database connection, clock, the caller, and its hotel."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Annotated, Any

import psycopg
from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from psycopg_pool import ConnectionPool

from ..auth.keys import Principal, authenticate_key
from ..auth.sessions import find_session
from ..errors import NotFound
from ..hotels import Hotel, get_hotel
from .errors import Forbidden, Unauthorized
from .settings import WebSettings

Clock = Callable[[], datetime]

SESSION_COOKIE = "precheckin_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="An API key from `precheckin keys create`, sent as a bearer token.",
)


def get_conn(request: Request) -> Iterator[psycopg.Connection[Any]]:
    """Lend a pooled autocommit connection for the length of the request."""
    pool: ConnectionPool = request.app.state.pool
    with pool.connection() as conn:
        yield conn


def current_time(request: Request) -> datetime:
    """Return the app's clock reading; tests set the clock."""
    clock: Clock = request.app.state.clock
    return clock()


def get_settings(request: Request) -> WebSettings:
    """Return the app's web settings."""
    settings: WebSettings = request.app.state.settings
    return settings


def client_address(request: Request) -> str:
    """Return the client's address, as uvicorn reports it after proxy headers."""
    return request.client.host if request.client else "unknown"


Conn = Annotated[psycopg.Connection[Any], Depends(get_conn)]
Now = Annotated[datetime, Depends(current_time)]
Settings = Annotated[WebSettings, Depends(get_settings)]
ClientAddress = Annotated[str, Depends(client_address)]


async def submitted_csrf_token(request: Request) -> str | None:
    """Return the anti-forgery token from the X-CSRF-Token header or a form field."""
    header = request.headers.get(CSRF_HEADER)
    if header or request.method not in UNSAFE_METHODS:
        return header
    if not request.headers.get("content-type", "").startswith(FORM_TYPES):
        return None
    # Starlette keeps the parsed form, so the route reads it without a second parse.
    value = (await request.form()).get(CSRF_FIELD)
    return value if isinstance(value, str) else None


def get_principal(
    request: Request,
    conn: Conn,
    now: Now,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    csrf_token: Annotated[str | None, Depends(submitted_csrf_token)],
) -> Principal:
    """Return who the request acts for: a bearer API key, or a signed-in browser.

    A browser's unsafe requests must also carry the session's anti-forgery
    token, so that another site cannot submit forms in the clerk's name.
    """
    if credentials is not None:
        principal = authenticate_key(conn, credentials.credentials, now=now)
        if principal is None:
            raise Unauthorized(
                "The API key is unknown or revoked; create one with "
                "`precheckin keys create --hotel CODE`."
            )
        return principal
    secret = request.cookies.get(SESSION_COOKIE)
    session = find_session(conn, secret, now=now) if secret else None
    if session is None:
        raise Unauthorized(
            "No API key: send one as `Authorization: Bearer KEY` or sign in at /signin."
        )
    forged = not (csrf_token and hmac.compare_digest(csrf_token, session.csrf_token))
    if request.method in UNSAFE_METHODS and forged:
        raise Forbidden(
            "The form is out of date or from another site; reload the page."
        )
    request.state.csrf_token = session.csrf_token
    return session.principal()


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def get_scoped_hotel(
    hotel_code: Annotated[
        str, Path(description="The hotel code, such as berlin-mitte.")
    ],
    principal: CurrentPrincipal,
    conn: Conn,
) -> Hotel:
    """Return the hotel in the path when the caller's key reaches it.

    Another hotel's code reads as not found, just like a code that does not
    exist, so a key cannot probe which hotels there are.
    """
    not_found = NotFound(f"No hotel {hotel_code!r} for this API key.")
    if not principal.reaches(hotel_code):
        raise not_found
    try:
        return get_hotel(conn, hotel_code)
    except NotFound:
        raise not_found from None


ScopedHotel = Annotated[Hotel, Depends(get_scoped_hotel)]


def require_admin(principal: CurrentPrincipal) -> Principal:
    """Return the principal of an admin key; raise Forbidden for a hotel key."""
    if not principal.admin:
        raise Forbidden(
            "This needs an admin API key: `precheckin keys create --admin`."
        )
    return principal


AdminPrincipal = Annotated[Principal, Depends(require_admin)]
