"""An HTTP client that spreads requests over several small connection pools."""

from __future__ import annotations

import itertools
import math
from typing import Any

import httpx

# httpcore 1.0 scans every connection of a pool on each request and response,
# so its cost per request grows with the pool. Pools of this size keep it low.
# Upstream fix, not merged in 1.0.9: https://github.com/encode/httpcore/pull/1035
CONNECTIONS_PER_POOL = 8


class PooledClient:
    """Round-robin over httpx clients that together hold `max_connections`."""

    def __init__(self, *, timeout: float, max_connections: int) -> None:
        count = math.ceil(max_connections / CONNECTIONS_PER_POOL)
        per_pool = math.ceil(max_connections / count)
        limits = httpx.Limits(
            max_connections=per_pool, max_keepalive_connections=per_pool
        )
        self.clients = [
            httpx.AsyncClient(timeout=timeout, limits=limits) for _ in range(count)
        ]
        self.turn = itertools.cycle(self.clients)

    async def post(self, url: str, **kwargs: Any) -> httpx.Response:
        """Send a POST request through the next pool."""
        return await next(self.turn).post(url, **kwargs)

    async def aclose(self) -> None:
        """Close every pool."""
        for client in self.clients:
            await client.aclose()
