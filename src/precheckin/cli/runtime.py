"""The database check that every command which needs the database runs first."""

from __future__ import annotations

import logging

from ..config import Settings, load_settings
from ..db.connection import Database, resolve_database
from ..db.migrations import require_current, upgrade
from .app import stderr

logger = logging.getLogger(__name__)


def open_database(settings: Settings | None = None) -> Database:
    """Find the database and make sure its schema is current.

    The embedded server is upgraded on the spot because precheckin owns it. A
    server named by DATABASE_URL is only checked, because its owner decides
    when its schema changes.
    """
    settings = settings or load_settings()
    database = resolve_database(settings)
    with database.connect(autocommit=True) as conn:
        if database.embedded:
            applied = upgrade(conn)
            if applied:
                stderr.print(
                    f"Upgraded the embedded database ({len(applied)} migrations)."
                )
        else:
            require_current(conn)
    stderr.print(f"Database: {database.location}", highlight=False)
    return database
