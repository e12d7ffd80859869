"""`/healthz` and the OpenAPI document."""

from __future__ import annotations

from typing import Any

import httpx
import psycopg
import pytest

from precheckin.db.connection import Database
from precheckin.web import create_app
from tests.web_support import HotelWithKey, LiveServer

IDS = {"batch_id": 999999, "booking_id": 999999, "notification_id": 999999}
REQUIRED_QUERY = {"reference": "none"}


def test_healthz_ok(client: httpx.Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "reachable",
        "schema": "current",
        "detail": None,
    }


def test_healthz_outdated_schema(
    client: httpx.Client, conn: psycopg.Connection[Any]
) -> None:
    conn.execute("DELETE FROM schema_migrations WHERE version = 4")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["schema"] == "outdated"
    assert "precheckin db upgrade" in response.json()["detail"]


def test_healthz_database_down() -> None:
    # Port 9 (discard) on loopback has no PostgreSQL, so every connection fails.
    database = Database("postgresql://nobody@127.0.0.1:9/none", False, "nowhere")
    with LiveServer(create_app(database)) as live:
        response = httpx.get(f"{live.url}/healthz", timeout=30)

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_openapi_paths_all_routed(
    berlin_client: httpx.Client, berlin: HotelWithKey
) -> None:
    document = berlin_client.get("/openapi.json").json()
    operations = [
        (method, path.format(hotel_code="berlin-mitte", **IDS))
        for path, item in document["paths"].items()
        for method in item
    ]

    answers = {
        (method, path): berlin_client.request(method, path, params=REQUIRED_QUERY)
        for method, path in operations
    }

    # A route that matched responds with its own status; an unrouted path gets
    # Starlette's bare 404 or 405, without the "error" field of our handler.
    unrouted = [
        operation
        for operation, response in answers.items()
        if response.status_code == 405
        or (response.status_code == 404 and "error" not in response.json())
    ]
    assert len(operations) >= 10
    assert unrouted == []


def test_openapi_routes_need_api_key(client: httpx.Client) -> None:
    document = client.get("/openapi.json").json()

    unsecured = [
        path
        for path, item in document["paths"].items()
        for operation in item.values()
        if path.startswith("/api/")
        and {"ApiKey": []} not in operation.get("security", [])
    ]

    assert document["components"]["securitySchemes"]["ApiKey"]["scheme"] == "bearer"
    assert unsecured == []


def test_openapi_operations_have_summaries(client: httpx.Client) -> None:
    document = client.get("/openapi.json").json()

    missing = [
        path
        for path, item in document["paths"].items()
        for operation in item.values()
        if not operation.get("description")
    ]

    assert missing == []


@pytest.mark.parametrize(
    ("path", "policy"),
    [
        pytest.param("/signin", True, id="page"),
        pytest.param("/healthz", True, id="api"),
        pytest.param("/docs", False, id="swagger-ui"),
    ],
)
def test_security_headers_on_responses(
    client: httpx.Client, path: str, policy: bool
) -> None:
    response = client.get(path)

    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert ("content-security-policy" in response.headers) is policy
