"""The Jinja2 templates of the pages and the filters they use."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi.templating import Jinja2Templates

from ..texts import date_with_weekday

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

# English names, so that dates read the same whatever the server's locale is.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


def long_date(value: date | None) -> str:
    """Format a date as "Tue 12 May 2026"."""
    if value is None:
        return ""
    weekday, month = WEEKDAYS[value.weekday()], MONTHS[value.month - 1]
    return f"{weekday} {value.day} {month} {value.year}"


def timestamp(value: datetime | None, timezone: str = "UTC") -> str:
    """Format a moment in a time zone, such as "2026-05-12 14:03"."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.filters["long_date"] = long_date
templates.env.filters["guest_date"] = date_with_weekday
templates.env.filters["timestamp"] = timestamp
