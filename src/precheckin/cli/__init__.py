"""The `precheckin` command line: one module per command group."""

from __future__ import annotations

from . import db_commands, demo, hotels, imports, keys, serve  # noqa: F401
from .app import app, main

__all__ = ["app", "main"]
