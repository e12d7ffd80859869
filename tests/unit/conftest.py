"""Fixtures of the unit tests."""

from tests.delivery_support import clock, fake  # noqa: F401
