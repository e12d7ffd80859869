"""Staff pages of one hotel: batches, upload, one batch, and messages."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...auth.keys import Principal
from ...errors import Conflict
from ...hotels import Hotel
from ...staff.batches import batch_status, list_batches
from ...staff.notifications import (
    CHANNELS,
    STATUSES,
    TEMPLATES,
    NotificationFilter,
    cancel_notification,
    list_notifications,
    resend_notification,
)
from ..deps import Conn, CurrentPrincipal, Now, ScopedHotel
from ..templating import templates

router = APIRouter(prefix="/hotels/{hotel_code}", include_in_schema=False)

MESSAGES_PER_PAGE = 50
# Notices shown after a messages action; the query string carries only the key.
NOTICES = {
    "cancelled": "Notification {id} is cancelled and will not be sent.",
    "resent": "Notification {id} is queued again and goes out with the next send.",
    "conflict": "Notification {id} changed meanwhile, so nothing was done; "
    "its current status is shown below.",
}


def render(
    request: Request,
    template: str,
    principal: Principal,
    hotel: Hotel,
    **context: Any,
) -> Response:
    """Render a staff page with the header every staff page shares."""
    context |= {"principal": principal, "hotel": hotel}
    return templates.TemplateResponse(
        request, template, context, headers={"Cache-Control": "no-store"}
    )


@router.get("", response_class=HTMLResponse)
def batches_page(
    request: Request,
    conn: Conn,
    principal: CurrentPrincipal,
    hotel: ScopedHotel,
    before_id: int | None = None,
) -> Response:
    """List the hotel's uploads, newest first."""
    batches = list_batches(conn, hotel.id, before_id=before_id, limit=50)
    older = batches[-1].id if len(batches) == 50 else None
    return render(
        request, "batches.html", principal, hotel, batches=batches, older=older
    )


@router.get("/upload", response_class=HTMLResponse)
def upload_page(
    request: Request, principal: CurrentPrincipal, hotel: ScopedHotel
) -> Response:
    """Pick an export, check its mapping and preview, and import it."""
    return render(request, "upload.html", principal, hotel)


@router.get("/batches/{batch_id}", response_class=HTMLResponse)
def batch_page(
    request: Request,
    conn: Conn,
    principal: CurrentPrincipal,
    hotel: ScopedHotel,
    batch_id: int,
) -> Response:
    """Follow a batch until it is final, then list its failed rows."""
    batch = batch_status(conn, hotel.id, batch_id)
    return render(request, "batch.html", principal, hotel, batch=batch)


@router.get("/messages", response_class=HTMLResponse)
def messages_page(
    request: Request,
    conn: Conn,
    principal: CurrentPrincipal,
    hotel: ScopedHotel,
    status: str = "",
    channel: str = "",
    template_code: str = "",
    before_id: int | None = None,
    notice: str = "",
    id: int | None = None,
) -> Response:
    """List the hotel's notifications with filters; cancel or resend one."""
    where = NotificationFilter(
        status=status if status in STATUSES else None,
        channel=channel if channel in CHANNELS else None,
        template_code=template_code if template_code in TEMPLATES else None,
    )
    notifications = list_notifications(
        conn, hotel.id, where, before_id=before_id, limit=MESSAGES_PER_PAGE
    )
    filters = {k: v for k, v in vars(where).items() if v and k != "booking_id"}
    older = notifications[-1].id if len(notifications) == MESSAGES_PER_PAGE else None
    notice_text = NOTICES[notice].format(id=id) if notice in NOTICES else None
    return render(
        request,
        "messages.html",
        principal,
        hotel,
        notifications=notifications,
        filters=filters,
        query=urlencode(filters),
        older=older,
        notice=notice_text,
        options={"status": STATUSES, "channel": CHANNELS, "template_code": TEMPLATES},
    )


@router.post("/messages/{notification_id}/cancel")
def cancel_message(
    conn: Conn,
    now: Now,
    principal: CurrentPrincipal,
    hotel: ScopedHotel,
    notification_id: int,
    back: Annotated[str, Form()] = "",
) -> Response:
    """Cancel a pending notification, then return to the filtered list."""
    try:
        cancel_notification(conn, hotel.id, notification_id, now=now)
    except Conflict:
        return back_to_messages(hotel, back, "conflict", notification_id)
    return back_to_messages(hotel, back, "cancelled", notification_id)


@router.post("/messages/{notification_id}/resend")
def resend_message(
    conn: Conn,
    now: Now,
    principal: CurrentPrincipal,
    hotel: ScopedHotel,
    notification_id: int,
    back: Annotated[str, Form()] = "",
) -> Response:
    """Queue a failed notification again, then return to the filtered list."""
    try:
        resend_notification(conn, hotel.id, notification_id, now=now)
    except Conflict:
        return back_to_messages(hotel, back, "conflict", notification_id)
    return back_to_messages(hotel, back, "resent", notification_id)


def back_to_messages(
    hotel: Hotel, back: str, notice: str, notification_id: int
) -> Response:
    """Redirect to the messages page with its filters and a notice."""
    # Rebuilding the query from its pairs keeps `back` from leading anywhere else.
    query = dict(parse_qsl(back)) | {"notice": notice, "id": str(notification_id)}
    return RedirectResponse(
        f"/hotels/{hotel.code}/messages?{urlencode(query)}", status_code=303
    )
