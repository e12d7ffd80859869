"""The fake's WhatsApp Cloud API: `POST /{version}/{phone number id}/messages`."""

from __future__ import annotations

import asyncio
import base64
import os
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .fake_state import Delivery, FakeProvider
from .faults import Fault, whatsapp_status

TITLES = {
    100: "Invalid parameter",
    130429: "Rate limit hit",
    131000: "Something went wrong",
    131026: "Message undeliverable",
    132000: "Number of parameters does not match the expected number of params",
    132001: "Template name does not exist in the translation",
    190: "Invalid OAuth access token",
}


def graph_error(
    code: int, status: int | None = None, headers: dict[str, str] | None = None
) -> Response:
    """Return a Graph API error response for a code."""
    title = TITLES.get(code, "Error")
    body = {
        "error": {
            "message": f"(#{code}) {title}",
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": title},
            "fbtrace_id": base64.urlsafe_b64encode(os.urandom(12)).decode(),
        }
    }
    return JSONResponse(
        body, status_code=status or whatsapp_status(code), headers=headers
    )


def message_id() -> str:
    """Return a message id shaped like the Cloud API's."""
    return "wamid." + base64.b64encode(os.urandom(24)).decode()


def invalid_body(body: Any) -> str | None:
    """Return what is missing from a template message body, or None."""
    if not isinstance(body, dict) or body.get("messaging_product") != "whatsapp":
        return "messaging_product must be whatsapp"
    if not body.get("to"):
        return "to is required"
    if body.get("type") != "template":
        return "type must be template"
    template = body.get("template")
    if not isinstance(template, dict) or not template.get("name"):
        return "template.name is required"
    language = template.get("language")
    if not isinstance(language, dict) or not language.get("code"):
        return "template.language.code is required"
    return None


def body_parameter_count(body: dict[str, Any]) -> int:
    """Return the number of body parameters of a template message."""
    for component in body["template"].get("components") or []:
        if component.get("type") == "body":
            return len(component.get("parameters") or [])
    return 0


def whatsapp_routes(fake: FakeProvider) -> list[Route]:
    """Return the routes of the fake Cloud API."""

    async def messages(request: Request) -> Response:
        body = await fake.record(request)
        if fake.whatsapp_token is not None:
            expected = f"Bearer {fake.whatsapp_token}"
            if request.headers.get("authorization") != expected:
                return graph_error(190)
        problem = invalid_body(body)
        if problem is not None:
            return graph_error(100)
        recipient = str(body["to"])
        fault = fake.take_fault("whatsapp", [recipient])
        if fault is not None and fault.kind != "slow":
            return await fault_response(fault, fake, body, recipient)
        if fault is not None:
            await asyncio.sleep(fault.seconds)
        template_error = check_template(fake, body)
        if template_error is not None:
            return graph_error(template_error)
        return accept(fake, body, recipient)

    return [
        Route(
            "/{version:str}/{phone_number_id:str}/messages", messages, methods=["POST"]
        )
    ]


def check_template(fake: FakeProvider, body: dict[str, Any]) -> int | None:
    """Return 132001 or 132000 when the template is unknown or its count is off."""
    if fake.templates is None:
        return None
    name = body["template"]["name"]
    if name not in fake.templates:
        return 132001
    if body_parameter_count(body) != fake.templates[name]:
        return 132000
    return None


def accept(fake: FakeProvider, body: dict[str, Any], recipient: str) -> Response:
    """Record a delivery and respond like the Cloud API does on success."""
    wamid = message_id()
    fake.deliver(Delivery("whatsapp", recipient, wamid, body))
    return JSONResponse(
        {
            "messaging_product": "whatsapp",
            "contacts": [{"input": recipient, "wa_id": recipient.lstrip("+")}],
            "messages": [{"id": wamid, "message_status": "accepted"}],
        }
    )


async def fault_response(
    fault: Fault, fake: FakeProvider, body: dict[str, Any], recipient: str
) -> Response:
    """Respond to a request that a fault rule picked."""
    if fault.kind == "error":
        return graph_error(int(fault.code or 131000))
    if fault.kind == "rate_limit":
        headers = {"retry-after": str(fault.retry_after)} if fault.retry_after else {}
        return graph_error(130429, headers=headers)
    if fault.kind == "server_error":
        return graph_error(131000 if fault.status == 500 else 2, fault.status)
    if fault.deliver:
        accept(fake, body, recipient)
    await asyncio.sleep(fault.seconds)
    return graph_error(131000, 504)
