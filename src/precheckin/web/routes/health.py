"""`/healthz`: whether the database is reachable and its schema is current."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import psycopg
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from psycopg_pool import ConnectionPool, PoolTimeout

from ...db.migrations import pending_migrations

logger = logging.getLogger(__name__)

router = APIRouter(tags=["health"])

# A health check must return quickly even when the database hangs.
CHECK_TIMEOUT_SECONDS = 3.0


@dataclass(frozen=True)
class Health:
    """The result of a health check: "ok", or "unavailable" with the reason."""

    status: str
    database: str
    schema: str
    detail: str | None = None


@router.get(
    "/healthz",
    response_model=Health,
    responses={503: {"model": Health, "description": "The database is unusable."}},
)
def healthz(request: Request) -> Health | JSONResponse:
    """Report whether the database is reachable and its schema is current."""
    pool: ConnectionPool = request.app.state.pool
    try:
        with pool.connection(timeout=CHECK_TIMEOUT_SECONDS) as conn:
            missing = pending_migrations(conn)
    except (PoolTimeout, psycopg.Error) as error:
        logger.warning("health check: database unreachable: %s", error)
        health = Health("unavailable", "unreachable", "unknown", str(error))
        return JSONResponse(health.__dict__, status_code=503)
    if missing:
        names = ", ".join(f"{m.version:04d}_{m.name}" for m in missing)
        detail = f"missing migrations {names}; run `precheckin db upgrade`"
        health = Health("unavailable", "reachable", "outdated", detail)
        return JSONResponse(health.__dict__, status_code=503)
    return Health("ok", "reachable", "current")
