"""The fast validity check against phonenumbers.is_valid_number."""

import random

import phonenumbers
import pytest

from precheckin.imports.phone_validity import is_valid

TYPES = tuple(phonenumbers.PhoneNumberType.values())


def _numbers_of(region: str) -> list[phonenumbers.PhoneNumber]:
    """Return the region's example numbers of every type, and variants of them."""
    rng = random.Random(region)
    numbers = []
    for kind in TYPES:
        example = phonenumbers.example_number_for_type(region, kind)
        if example is None:
            continue
        national = phonenumbers.national_significant_number(example)
        variants = {national, national[:-1], national + "1", national[:-2] + "99"}
        for _ in range(8):
            position = rng.randrange(len(national))
            digit = str(rng.randrange(10))
            variants.add(national[:position] + digit + national[position + 1 :])
        for variant in variants:
            if variant and not variant.startswith("0"):
                numbers.append(
                    phonenumbers.PhoneNumber(
                        country_code=example.country_code,
                        national_number=int(variant),
                    )
                )
    return numbers


@pytest.mark.parametrize("region", sorted(phonenumbers.SUPPORTED_REGIONS))
def test_is_valid_matches_phonenumbers(region: str) -> None:
    mismatches = [
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        for number in _numbers_of(region)
        if is_valid(number.country_code or 0, str(number.national_number))
        != phonenumbers.is_valid_number(number)
    ]
    assert mismatches == []


def test_is_valid_unknown_country_code() -> None:
    assert is_valid(999, "123456789") is False


def test_is_valid_non_geographic_unknown() -> None:
    assert is_valid(800, "12345678") is None


def test_is_valid_leading_zero_unknown() -> None:
    assert is_valid(39, "0612345678") is None
