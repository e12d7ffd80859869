"""Staff sign-in and sign-out, and the start page that leads to a hotel."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...auth.sessions import end_session, start_session
from ...auth.throttle import record_failure, retry_after
from ...hotels import list_hotels
from ..deps import SESSION_COOKIE, ClientAddress, Conn, CurrentPrincipal, Now, Settings
from ..errors import TooManyAttempts
from ..templating import templates

router = APIRouter(include_in_schema=False)


def safe_next(target: str) -> str:
    """Return a local path to go to after sign-in; anything else becomes "/"."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request, next: str = "/") -> Response:
    """Show the sign-in form."""
    context = {"next": safe_next(next), "problem": None}
    return templates.TemplateResponse(request, "signin.html", context)


@router.post("/signin", response_class=HTMLResponse)
def signin(
    request: Request,
    conn: Conn,
    settings: Settings,
    address: ClientAddress,
    now: Now,
    api_key: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Trade an API key for a session cookie."""
    wait = retry_after(conn, settings.throttle, "sign_in", address, now=now)
    if wait:
        raise TooManyAttempts(
            f"Too many failed sign-ins from this address; wait {wait} seconds.",
            retry_after=wait,
        )
    started = start_session(
        conn, api_key.strip(), now=now, lifetime=settings.session_lifetime
    )
    if started is None:
        record_failure(conn, settings.throttle, "sign_in", address, now=now)
        context = {
            "next": safe_next(next),
            "problem": "This API key is unknown or revoked. Check it, or ask for a "
            "new one (`precheckin keys create`).",
        }
        return templates.TemplateResponse(
            request, "signin.html", context, status_code=401
        )
    session, _ = started
    response = RedirectResponse(safe_next(next), status_code=303)
    secure = settings.cookie_secure
    response.set_cookie(
        SESSION_COOKIE,
        session.secret,
        max_age=int(settings.session_lifetime.total_seconds()),
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https" if secure is None else secure,
    )
    return response


@router.post("/signout")
def signout(request: Request, conn: Conn, principal: CurrentPrincipal) -> Response:
    """End the browser's session."""
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        end_session(conn, secret)
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
def start_page(principal: CurrentPrincipal) -> Response:
    """Open the key's hotel, or the list of hotels for an admin key without one."""
    target = f"/hotels/{principal.hotel_code}" if principal.hotel_code else "/hotels"
    return RedirectResponse(target, status_code=303)


@router.get("/hotels", response_class=HTMLResponse)
def hotels_page(request: Request, conn: Conn, principal: CurrentPrincipal) -> Response:
    """List the hotels the key reaches."""
    hotels = [hotel for hotel in list_hotels(conn) if principal.reaches(hotel.code)]
    context = {"hotels": hotels, "principal": principal, "hotel": None}
    return templates.TemplateResponse(request, "hotels.html", context)
