"""The guest page: open a pre-check-in link on a phone and answer three questions."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...auth.throttle import record_failure, retry_after
from ...guest.answers import InvalidAnswers, parse_answers, store_answers
from ...guest.links import GuestLink, LinkState, find_link
from ...texts import DEFAULT_LANGUAGE, LANGUAGES, preferred_language, texts
from ..deps import ClientAddress, Conn, Now, Settings
from ..errors import TooManyAttempts
from ..templating import templates

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

# Pages for links that lead nowhere usable, with their HTTP status.
CLOSED_PAGES = {
    LinkState.EXPIRED: 410,
    LinkState.REVOKED: 410,
    LinkState.CANCELLED: 410,
    LinkState.CHECKED_IN: 200,
}
NO_STORE = {"Cache-Control": "no-store"}


def open_link(
    conn: Conn, settings: Settings, address: str, now: Now, token: str
) -> GuestLink | None:
    """Return the token's link, counting a miss against the client's address.

    An address that missed too often waits before its next lookup, so guessing
    tokens gets slower with every miss.
    """
    policy = settings.throttle
    wait = retry_after(conn, policy, "guest_link", address, now=now)
    if wait:
        raise TooManyAttempts(
            f"Too many links that did not work from your network. Please wait "
            f"{wait} seconds, then open the link from your message again.",
            retry_after=wait,
        )
    link = find_link(conn, token)
    if link is None:
        record_failure(conn, policy, "guest_link", address, now=now)
    return link


@router.get("/precheckin/{token}", response_class=HTMLResponse)
def guest_page(
    request: Request,
    conn: Conn,
    settings: Settings,
    address: ClientAddress,
    now: Now,
    token: str,
    edit: bool = False,
) -> Response:
    """Show the guest's booking and the pre-check-in form."""
    link = open_link(conn, settings, address, now, token)
    return render_link(request, link, now, edit=edit)


@router.post("/precheckin/{token}", response_class=HTMLResponse)
def guest_submit(
    request: Request,
    conn: Conn,
    settings: Settings,
    address: ClientAddress,
    now: Now,
    token: str,
    arrival_time: Annotated[str, Form()] = "",
    guests: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Store the guest's answers and mark pre-check-in complete."""
    link = open_link(conn, settings, address, now, token)
    if link is None or link.state(now) not in (LinkState.OPEN, LinkState.COMPLETED):
        return render_link(request, link, now, edit=False)
    try:
        answers = parse_answers(
            arrival_time, guests, note, language=link.hotel_language
        )
    except InvalidAnswers as error:
        values = {"arrival_time": arrival_time, "guests": guests, "note": note}
        return render_form(request, link, values, error.problems, status_code=422)
    store_answers(conn, link.booking_id, answers, now=now)
    return RedirectResponse(request.url.path, status_code=303, headers=NO_STORE)


def render_link(
    request: Request, link: GuestLink | None, now: Now, *, edit: bool
) -> Response:
    """Render the page the link's state calls for, in the hotel's language.

    A token that matches no booking has no hotel, so its page takes the
    browser's preferred language.
    """
    if link is None:
        language = preferred_language(request.headers.get("accept-language"), LANGUAGES)
        return page(request, "guest_closed.html", {"state": "unknown"}, 404, language)
    language = link.hotel_language
    state = link.state(now)
    if state in CLOSED_PAGES:
        context = {"state": state.value, "hotel_name": link.hotel_name}
        return page(
            request, "guest_closed.html", context, CLOSED_PAGES[state], language
        )
    if state is LinkState.COMPLETED and not edit:
        return page(request, "guest_done.html", {"link": link}, 200, language)
    return render_form(request, link, initial_values(link), {}, status_code=200)


def initial_values(link: GuestLink) -> dict[str, str]:
    """Return the form's values: earlier answers, else the booking's values."""
    answers = link.precheckin_answers or {}
    guests = answers.get("guests") or link.guests or ""
    return {
        "arrival_time": str(answers.get("arrival_time") or ""),
        "guests": str(guests),
        "note": str(answers.get("note") or ""),
    }


def render_form(
    request: Request,
    link: GuestLink,
    values: dict[str, str],
    problems: dict[str, str],
    *,
    status_code: int,
) -> Response:
    """Render the pre-check-in form with its values and any problems."""
    context = {"link": link, "values": values, "problems": problems}
    return page(request, "guest_form.html", context, status_code, link.hotel_language)


def page(
    request: Request,
    template: str,
    context: Mapping[str, object],
    status_code: int,
    language: str,
) -> Response:
    """Render a guest template in a language, for no cache to keep."""
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    full_context = {**context, "lang": language, "t": texts(language)["guest"]}
    return templates.TemplateResponse(
        request, template, full_context, status_code=status_code, headers=NO_STORE
    )
