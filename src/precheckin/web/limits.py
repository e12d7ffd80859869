"""Reject request bodies over the configured size, before or while they arrive."""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(Exception):
    """Raised inside `receive` once a body passes its limit."""


class BodyLimit:
    """ASGI middleware that responds 413 to a body larger than its path's limit.

    A declared Content-Length over the limit is rejected before any of the
    body is read. A body without one is counted as it streams; once it passes
    the limit the app's own reply is dropped and 413 is sent instead.
    """

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        if declared_length(scope) > limit:
            await send_too_large(send, limit)
            return
        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                return
            started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded or started:
                raise
        if exceeded and not started:
            await send_too_large(send, limit)


def declared_length(scope: Scope) -> int:
    """Return the request's Content-Length, or 0 when absent or invalid."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0


async def send_too_large(send: Send, limit: int) -> None:
    """Send a 413 response in the API's JSON error shape."""
    body = json.dumps(
        {
            "detail": f"The request body is larger than the limit of {limit} bytes. "
            "Split the export, or raise PRECHECKIN_MAX_UPLOAD_BYTES for uploads "
            "and PRECHECKIN_MAX_FORM_BYTES for other requests.",
            "error": "PayloadTooLarge",
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
