"""Run an ASGI app on 127.0.0.1 with uvicorn, in a thread or in the foreground."""

from __future__ import annotations

import socket
import sys
import threading
import time
from types import TracebackType

import uvicorn
from starlette.types import ASGIApp

HOST = "127.0.0.1"


def bind(port: int = 0) -> socket.socket:
    """Return a listening socket on 127.0.0.1; port 0 picks a free port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sock.listen(1024)
    return sock


def server_for(app: ASGIApp) -> uvicorn.Server:
    """Return a quiet uvicorn server for the app."""
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=1,
        backlog=1024,
    )
    return uvicorn.Server(config)


class ServerThread:
    """Serves an app on 127.0.0.1 from a background thread; use as a context manager."""

    def __init__(self, app: ASGIApp, port: int = 0) -> None:
        self.sock = bind(port)
        self.port: int = self.sock.getsockname()[1]
        self.url = f"http://{HOST}:{self.port}"
        self.server = server_for(app)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def start(self) -> ServerThread:
        """Start serving and wait until the server accepts requests."""
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"the fake provider did not start on {self.url}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def serve_forever(app: ASGIApp, port: int = 0) -> None:
    """Serve in the foreground and print the URL on standard output first."""
    sock = bind(port)
    print(
        f"fake provider listening on http://{HOST}:{sock.getsockname()[1]}", flush=True
    )
    try:
        server_for(app).run(sockets=[sock])
    except KeyboardInterrupt:
        sys.exit(0)
