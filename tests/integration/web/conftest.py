"""Fixtures of the web tests, shared with the browser tests."""

from tests.web_support import (  # noqa: F401  (fixtures)
    admin_key,
    berlin,
    berlin_client,
    client,
    clock,
    munich,
    munich_client,
    server,
)
