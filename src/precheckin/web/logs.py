"""Keep guest tokens out of uvicorn's access log."""

from __future__ import annotations

import logging

GUEST_PREFIX = "/precheckin/"


class RedactGuestTokens(logging.Filter):
    """Replace the token in a logged guest-page path with "…".

    uvicorn's access log records carry the path as their third argument.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3:
            path = str(args[2])
            if path.startswith(GUEST_PREFIX):
                record.args = (*args[:2], GUEST_PREFIX + "…", *args[3:])
        return True


def route_path(scope_route: object, fallback: str) -> str:
    """Return a route's path template, such as /precheckin/{token}, for logging."""
    return str(getattr(scope_route, "path", fallback))
