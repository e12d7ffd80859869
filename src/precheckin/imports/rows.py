"""Turn one staged row's raw cells into a validated row, with the batch's mapping."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .batches import BatchContext
from .date_styles import style_from_text
from .fields import Field
from .validation import FailedRow, RowContext, SkippedRow, ValidRow, validate_row


@dataclass(frozen=True)
class RowChecker:
    """Validates rows of one batch: which header feeds which field, and the context."""

    mapping: tuple[tuple[Field, str], ...]
    context: RowContext

    @classmethod
    def for_batch(cls, batch: BatchContext) -> RowChecker:
        """Build the checker for a batch's mapping, hotel country and date style."""
        mapping = tuple((Field(name), header) for name, header in batch.mapping.items())
        # With the mapping, a header row repeated below the first (as exports
        # printed page by page have) is skipped instead of failing.
        context = RowContext(
            country=batch.country,
            date_style=style_from_text(batch.date_style),
            mapping=dict(mapping),
        )
        return cls(mapping, context)

    def check(self, raw: Mapping[str, str]) -> ValidRow | FailedRow | SkippedRow:
        """Validate one row as read from the export."""
        values = {field: raw.get(header, "") for field, header in self.mapping}
        return validate_row(values, self.context)
