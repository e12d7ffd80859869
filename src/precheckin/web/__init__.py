"""The HTTP side of precheckin: API, staff pages and the guest page in one app."""

from .app import create_app

__all__ = ["create_app"]
