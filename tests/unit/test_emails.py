"""Reading email addresses from cells."""

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from precheckin.imports import emails
from precheckin.imports.emails import EmailResult, normalize_email


@pytest.mark.parametrize(
    ("raw", "address"),
    [
        pytest.param("anna@example.de", "anna@example.de", id="plain"),
        pytest.param("  anna@example.de ", "anna@example.de", id="spaces"),
        pytest.param("\u00a0anna@example.de\u00a0", "anna@example.de", id="nbsp"),
        pytest.param("\u200banna@example.de", "anna@example.de", id="zero-width"),
        pytest.param("Anna.Muster@EXAMPLE.DE", "Anna.Muster@example.de", id="case"),
        pytest.param("mailto:anna@example.de", "anna@example.de", id="mailto"),
        pytest.param("MAILTO:anna@example.de", "anna@example.de", id="mailto-upper"),
        pytest.param("Anna Muster <anna@example.de>", "anna@example.de", id="name"),
        pytest.param(
            '"Muster, Anna" <anna@example.de>', "anna@example.de", id="quoted"
        ),
        pytest.param("anna@example.de (Anna)", "anna@example.de", id="comment"),
        pytest.param("<anna@example.de>", "anna@example.de", id="brackets"),
        pytest.param("anna+hotel@example.de", "anna+hotel@example.de", id="plus"),
        pytest.param("anna@mail.example.co.uk", "anna@mail.example.co.uk", id="sub"),
        pytest.param("josé@exämple.de", "josé@exämple.de", id="unicode"),
        pytest.param("a@xn--mnchen-3ya.de", "a@münchen.de", id="punycode"),
        pytest.param("Info@Example.de", "info@example.de", id="role-mailbox"),
        pytest.param("anna@example.de.", "anna@example.de", id="trailing-dot"),
    ],
)
def test_normalize_email_reads_address(raw: str, address: str) -> None:
    assert normalize_email(raw) == EmailResult(address, None)


@pytest.mark.parametrize(
    ("raw", "result"),
    [
        pytest.param(
            "anna@example.de; ben@example.de",
            EmailResult(
                "anna@example.de",
                "email 'anna@example.de; ben@example.de' has more than one "
                "address; kept anna@example.de",
            ),
            id="semicolon",
        ),
        pytest.param(
            "anna@example, ben@example.de",
            EmailResult(
                "ben@example.de",
                "email 'anna@example, ben@example.de' has more than one address; "
                "kept ben@example.de",
            ),
            id="first-valid",
        ),
        pytest.param(
            "Anna <anna@example.de>, Ben <ben@example.de>",
            EmailResult(
                "anna@example.de",
                "email 'Anna <anna@example.de>, Ben <ben@example.de>' has more "
                "than one address; kept anna@example.de",
            ),
            id="two-named",
        ),
    ],
)
def test_normalize_email_two_addresses(raw: str, result: EmailResult) -> None:
    assert normalize_email(raw) == result


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param("anna", "An email address must have an @-sign.", id="no-at"),
        pytest.param("anna@", "There must be something after the @-sign.", id="end"),
        pytest.param(
            "anna@example",
            "The part after the @-sign is not valid. It should have a period.",
            id="no-period",
        ),
        pytest.param(
            "anna..m@example.de",
            "An email address cannot have two periods in a row.",
            id="two-periods",
        ),
        pytest.param(
            "anna@example.test",
            "The part after the @-sign is a special-use or reserved name that "
            "cannot be used with email.",
            id="special-use",
        ),
        pytest.param(
            "anna@-example.de",
            "An email address cannot have a hyphen immediately after the @-sign.",
            id="hyphen",
        ),
    ],
)
def test_normalize_email_rejects(raw: str, reason: str) -> None:
    warning = f"email '{raw}' is not a valid address and was left empty: {reason}"
    assert normalize_email(raw) == EmailResult(None, warning)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("", id="empty"),
        pytest.param("  ", id="spaces"),
        pytest.param("none", id="none"),
        pytest.param("N/A", id="n-a"),
    ],
)
def test_normalize_email_empty_cell(raw: str) -> None:
    assert normalize_email(raw) == EmailResult(None, None)


def _validator_address(text: str) -> str | None:
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


LOCAL = st.from_regex(r"[A-Za-z0-9._%+-]{1,70}", fullmatch=True)
DOMAIN = st.from_regex(
    r"(?:[A-Za-z0-9-]{1,10}\.){1,3}(?:[A-Za-z]{2,6}|test|local|xn--a1b)",
    fullmatch=True,
)


@settings(max_examples=1000, deadline=None)
@given(local=LOCAL, domain=DOMAIN)
def test_simple_path_matches_validator(local: str, domain: str) -> None:
    text = f"{local}@{domain}"
    simple = emails._simple_address(text)
    if simple is not None:
        assert simple == _validator_address(text)
