"""The fake's Resend API: `POST /emails` and `POST /emails/batch`."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .fake_state import Delivery, FakeProvider, StoredKey, new_id
from .faults import Fault, resend_status

MESSAGES = {
    "missing_api_key": "Missing API key in the authorization header.",
    "invalid_api_key": "API key is invalid.",
    "rate_limit_exceeded": "Too many requests: 2 requests per second allowed.",
    "application_error": "An unexpected error occurred.",
    "service_unavailable": "The service is temporarily unavailable.",
    "invalid_idempotent_request": "Same idempotency key used with a different payload.",
    "concurrent_idempotent_requests": "Same idempotency key used while the first "
    "request is still in progress.",
    "invalid_idempotency_key": "The key must be between 1-256 chars.",
}


def resend_error(
    name: str,
    message: str | None = None,
    status: int | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """Return a Resend error response."""
    code = status or resend_status(name)
    body = {
        "statusCode": code,
        "name": name,
        "message": message or MESSAGES.get(name, name),
    }
    return JSONResponse(body, status_code=code, headers=headers)


def rate_limited(retry_after: int | None) -> Response:
    """Return Resend's 429 with its rate-limit headers."""
    wait = str(retry_after or 1)
    headers = {
        "retry-after": wait,
        "ratelimit-limit": "2",
        "ratelimit-remaining": "0",
        "ratelimit-reset": wait,
    }
    return resend_error("rate_limit_exceeded", headers=headers)


def invalid_email(item: Any) -> str | None:
    """Return why an email object is invalid, or None."""
    if not isinstance(item, dict):
        return "The email must be an object."
    for name in ("from", "to", "subject"):
        if not item.get(name):
            return f"Missing `{name}` field."
    if not item.get("html") and not item.get("text"):
        return "Missing `html` or `text` field."
    return None


def first_recipient(item: Any) -> str:
    """Return the first `to` address of an email object."""
    to = item.get("to") if isinstance(item, dict) else None
    if isinstance(to, list):
        return str(to[0]) if to else ""
    return str(to or "")


def auth_error(fake: FakeProvider, request: Request) -> Response | None:
    """Return Resend's response to a missing or wrong API key, or None."""
    header = request.headers.get("authorization", "")
    if not header.startswith("Bearer ") or not header[7:]:
        return resend_error("missing_api_key")
    if fake.resend_api_key is not None and header[7:] != fake.resend_api_key:
        return resend_error("invalid_api_key")
    return None


def resend_routes(fake: FakeProvider) -> list[Route]:
    """Return the routes of the fake Resend API."""

    async def single(request: Request) -> Response:
        return await handle(fake, request, batch=False)

    async def batch(request: Request) -> Response:
        return await handle(fake, request, batch=True)

    return [
        Route("/emails", single, methods=["POST"]),
        Route("/emails/batch", batch, methods=["POST"]),
    ]


async def handle(fake: FakeProvider, request: Request, *, batch: bool) -> Response:
    """Respond to a send request after the checks, idempotency and faults."""
    body = await fake.record(request)
    problem = auth_error(fake, request)
    if problem is not None:
        return problem
    items = body if batch else [body]
    if batch and (not isinstance(body, list) or not 1 <= len(body) <= 100):
        return resend_error("validation_error", "A batch holds 1 to 100 emails.", 422)

    key = request.headers.get("idempotency-key")
    if key is not None:
        if not 1 <= len(key) <= 256:
            return resend_error("invalid_idempotency_key")
        earlier = fake.begin_key(key, body)
        if isinstance(earlier, StoredKey):
            return JSONResponse(earlier.answer)
        if earlier is not None:
            return resend_error(earlier)

    response = await answer(fake, request, items, batch=batch, key=key)
    if response.status_code != 200:
        fake.drop_key(key)
    return response


async def answer(
    fake: FakeProvider,
    request: Request,
    items: list[Any],
    *,
    batch: bool,
    key: str | None,
) -> Response:
    """Respond to a request that passed the checks."""
    recipients = [first_recipient(item) for item in items]
    fault = fake.take_fault("email", recipients, batch=batch)
    if fault is not None and fault.kind != "slow":
        return await fault_response(fault, fake, items, batch=batch, key=key)
    if fault is not None:
        await asyncio.sleep(fault.seconds)
    item_errors = fake.take_item_errors(recipients) if batch else {}
    permissive = request.headers.get("x-batch-validation") == "permissive"
    result = accept(fake, items, key, item_errors, batch=batch, permissive=permissive)
    if isinstance(result, Response):
        return result
    fake.finish_key(key, result)
    return JSONResponse(result)


def accept(
    fake: FakeProvider,
    items: list[Any],
    key: str | None,
    item_errors: dict[int, Fault],
    *,
    batch: bool,
    permissive: bool,
) -> dict[str, Any] | Response:
    """Deliver the valid emails and build the success body, or reject the request."""
    errors: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        problem = invalid_email(item)
        if problem is None and index in item_errors:
            problem = MESSAGES.get(
                str(item_errors[index].code), str(item_errors[index].code)
            )
        if problem is not None:
            errors.append({"index": index, "message": problem})
    if errors and not (batch and permissive):
        return resend_error("validation_error", errors[0]["message"], 422)

    rejected = {error["index"] for error in errors}
    ids = []
    for index, item in enumerate(items):
        if index not in rejected:
            email_id = new_id()
            ids.append({"id": email_id})
            fake.deliver(Delivery("email", first_recipient(item), email_id, item, key))
    if not batch:
        return ids[0]
    return {"data": ids, "errors": errors} if permissive else {"data": ids}


async def fault_response(
    fault: Fault,
    fake: FakeProvider,
    items: list[Any],
    *,
    batch: bool,
    key: str | None,
) -> Response:
    """Respond to a request that a fault rule picked."""
    if fault.kind == "error":
        return resend_error(str(fault.code))
    if fault.kind == "rate_limit":
        return rate_limited(fault.retry_after)
    if fault.kind == "server_error":
        name = "application_error" if fault.status == 500 else "service_unavailable"
        return resend_error(name, status=fault.status)
    if fault.deliver:
        result = accept(fake, items, key, {}, batch=batch, permissive=True)
        if not isinstance(result, Response):
            fake.finish_key(key, result)
    await asyncio.sleep(fault.seconds)
    return resend_error("application_error", "Gateway timeout", 504)
