"""A batch's date style, stored as text in `import_batches.date_style`."""

from __future__ import annotations

from dataclasses import dataclass

from .dates import DateDecision, DateFormat, DateOrder, DateStyle

FORMAT_PREFIX = "format:"


@dataclass(frozen=True)
class BatchDates:
    """The date style of one batch and a sentence on how it was chosen."""

    style: DateStyle
    explanation: str

    def style_text(self) -> str:
        """Return the style as stored: an order such as DMY, or format:PATTERN."""
        if isinstance(self.style, DateFormat):
            return FORMAT_PREFIX + self.style.pattern
        return str(self.style)


def from_decision(decision: DateDecision) -> BatchDates:
    """Return the dates a detected order gives."""
    return BatchDates(decision.order, decision.explanation)


def from_format(pattern: str) -> BatchDates:
    """Return the dates an explicit --date-format gives."""
    return BatchDates(DateFormat(pattern), f"as given: --date-format {pattern}")


def style_from_text(text: str) -> DateStyle:
    """Read a stored style back."""
    if text.startswith(FORMAT_PREFIX):
        return DateFormat(text.removeprefix(FORMAT_PREFIX))
    return DateOrder(text)
