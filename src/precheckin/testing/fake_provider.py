"""A fake WhatsApp Cloud API and Resend on 127.0.0.1, for tests and benchmarks.

It responds like the real APIs (bodies, status codes, Resend's idempotency
keys), records every request and accepted message, and injects faults on
request. Control it from Python (`FakeProvider`) or over HTTP under `/_fake/`:

- `POST /_fake/faults` `{"fault": {...}, "recipient": ..., "channel": ..., "count": N}`
- `DELETE /_fake/faults`, `POST /_fake/reset`
- `POST /_fake/latency` `{"seconds": 0.05}`
- `GET /_fake/requests`, `GET /_fake/deliveries`

Run it with `python -m precheckin.testing.fake_provider --port N`.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .fake_resend import resend_routes
from .fake_server import serve_forever
from .fake_state import FakeProvider
from .fake_whatsapp import whatsapp_routes
from .faults import Fault, Rule

__all__ = ["FakeProvider", "build_app", "main"]


def build_app(fake: FakeProvider) -> Starlette:
    """Return the ASGI application speaking both APIs and the control API."""
    return Starlette(
        routes=[*whatsapp_routes(fake), *resend_routes(fake), *control_routes(fake)]
    )


def control_routes(fake: FakeProvider) -> list[Route]:
    """Return the `/_fake/` routes that steer the fake over HTTP."""

    async def add_fault(request: Request) -> Response:
        data = await request.json()
        rule = Rule(
            Fault.from_dict(data["fault"]),
            recipient=data.get("recipient"),
            channel=data.get("channel"),
            remaining=data.get("count"),
        )
        with fake.lock:
            fake.rules.append(rule)
        return JSONResponse({"rules": len(fake.rules)})

    async def clear_faults(request: Request) -> Response:
        fake.clear_faults()
        return JSONResponse({"rules": 0})

    async def reset(request: Request) -> Response:
        fake.reset()
        return JSONResponse({"reset": True})

    async def latency(request: Request) -> Response:
        fake.set_latency(float((await request.json())["seconds"]))
        return JSONResponse({"latency": fake.latency})

    async def requests(request: Request) -> Response:
        with fake.lock:
            return JSONResponse([asdict(r) for r in fake.requests])

    async def deliveries(request: Request) -> Response:
        with fake.lock:
            return JSONResponse([asdict(d) for d in fake.deliveries])

    return [
        Route("/_fake/faults", add_fault, methods=["POST"]),
        Route("/_fake/faults", clear_faults, methods=["DELETE"]),
        Route("/_fake/reset", reset, methods=["POST"]),
        Route("/_fake/latency", latency, methods=["POST"]),
        Route("/_fake/requests", requests, methods=["GET"]),
        Route("/_fake/deliveries", deliveries, methods=["GET"]),
    ]


def main(argv: list[str] | None = None) -> None:
    """Run the fake on 127.0.0.1 until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds added to each response"
    )
    parser.add_argument("--whatsapp-token", help="the only WhatsApp token accepted")
    parser.add_argument("--resend-api-key", help="the only Resend API key accepted")
    args = parser.parse_args(argv)
    fake = FakeProvider(
        whatsapp_token=args.whatsapp_token,
        resend_api_key=args.resend_api_key,
        latency=args.latency,
    )
    serve_forever(build_app(fake), args.port)


if __name__ == "__main__":
    main()
