"""`precheckin serve`: run the API, staff pages and guest page under uvicorn."""

from __future__ import annotations

import logging
import signal
from types import FrameType
from typing import Annotated

import typer

from .app import app, stderr
from .runtime import open_database


@app.command("serve")
def serve_command(
    host: Annotated[
        str, typer.Option(envvar="PRECHECKIN_HOST", help="Address to listen on.")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(envvar="PRECHECKIN_PORT", help="TCP port.")
    ] = 8000,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            envvar="PRECHECKIN_FORWARDED_ALLOW_IPS",
            help="Proxy addresses whose X-Forwarded-For and -Proto headers are "
            "trusted, comma-separated; needed behind a reverse proxy so that "
            "failed attempts are counted per client.",
        ),
    ] = None,
) -> None:
    """Serve the HTTP API, the staff pages and the guest pre-check-in page."""
    # Imported here so that other commands start without loading the web stack.
    import uvicorn

    from ..web import create_app
    from ..web.logs import RedactGuestTokens
    from ..web.settings import WebSettings

    database = open_database()
    settings = WebSettings()
    logging.getLogger("precheckin").setLevel(logging.INFO)
    stderr.print(
        f"Serving on http://{host}:{port}/ (OpenAPI at /docs)", highlight=False
    )
    config = uvicorn.Config(
        create_app(database, settings),
        host=host,
        port=port,
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="info",
    )
    # After Config, which sets up uvicorn's loggers, so the filter stays.
    logging.getLogger("uvicorn.access").addFilter(RedactGuestTokens())

    # uvicorn shuts down on SIGTERM or SIGINT and then raises the signal again
    # with the handler that was in place before it started. Exiting normally
    # there runs the exit hooks, which stop the embedded PostgreSQL; the
    # default handlers would kill the process and leave that server running.
    for stop_signal in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop_signal, exit_after_stop)
    uvicorn.Server(config).run()


def exit_after_stop(signum: int, frame: FrameType | None) -> None:
    """Exit with 0 after uvicorn has shut down on a stop signal."""
    raise SystemExit(0)
