"""Reading phone numbers from cells into E.164 form."""

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from precheckin.imports import phones
from precheckin.imports.phones import PhoneResult, normalize_phone


@pytest.mark.parametrize(
    ("raw", "country", "e164"),
    [
        pytest.param("+49 170 1234567", "DE", "+491701234567", id="international"),
        pytest.param("0170 1234567", "DE", "+491701234567", id="national-mobile"),
        pytest.param("030 1234567", "DE", "+49301234567", id="national-landline"),
        pytest.param("030/1234567", "DE", "+49301234567", id="area-code-slash"),
        pytest.param("030-123 45 67", "de", "+49301234567", id="lower-case-country"),
        pytest.param("0049 170 1234567", "DE", "+491701234567", id="00-prefix"),
        pytest.param("0044 20 7946 0958", "DE", "+442079460958", id="00-foreign"),
        pytest.param("0044 20 7946 0958", "US", "+442079460958", id="00-from-us"),
        pytest.param("011 44 20 7946 0958", "US", "+442079460958", id="011-from-us"),
        pytest.param("+49 (0)30 1234567", "DE", "+49301234567", id="zero-in-brackets"),
        pytest.param(
            "+44 (0)20 7946 0958", "FR", "+442079460958", id="uk-bracket-zero"
        ),
        pytest.param("+39 06 1234 5678", "DE", "+390612345678", id="italian-zero"),
        pytest.param("(415) 555-2671", "US", "+14155552671", id="us-national"),
        pytest.param("+1 415.555.2671", "DE", "+14155552671", id="us-dots"),
        pytest.param("07911 123456", "GB", "+447911123456", id="uk-national"),
        pytest.param("06 12 34 56 78", "FR", "+33612345678", id="fr-national"),
        pytest.param("612 34 56 78", "ES", "+34612345678", id="es-national"),
        pytest.param("1701234567", "DE", "+491701234567", id="lost-leading-zero"),
        pytest.param("301234567", "DE", "+49301234567", id="lost-zero-landline"),
        pytest.param("4930123456", "DE", "+4930123456", id="own-code-no-plus"),
        pytest.param('="00447911123456"', "DE", "+447911123456", id="excel-formula"),
        pytest.param("'+447911123456", "DE", "+447911123456", id="excel-apostrophe"),
        pytest.param("\u00a0+49 170 1234567\u00a0", "DE", "+491701234567", id="nbsp"),
        pytest.param(
            "+49\u00a0170\u00a01234567", "DE", "+491701234567", id="inner-nbsp"
        ),
        pytest.param("Tel: +49 170 1234567", "DE", "+491701234567", id="label"),
        pytest.param("+49 170 1234567 (mobile)", "DE", "+491701234567", id="note"),
        pytest.param("0170 1234567 mobil", "DE", "+491701234567", id="word-after"),
        pytest.param("Handy: 0170 1234567", "DE", "+491701234567", id="word-before"),
        pytest.param("0049 (0) 170 1234567", "DE", "+491701234567", id="00-and-(0)"),
        pytest.param("+49 170 1234567", "", "+491701234567", id="no-hotel-country"),
    ],
)
def test_normalize_phone_reads_number(raw: str, country: str, e164: str) -> None:
    assert normalize_phone(raw, country) == PhoneResult(e164, None)


@pytest.mark.parametrize(
    ("raw", "country", "result"),
    [
        pytest.param(
            "447911123456",
            "US",
            PhoneResult(
                "+447911123456",
                "phone '447911123456' has no + or 00; read as +447911123456",
            ),
            id="lost-plus",
        ),
        pytest.param(
            "+49 30 1234567 ext. 89",
            "DE",
            PhoneResult(
                "+49301234567",
                "phone '+49 30 1234567 ext. 89' has extension 89, which was dropped",
            ),
            id="extension",
        ),
        pytest.param(
            "030 1234567 x12",
            "DE",
            PhoneResult(
                "+49301234567",
                "phone '030 1234567 x12' has extension 12, which was dropped",
            ),
            id="extension-x",
        ),
        pytest.param(
            "+49 170 1234567, +49 30 1234567",
            "DE",
            PhoneResult(
                "+491701234567",
                "phone '+49 170 1234567, +49 30 1234567' has more than one number; "
                "kept +491701234567",
            ),
            id="two-numbers-comma",
        ),
        pytest.param(
            "0170 1234567 / 030 7654321",
            "DE",
            PhoneResult(
                "+491701234567",
                "phone '0170 1234567 / 030 7654321' has more than one number; "
                "kept +491701234567",
            ),
            id="two-numbers-slash",
        ),
        pytest.param(
            "12 / 0170 1234567",
            "DE",
            PhoneResult(
                "+491701234567",
                "phone '12 / 0170 1234567' has more than one number; "
                "kept +491701234567",
            ),
            id="first-valid-number",
        ),
        pytest.param(
            "+49 170 1234567 oder 030 1234567",
            "DE",
            PhoneResult(
                "+491701234567",
                "phone '+49 170 1234567 oder 030 1234567' has more than one number; "
                "kept +491701234567",
            ),
            id="two-numbers-oder",
        ),
    ],
)
def test_normalize_phone_repairs_with_warning(
    raw: str, country: str, result: PhoneResult
) -> None:
    assert normalize_phone(raw, country) == result


@pytest.mark.parametrize(
    ("raw", "country", "warning"),
    [
        pytest.param(
            "4.47791E+11",
            "GB",
            "phone '4.47791E+11' lost its last digits in a spreadsheet (scientific "
            "notation); left empty. Export the column as text.",
            id="scientific",
        ),
        pytest.param(
            "4,47791e11",
            "DE",
            "phone '4,47791e11' lost its last digits in a spreadsheet (scientific "
            "notation); left empty. Export the column as text.",
            id="scientific-comma",
        ),
        pytest.param(
            "447911123456",
            "DE",
            "phone '447911123456' could be +49447911123456 or +447911123456; left "
            "empty. Write it with + and the country code.",
            id="lost-plus-or-zero",
        ),
        pytest.param(
            "call reception",
            "DE",
            "phone 'call reception' is not a phone number; left empty",
            id="words",
        ),
        pytest.param(
            "12345",
            "DE",
            "phone '12345' is not a valid phone number; left empty",
            id="too-short",
        ),
        pytest.param(
            "+49 170 1234567 8901234",
            "DE",
            "phone '+49 170 1234567 8901234' is not a valid phone number; left empty",
            id="too-long",
        ),
        pytest.param(
            "0170 1234567",
            "XX",
            "phone '0170 1234567' is not a valid phone number; left empty",
            id="unknown-country",
        ),
    ],
)
def test_normalize_phone_rejects(raw: str, country: str, warning: str) -> None:
    assert normalize_phone(raw, country) == PhoneResult(None, warning)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="spaces"),
        pytest.param("\u00a0", id="nbsp"),
        pytest.param("n/a", id="n-a"),
        pytest.param("-", id="dash"),
        pytest.param("keine", id="keine"),
    ],
)
def test_normalize_phone_empty_cell(raw: str) -> None:
    assert normalize_phone(raw, "DE") == PhoneResult(None, None)


def test_normalize_phone_never_invents_digits() -> None:
    result = normalize_phone("4.47791E+11", "GB")
    assert result.e164 is None


def _slow_e164(text: str, country: str) -> str | None:
    """Read a number with phonenumbers.parse alone, as the fast path must."""
    try:
        number = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number) or number.extension:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


COUNTRIES = ("DE", "GB", "FR", "US", "IT", "ES", "AT", "CH", "NL", "AU", "AR", "BR")
SEPARATORS = ("", " ", "-", ".", "/")


@st.composite
def plain_numbers(draw: st.DrawFn) -> str:
    """Draw digit strings that the fast path reads, from real example numbers."""
    region = draw(st.sampled_from(COUNTRIES))
    kind = draw(
        st.sampled_from(
            (
                phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE,
                phonenumbers.PhoneNumberType.TOLL_FREE,
            )
        )
    )
    example = phonenumbers.example_number_for_type(region, kind)
    if example is None:
        example = phonenumbers.example_number(region)
    if example is None:
        return "+49301234567"
    national = phonenumbers.national_significant_number(example)
    digits = draw(st.text("0123456789", min_size=0, max_size=4))
    national = national[: max(1, len(national) - len(digits))] + digits
    prefix = draw(st.sampled_from(("+", "00", "0", "", "(0)")))
    code = str(example.country_code) if prefix in ("+", "00") else ""
    separator = draw(st.sampled_from(SEPARATORS))
    cut = draw(st.integers(1, max(1, len(national) - 1)))
    return f"{prefix}{code}{separator}{national[:cut]}{separator}{national[cut:]}"


@settings(max_examples=2000, deadline=None)
@given(text=plain_numbers(), country=st.sampled_from(COUNTRIES))
def test_fast_path_matches_phonenumbers(text: str, country: str) -> None:
    fast = phones._fast_e164(text, country)
    if fast is not None:
        assert fast == _slow_e164(text, country)


@settings(max_examples=500, deadline=None)
@given(
    digits=st.text("0123456789", min_size=6, max_size=15),
    plus=st.booleans(),
    country=st.sampled_from(COUNTRIES),
)
def test_fast_path_random_digits(digits: str, plus: bool, country: str) -> None:
    text = ("+" if plus else "") + digits
    fast = phones._fast_e164(text, country)
    if fast is not None:
        assert fast == _slow_e164(text, country)


@settings(max_examples=300, deadline=None)
@given(text=plain_numbers(), country=st.sampled_from(COUNTRIES))
def test_results_pass_is_valid_number(text: str, country: str) -> None:
    e164 = normalize_phone(text, country).e164
    if e164 is not None:
        assert phonenumbers.is_valid_number(phonenumbers.parse(e164))
