"""`precheckin hotels`: add and list hotels."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ..hotels import create_hotel, list_hotels, update_hotel
from .app import app, stdout
from .runtime import open_database

hotels_app = typer.Typer(help="Add and list hotels.", no_args_is_help=True)
app.add_typer(hotels_app, name="hotels")


@hotels_app.command("add")
def add_command(
    code: Annotated[
        str, typer.Argument(help="Short unique code, such as berlin-mitte.")
    ],
    name: Annotated[str, typer.Option(help="The hotel's name as guests know it.")],
    timezone: Annotated[
        str, typer.Option(help="IANA time zone, such as Europe/Berlin.")
    ],
    country: Annotated[
        str,
        typer.Option(help="ISO country code; the default for national phone numbers."),
    ],
    wa_phone_number_id: Annotated[
        str | None, typer.Option(help="WhatsApp Cloud API phone number id that sends.")
    ] = None,
    email_from: Annotated[
        str | None,
        typer.Option(help="Sender address of emails, such as stay@hotel.com."),
    ] = None,
    language: Annotated[
        str,
        typer.Option(help="Language of guest messages and pages: en, de, fr or es."),
    ] = "en",
) -> None:
    """Add a hotel."""
    database = open_database()
    with database.connect(autocommit=True) as conn:
        hotel = create_hotel(
            conn,
            code=code,
            name=name,
            timezone=timezone,
            country=country,
            wa_phone_number_id=wa_phone_number_id,
            email_from=email_from,
            language=language,
        )
    stdout.print(
        f"Added hotel {hotel.code} ({hotel.name}, {hotel.timezone}, {hotel.country})."
    )


@hotels_app.command("set")
def set_command(
    code: Annotated[str, typer.Argument(help="The hotel's code.")],
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    wa_phone_number_id: Annotated[
        str | None, typer.Option(help="WhatsApp Cloud API phone number id that sends.")
    ] = None,
    email_from: Annotated[
        str | None, typer.Option(help="Sender address of emails.")
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(help="Language of guest messages and pages: en, de, fr or es."),
    ] = None,
) -> None:
    """Change a hotel's name, senders or language; options left out keep their value."""
    database = open_database()
    with database.connect(autocommit=True) as conn:
        hotel = update_hotel(
            conn,
            code,
            wa_phone_number_id=wa_phone_number_id,
            email_from=email_from,
            name=name,
            language=language,
        )
    stdout.print(
        f"Hotel {hotel.code}: WhatsApp sender {hotel.wa_phone_number_id or 'none'},"
        f" email sender {hotel.email_from or 'none'}, language {hotel.language}."
    )


@hotels_app.command("list")
def list_command() -> None:
    """List the hotels."""
    database = open_database()
    with database.connect(autocommit=True) as conn:
        hotels = list_hotels(conn)
    table = Table(
        "code",
        "name",
        "time zone",
        "country",
        "language",
        "WhatsApp number id",
        "email from",
    )
    # The code is what users type, so it is never cut.
    table.columns[0].no_wrap = True
    table.columns[0].min_width = max((len(h.code) for h in hotels), default=4)
    for hotel in hotels:
        table.add_row(
            hotel.code,
            hotel.name,
            hotel.timezone,
            hotel.country,
            hotel.language,
            hotel.wa_phone_number_id or "",
            hotel.email_from or "",
        )
    stdout.print(table)
