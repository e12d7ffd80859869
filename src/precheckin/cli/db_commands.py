"""`precheckin db`: schema upgrades."""

from __future__ import annotations

import typer

from ..config import load_settings
from ..db.connection import resolve_database
from ..db.migrations import upgrade
from .app import app, stderr, stdout

db_app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def upgrade_command() -> None:
    """Apply the schema migrations the database lacks; safe to run again."""
    database = resolve_database(load_settings())
    stderr.print(f"Database: {database.location}", highlight=False)
    with database.connect(autocommit=True) as conn:
        applied = upgrade(conn)
    if not applied:
        stdout.print("The schema is current; nothing to apply.")
    for migration in applied:
        stdout.print(f"applied {migration.version:04d}_{migration.name}")
