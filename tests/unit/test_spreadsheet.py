"""Neutralizing cells that a spreadsheet would run as formulas."""

import pytest

from precheckin.imports.spreadsheet import (
    neutralize_formula,
    neutralize_row,
    restore_formula,
)


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        pytest.param("=1+1", "'=1+1", id="equals"),
        pytest.param(
            '=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")', id="link"
        ),
        pytest.param("+4930123456", "'+4930123456", id="plus"),
        pytest.param("-2+3", "'-2+3", id="minus"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("\t=1", "'\t=1", id="tab"),
        pytest.param("\r=1", "'\r=1", id="carriage-return"),
        pytest.param("Anna Muster", "Anna Muster", id="name"),
        pytest.param("a=b", "a=b", id="inner-equals"),
        pytest.param("", "", id="empty"),
        pytest.param("'quoted", "'quoted", id="quote"),
    ],
)
def test_neutralize_formula(cell: str, safe: str) -> None:
    assert neutralize_formula(cell) == safe


def test_neutralize_row_every_cell() -> None:
    assert neutralize_row(["=1", "x", "@y"]) == ["'=1", "x", "'@y"]


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param("=1+1", id="equals"),
        pytest.param('=HYPERLINK("http://x","y")', id="link"),
        pytest.param("+4930123456", id="plus"),
        pytest.param("-5", id="minus"),
        pytest.param("@Anna", id="at"),
        pytest.param("\t=1", id="tab"),
        pytest.param("Anna Muster", id="name"),
        pytest.param("", id="empty"),
    ],
)
def test_restore_formula_undoes_neutralize(cell: str) -> None:
    assert restore_formula(neutralize_formula(cell)) == cell


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param("'quoted", id="quote-before-letter"),
        pytest.param("'", id="quote-alone"),
        pytest.param("O'Brien", id="inner-quote"),
    ],
)
def test_restore_formula_keeps_other_quotes(cell: str) -> None:
    assert restore_formula(cell) == cell
