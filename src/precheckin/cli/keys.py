"""`precheckin keys`: create, list and revoke API keys."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from ..auth.keys import create_key, list_keys, revoke_key
from .app import app, stderr, stdout
from .runtime import open_database

keys_app = typer.Typer(help="Create, list and revoke API keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


def when(moment: datetime | None) -> str:
    """Format a timestamp in UTC to the minute, or nothing."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if moment else ""


@keys_app.command("create")
def create_command(
    hotel: Annotated[
        str | None,
        typer.Option(help="Hotel code the key reaches; with --admin, opened first."),
    ] = None,
    admin: Annotated[
        bool, typer.Option("--admin", help="Reach every hotel and run jobs over HTTP.")
    ] = False,
    name: Annotated[
        str, typer.Option(help="A label, such as 'front desk' or 'PMS sync'.")
    ] = "",
) -> None:
    """Create an API key and print it once; only its hash is stored."""
    database = open_database()
    with database.connect(autocommit=True) as conn:
        key_id, key = create_key(
            conn, hotel_code=hotel, admin=admin, name=name, now=datetime.now(UTC)
        )
    reach = "every hotel" if admin else f"hotel {hotel}"
    stderr.print(
        f"Created API key {key_id} for {reach}. "
        "Store it now: it cannot be shown again.",
        highlight=False,
    )
    stdout.print(key, highlight=False, soft_wrap=True)


@keys_app.command("list")
def list_command(
    hotel: Annotated[str | None, typer.Option(help="Only this hotel's keys.")] = None,
    all_keys: Annotated[
        bool, typer.Option("--all", help="Include revoked keys.")
    ] = False,
) -> None:
    """List API keys (never the keys themselves, only their first characters)."""
    database = open_database()
    with database.connect(autocommit=True) as conn:
        keys = list_keys(conn, hotel_code=hotel, include_revoked=all_keys)
    table = Table("id")
    table.add_column("starts with", no_wrap=True)
    table.add_column("hotel", no_wrap=True)
    for heading in ("admin", "name", "created", "last used"):
        table.add_column(heading)
    if all_keys:
        table.add_column("revoked")
    for key in keys:
        cells = [
            str(key.id),
            key.prefix + "…",
            key.hotel_code or "",
            "yes" if key.admin else "",
            key.name,
            when(key.created_at),
            when(key.last_used_at),
        ]
        table.add_row(*cells, *([when(key.revoked_at)] if all_keys else []))
    stdout.print(table)


@keys_app.command("revoke")
def revoke_command(
    key_id: Annotated[
        int, typer.Argument(help="The key's id from `precheckin keys list`.")
    ],
) -> None:
    """Revoke an API key: its requests and browser sessions stop working at once."""
    database = open_database()
    with database.connect(autocommit=True) as conn:
        revoke_key(conn, key_id, now=datetime.now(UTC))
    stdout.print(f"Revoked API key {key_id}.")
