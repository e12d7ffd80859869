"""`precheckin demo`: import the bundled sample export, write its links to an outbox."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from ..config import load_settings
from ..errors import NotFound
from ..hotels import create_hotel, get_hotel
from ..imports.staging import stage_export
from ..imports.summary import batch_summary
from ..notifications import send_due
from .app import app, stderr, stdout
from .imports import run_batch, utc_now
from .runtime import open_database
from .send import read_settings, summary_table
from .summary_view import print_summary

DEMO_HOTEL = "demo-hotel"
# Address of the guest page under `precheckin serve`'s defaults, so that the
# links in the outbox open.
DEMO_PUBLIC_URL = "http://127.0.0.1:8000/precheckin/"


@app.command("demo")
def demo_command(
    outbox: Annotated[
        Path, typer.Option(help="Folder where the links are written instead of sent.")
    ] = Path("outbox"),
) -> None:
    """Import the bundled sample for a demo hotel and write its links to an outbox."""
    settings = load_settings()
    database = open_database(settings)
    with database.connect(autocommit=True) as conn:
        try:
            hotel = get_hotel(conn, DEMO_HOTEL)
        except NotFound:
            hotel = create_hotel(
                conn,
                code=DEMO_HOTEL,
                name="Demo Hotel Berlin",
                timezone="Europe/Berlin",
                country="DE",
                wa_phone_number_id="100000000000001",
                email_from="frontdesk@example.com",
            )
            stderr.print(f"Added hotel {DEMO_HOTEL}.")
        sample = resources.files("precheckin.samples") / "reservations.csv"
        with sample.open("rb") as stream:
            staged = stage_export(conn, hotel, stream, filename="reservations.csv")
    run_batch(database, staged.batch_id, staged.total_rows, settings.process_set_size)
    with database.connect(autocommit=True) as conn:
        print_summary(stdout, batch_summary(conn, staged.batch_id))

    # The demo writes links to a folder and never calls a provider.
    sender = read_settings(outbox)
    if sender.public_url is None:
        sender = sender.model_copy(update={"public_url": DEMO_PUBLIC_URL})
    report = send_due(database, sender, now=utc_now)
    stdout.print(summary_table(report))
    stdout.print(f"Messages written to {outbox.resolve()}")
