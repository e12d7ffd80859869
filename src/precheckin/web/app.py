"""The app factory: one FastAPI app for the API, the staff pages and the guest page."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from .. import __version__
from ..db.connection import Database
from ..errors import PrecheckinError
from ..notifications import NotificationSettings
from .deps import Clock
from .errors import handle_precheckin_error
from .headers import SecurityHeaders
from .limits import BodyLimit
from .routes import (
    api_batches,
    api_bookings,
    api_imports,
    api_jobs,
    api_notifications,
    guest,
    health,
    pages_auth,
    pages_staff,
)
from .settings import WebSettings
from .templating import STATIC_DIR

DESCRIPTION = (
    "Upload a hotel's reservation export, follow its batch, and read its "
    "bookings and notifications. Every /api route takes an API key from "
    "`precheckin keys create` as `Authorization: Bearer KEY`."
)

UPLOAD_PATH_SUFFIXES = ("/imports", "/imports/preview")


def utc_now() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


def create_app(
    database: Database,
    settings: WebSettings | None = None,
    *,
    clock: Clock = utc_now,
    notifications: NotificationSettings | None = None,
) -> FastAPI:
    """Build the app on a database; the pool opens when the app starts.

    `notifications` configures the send job; without it the job reads the
    sender settings from the environment when it first runs.
    """
    settings = settings or WebSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Opening without waiting lets /healthz report a database that is down.
        pool = ConnectionPool(
            database.url,
            min_size=1,
            max_size=settings.db_pool_size,
            kwargs={"autocommit": True, "row_factory": dict_row},
            open=False,
            name="precheckin-web",
        )
        pool.open(wait=False)
        app.state.pool = pool
        try:
            yield
        finally:
            pool.close()

    app = FastAPI(
        title="precheckin",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.database = database
    app.state.settings = settings
    app.state.clock = clock
    app.state.notifications = notifications
    app.add_exception_handler(PrecheckinError, handle_precheckin_error)
    app.add_middleware(BodyLimit, limit_for=body_limits(settings))
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (
        health,
        api_imports,
        api_batches,
        api_bookings,
        api_notifications,
        api_jobs,
        pages_auth,
        pages_staff,
        guest,
    ):
        app.include_router(module.router)
    return app


def body_limits(settings: WebSettings) -> Callable[[str], int]:
    """Return the function that gives each path its maximum body size in bytes."""

    def limit_for(path: str) -> int:
        if path.endswith(UPLOAD_PATH_SUFFIXES):
            return settings.max_upload_bytes
        return settings.max_form_bytes

    return limit_for
