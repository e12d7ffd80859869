"""`precheckin import --wait` on a messy export: the summary it prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.acceptance.test_cli_import import run_cli
from tests.messy_support import lines

# A German report saved by Excel: Windows-1252, semicolons, two title lines, a
# blank row, a footer, dates that the hotel's country settles, a phone in
# scientific notation and a row without a guest name.
MESSY = lines(
    "Reservierungen April 2027;;;;;;",
    "Gedruckt am 01.03.2027 09:14;;;;;;",
    ";;;;;;",
    "Reservierungsnr.;Gast;Telefon;E-Mail;Anreise;Abreise;Zimmer",
    "B1;Jürgen Müßig;0151 23456789;;03.04.2027;05.04.2027;12",
    "B2;Renée O’Brien;4.47791E+11;renee@example.com;04.04.2027;06.04.2027;14",
    "B3;;;ida@example.com;05.04.2027;07.04.2027;15",
    "B4;Zoë Weiß;;zoe@example.org;06.04.2027;08.04.2027;16",
    ";;;;;;",
    "Summe: 4 Reservierungen;;;;;;",
).encode("cp1252")

SCIENTIFIC_WARNING = (
    "phone '4.47791E+11' lost its last digits in a spreadsheet (scientific "
    "notation); left empty. Export the column as text."
)


@pytest.fixture
def hotel(db_url: str) -> str:
    run_cli(
        db_url,
        "hotels", "add", "berlin-mitte", "--name", "Hotel Berlin Mitte",
        "--timezone", "Europe/Berlin", "--country", "DE",
        "--wa-phone-number-id", "1055", "--email-from", "stay@example.com",
    )  # fmt: skip
    return "berlin-mitte"


@pytest.fixture
def messy_export(tmp_path: Path) -> Path:
    path = tmp_path / "Reservierungen April.csv"
    path.write_bytes(MESSY)
    return path


def test_messy_import_json_summary(db_url: str, hotel: str, messy_export: Path) -> None:
    result = run_cli(
        db_url, "import", str(messy_export), "--hotel", hotel, "--wait", "--json"
    )
    summary = json.loads(result.stdout)

    assert summary["format"]["encoding"] == "windows-1252"
    assert summary["format"]["delimiter"] == ";"
    assert summary["format"]["header_line"] == 4
    assert summary["format"]["date_order"] == (
        "day first, the usual order in the hotel's country, because no date "
        "shows the order (such as 03.04.2027)"
    )
    assert summary["rows"]["total"] == 6
    assert summary["rows"]["valid"] == 3
    assert summary["rows"]["failed"] == 1
    assert summary["rows"]["skipped"] == 2
    assert summary["rows"]["warned"] == 1
    assert summary["failed_rows"] == [
        {"line_number": 7, "message": "guest name is missing"}
    ]
    assert summary["warnings"] == [{"line_number": 6, "message": SCIENTIFIC_WARNING}]
    assert summary["links"] == {"whatsapp": 1, "email": 2}


def test_messy_import_table_summary(
    db_url: str, hotel: str, messy_export: Path
) -> None:
    result = run_cli(db_url, "import", str(messy_export), "--hotel", hotel, "--wait")
    table = {
        cells[0]: cells[1]
        for line in result.stdout.splitlines()
        if len(cells := [cell.strip() for cell in line.split("│")[1:-1]]) == 2
    }

    assert table["encoding"] == "windows-1252"
    assert table["delimiter"] == "semicolon"
    assert table["header row"] == "4"
    assert table["dates"].startswith("day first, the usual order in the hotel's")
    assert table["rows valid"] == "3"
    assert table["rows failed"] == "1"
    assert table["rows skipped"] == "2"
    assert table["rows warned"] == "1"
    assert table["7"] == "guest name is missing"
    assert table["6"] == SCIENTIFIC_WARNING


def test_long_warning_list_points_to_json(
    db_url: str, hotel: str, tmp_path: Path
) -> None:
    rows = [
        f"W{n};Guest {n};4.47791E+{n:02d};guest{n}@example.com;2027-04-01;2027-04-03"
        for n in range(10, 70)
    ]
    path = tmp_path / "export.csv"
    path.write_bytes(lines("Ref;Name;Phone;Email;Arrival;Departure", *rows).encode())
    table = run_cli(db_url, "import", str(path), "--hotel", hotel, "--wait")
    summary = json.loads(run_cli(db_url, "batch", "1", "--json").stdout)

    assert "... and 10 more (see --json)" in table.stdout
    assert len(summary["warnings"]) == 60
    assert summary["warnings"][-1]["line_number"] == 61
    assert summary["rows"]["warned"] == 60


def test_ambiguous_dates_name_the_flag(db_url: str, tmp_path: Path) -> None:
    # Canada writes dates both ways, so the hotel's country cannot settle them.
    run_cli(
        db_url,
        "hotels", "add", "toronto", "--name", "Hotel Toronto",
        "--timezone", "America/Toronto", "--country", "CA",
        "--wa-phone-number-id", "1055", "--email-from", "stay@example.com",
    )  # fmt: skip
    path = tmp_path / "export.csv"
    path.write_bytes(
        lines(
            "Confirmation #,Guest,Email,Arrival,Departure",
            "T1,Anna Sample,anna@example.com,04/05/2027,06/05/2027",
        ).encode()
    )
    refused = run_cli(
        db_url, "import", str(path), "--hotel", "toronto", "--wait", check=False
    )
    accepted = run_cli(
        db_url, "import", str(path), "--hotel", "toronto", "--wait", "--json",
        "--date-format", "%m/%d/%Y",
    )  # fmt: skip
    summary = json.loads(accepted.stdout)

    assert refused.returncode == 1
    assert "04/05/2027 could be either" in refused.stderr
    assert "--date-format %d/%m/%Y" in refused.stderr
    assert "--date-format %m/%d/%Y" in refused.stderr
    assert summary["format"]["date_order"] == "as given: --date-format %m/%d/%Y"
    assert summary["rows"]["valid"] == 1
    # The refused import left no batch behind.
    assert run_cli(db_url, "batch", "1", check=False).returncode == 1
