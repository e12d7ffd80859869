"""`precheckin hotels`: the language of a hotel's guest messages."""

from __future__ import annotations

from tests.acceptance.test_cli_import import run_cli


def add_args(*extra: str) -> list[str]:
    return [
        "hotels", "add", "lyon-centre", "--name", "Hôtel Centre",
        "--timezone", "Europe/Paris", "--country", "FR", *extra,
    ]  # fmt: skip


def test_add_with_language_lists_it(db_url: str) -> None:
    run_cli(db_url, *add_args("--language", "FR"))

    listing = run_cli(db_url, "hotels", "list").stdout

    assert "lyon-centre" in listing
    assert " fr " in listing


def test_add_rejects_unsupported_language(db_url: str) -> None:
    result = run_cli(db_url, *add_args("--language", "it"), check=False)

    assert result.returncode != 0
    assert "Unsupported language 'it': use one of en, de, fr, es." in result.stderr


def test_set_changes_language(db_url: str) -> None:
    run_cli(db_url, *add_args())

    result = run_cli(db_url, "hotels", "set", "lyon-centre", "--language", "es")

    assert "language es" in result.stdout
