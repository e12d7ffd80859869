"""precheckin: hotel reservation exports in, pre-check-in links out."""

__version__ = "0.1.0"
