"""Named SQL queries kept in `db/queries/*.sql`, loaded once per process.

A file holds blocks that each start with a line `-- name: NAME`; the block's
text up to the next such line is the query.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

NAME_LINE = re.compile(r"^-- name: ([a-z_][a-z0-9_]*)\s*$", re.MULTILINE)


def parse_queries(text: str) -> dict[str, str]:
    """Split a .sql file's text into its named queries."""
    parts = NAME_LINE.split(text)
    return {
        name: body.strip() for name, body in zip(parts[1::2], parts[2::2], strict=True)
    }


@cache
def load_queries(module: str) -> dict[str, str]:
    """Return the queries of `db/queries/<module>.sql`."""
    text = (resources.files("precheckin.db") / "queries" / f"{module}.sql").read_text(
        encoding="utf-8"
    )
    return parse_queries(text)


def query(module: str, name: str) -> str:
    """Return one named query; a KeyError names a query that does not exist."""
    return load_queries(module)[name]
