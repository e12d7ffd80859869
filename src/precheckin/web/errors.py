"""Errors that only the web app raises, and the handler for every PrecheckinError."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ..errors import PrecheckinError
from .logs import route_path
from .templating import templates

logger = logging.getLogger(__name__)


class Unauthorized(PrecheckinError):
    """The request carries no valid API key or sign-in session."""

    http_status = 401


class Forbidden(PrecheckinError):
    """The API key is valid but may not do this, such as a hotel key calling a job."""

    http_status = 403


class PayloadTooLarge(PrecheckinError):
    """The request body is larger than the configured limit."""

    http_status = 413


class TooManyAttempts(PrecheckinError):
    """The client's address failed too often and must wait."""

    http_status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def is_api_request(request: Request) -> bool:
    """Return whether the request is for the JSON API rather than a page."""
    path = request.url.path
    return path.startswith("/api/") or path == "/healthz"


async def handle_precheckin_error(request: Request, error: Exception) -> Response:
    """Return an error as JSON for the API and as an HTML page for a browser."""
    if not isinstance(error, PrecheckinError):
        raise error
    # The route's template, not the path, so that a guest's token is never logged.
    route = route_path(request.scope.get("route"), "unmatched route")
    logger.info(
        "%s %s: %s %s",
        request.method,
        route,
        error.http_status,
        type(error).__name__,
        extra={"event": "request_rejected", "status": error.http_status},
    )
    headers = {}
    if isinstance(error, TooManyAttempts):
        headers["Retry-After"] = str(error.retry_after)
    if is_api_request(request):
        body = {"detail": str(error), "error": type(error).__name__}
        return JSONResponse(body, status_code=error.http_status, headers=headers)
    if isinstance(error, Unauthorized):
        target = quote(request.url.path, safe="/")
        return RedirectResponse(f"/signin?next={target}", status_code=303)
    return templates.TemplateResponse(
        request,
        "error.html",
        {"message": str(error), "status": error.http_status},
        status_code=error.http_status,
        headers=headers,
    )
