"""The `precheckin` command line: one module per command group."""

from __future__ import annotations

from . import (  # noqa: F401  (each registers commands)
    db_commands,
    demo,
    hotels,
    imports,
    keys,
    remind,
    send,
    serve,
    worker,
)
from .app import app, main

__all__ = ["app", "main"]
