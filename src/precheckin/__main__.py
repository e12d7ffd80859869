"""Run the CLI as `python -m precheckin`."""

from precheckin.cli import main

main()
