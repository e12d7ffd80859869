"""Phone and email cells as spreadsheets leave them, end to end."""

from __future__ import annotations

import pytest

from precheckin.db.connection import Database
from tests.helpers import add_hotel
from tests.messy_support import booking, import_export, links, states, warnings

HEADER = "Booking Reference,Guest Name,Phone,Email,Check-in,Check-out"


def one_booking(phone: str, email: str) -> bytes:
    """Return an export of one booking with these phone and email cells as written."""
    row = f"P1,Anna Sample,{phone},{email},2027-03-10,2027-03-12"
    return f"{HEADER}\r\n{row}\r\n".encode()


@pytest.mark.parametrize(
    ("cell", "country", "phone", "warning"),
    [
        pytest.param("+49 151 23456789", "DE", "+4915123456789", None, id="plus"),
        pytest.param(
            "0044 7911 123456", "DE", "+447911123456", None, id="double-zero-prefix"
        ),
        pytest.param(
            "+49 (0)151 23456789", "DE", "+4915123456789", None, id="zero-in-brackets"
        ),
        pytest.param(
            '"=""0044 7911 123456"""',
            "DE",
            "+447911123456",
            None,
            id="excel-formula-text",
        ),
        pytest.param(
            "'+44 7911 123456", "DE", "+447911123456", None, id="leading-apostrophe"
        ),
        pytest.param(
            "'0151 23456789", "DE", "+4915123456789", None, id="apostrophe-national"
        ),
        pytest.param(
            "7911 123456", "GB", "+447911123456", None, id="lost-zero-british"
        ),
        pytest.param(
            "447911123456",
            "ES",
            "+447911123456",
            "phone '447911123456' has no + or 00; read as +447911123456",
            id="lost-plus-spanish",
        ),
        pytest.param(
            "447911123456",
            "DE",
            None,
            "phone '447911123456' could be +49447911123456 or +447911123456; left "
            "empty. Write it with + and the country code.",
            id="lost-plus-ambiguous",
        ),
        pytest.param(
            "15123456789",
            "DE",
            None,
            "phone '15123456789' could be +4915123456789 or +15123456789; left "
            "empty. Write it with + and the country code.",
            id="lost-zero-ambiguous",
        ),
        pytest.param(
            "4.47791E+11",
            "DE",
            None,
            "phone '4.47791E+11' lost its last digits in a spreadsheet (scientific "
            "notation); left empty. Export the column as text.",
            id="scientific-notation",
        ),
        pytest.param(
            "+49 30 1234567 ext. 12",
            "DE",
            "+49301234567",
            "phone '+49 30 1234567 ext. 12' has extension 12, which was dropped",
            id="extension",
        ),
        pytest.param(
            '"+49 151 23456789, +49 30 1234567"',
            "DE",
            "+4915123456789",
            "phone '+49 151 23456789, +49 30 1234567' has more than one number; "
            "kept +4915123456789",
            id="two-numbers",
        ),
        pytest.param(
            "Tel.: 0151 23456789 (mobile)",
            "DE",
            "+4915123456789",
            None,
            id="labels",
        ),
        pytest.param("-", "DE", None, None, id="dash-placeholder"),
        pytest.param(
            "n. v.",
            "DE",
            None,
            "phone 'n. v.' is not a phone number; left empty",
            id="words",
        ),
    ],
)
def test_phone_cell_gives_e164_or_warning(
    conn,
    database: Database,
    cell: str,
    country: str,
    phone: str | None,
    warning: str | None,
) -> None:
    hotel = add_hotel(conn, country=country)
    summary = import_export(
        conn, database, hotel, one_booking(cell, "anna@example.com")
    )

    assert booking(conn, "P1")["phone"] == phone
    assert warnings(summary) == ([(2, warning)] if warning else [])
    assert summary.rows["warned"] == (1 if warning else 0)
    # The guest gets the link on the channel that is usable.
    channel = "whatsapp" if phone else "email"
    assert links(conn) == [("P1", channel, "pending")]
    assert states(summary) == {"notified": 1}


@pytest.mark.parametrize(
    ("cell", "email", "warning"),
    [
        pytest.param("  anna@example.com  ", "anna@example.com", None, id="spaces"),
        pytest.param(
            "\u00a0anna@example.com\u00a0", "anna@example.com", None, id="no-break"
        ),
        pytest.param("mailto:anna@example.com", "anna@example.com", None, id="mailto"),
        pytest.param(
            "Anna Sample <anna@example.com>",
            "anna@example.com",
            None,
            id="display-name",
        ),
        # The part before the @ may be case-sensitive, so only the domain is
        # lower-cased.
        pytest.param("ANNA@EXAMPLE.COM", "ANNA@example.com", None, id="upper-case"),
        pytest.param(
            "anna@example.com; ben@example.com",
            "anna@example.com",
            "email 'anna@example.com; ben@example.com' has more than one address; "
            "kept anna@example.com",
            id="two-addresses",
        ),
        pytest.param(
            "anna@example; ben@example.com",
            "ben@example.com",
            "email 'anna@example; ben@example.com' has more than one address; "
            "kept ben@example.com",
            id="first-invalid-second-valid",
        ),
    ],
)
def test_email_cell_gives_address(
    conn, database: Database, cell: str, email: str, warning: str | None
) -> None:
    summary = import_export(conn, database, add_hotel(conn), one_booking("", cell))

    assert booking(conn, "P1")["email"] == email
    assert warnings(summary) == ([(2, warning)] if warning else [])
    assert links(conn) == [("P1", "email", "pending")]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        pytest.param("anna(at)example.com", "must have an @-sign", id="no-at-sign"),
        pytest.param("anna@example", "It should have a period", id="no-dot"),
        pytest.param("anna@@example.com", "invalid characters: '@'", id="two-at-signs"),
        pytest.param("anna example.com", "must have an @-sign", id="space"),
    ],
)
def test_invalid_email_warns_and_row_completes(
    conn, database: Database, cell: str, reason: str
) -> None:
    summary = import_export(conn, database, add_hotel(conn), one_booking("", cell))

    assert booking(conn, "P1")["email"] is None
    [(line_number, message)] = warnings(summary)
    assert line_number == 2
    assert message.startswith(f"email '{cell}' is not a valid address")
    assert reason in message
    # No usable contact: the booking is kept, and no link can go out.
    assert states(summary) == {"completed": 1}
    assert links(conn) == []


def test_bad_phone_falls_back_to_email(conn, database: Database) -> None:
    data = one_booking("4.47791E+11", "Anna <anna@example.com>")
    summary = import_export(conn, database, add_hotel(conn), data)

    assert booking(conn, "P1")["phone"] is None
    assert booking(conn, "P1")["email"] == "anna@example.com"
    assert links(conn) == [("P1", "email", "pending")]
    assert summary.links == {"whatsapp": 0, "email": 1}
