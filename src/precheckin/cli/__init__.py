"""The `precheckin` command line: one module per command group."""

from __future__ import annotations

from .app import app, main
from . import db_commands, hotels, keys, serve  # noqa: F401  (each module registers its commands)

__all__ = ["app", "main"]
