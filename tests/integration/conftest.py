"""Fixtures of the integration tests."""

from tests.delivery_support import clock, fake  # noqa: F401
