"""Test support shipped with the package: the fake provider server."""
