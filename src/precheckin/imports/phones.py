"""Phone numbers from export cells, in E.164 form."""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import phonenumbers
from phonenumbers.phonemetadata import PhoneMetadata

from precheckin.imports.cells import clean_cell, is_placeholder
from precheckin.imports.phone_validity import is_valid


@dataclass(frozen=True, slots=True)
class PhoneResult:
    """A phone number in E.164 form or None, and a warning for hotel staff or None."""

    e164: str | None
    warning: str | None


_EMPTY = PhoneResult(None, None)

# Results of recent calls, keyed by (raw, country): exports repeat the numbers of
# returning guests, and a re-import repeats all of them.
_CACHE_SIZE = 16_384

# A cell of digits and the separators people put between them, optionally after
# a plus: the fast path reads these without phonenumbers.parse.
_PLAIN = re.compile(r"\+?\(?[0-9][0-9 ()./-]*")
_DROP_SEPARATORS = str.maketrans("", "", " ()./-")
_NON_DIGITS = re.compile(r"\D")
# Excel writes ="0049..." and '0049... to keep a leading zero or plus.
_EXCEL_FORMULA_TEXT = re.compile(r'=\s*"(.*)"')
# Excel shows a long number as 4.47791E+11 and keeps only those digits.
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE]\+?\d+")
# A number stored as a float, such as 4917012345678.0.
_FLOAT_SUFFIX = re.compile(r"(?<=\d{6})\.0+$")
# Separators between two numbers in one cell.
_NUMBER_SEPARATOR = re.compile(
    r"\s*(?:[,;|\n/]|\b(?:or|oder|ou|o|y|und|and|et|u)\b)\s*", re.IGNORECASE
)
# Words that mark an extension for phonenumbers.parse or separate two numbers.
# Other words in a cell are labels such as "mobile" or "Büro".
_KEPT_WORDS = frozenset(
    {"ext", "extn", "extension", "anexo", "or", "oder", "ou", "o", "y", "und"}
    | {"and", "et", "u"}
)
_WORD = re.compile(r"\(([^\W\d_]|\s)+\)|[^\W\d_]{2,}\.?:?")
# A number without "+" or "00" but with a country code has at least this many
# digits; shorter ones are national numbers.
_MIN_INTERNATIONAL_DIGITS = 8


def normalize_phone(raw: str, country: str) -> PhoneResult:
    """Read a phone number from a cell; country is the hotel's, for national numbers.

    Returns the number in E.164 form, or None with a warning that names the
    value when the cell contains no valid number. An empty cell gives no warning.
    Only numbers that phonenumbers.is_valid_number accepts are returned.
    """
    return _normalize(raw, country.upper())


@lru_cache(maxsize=_CACHE_SIZE)
def _normalize(raw: str, country: str) -> PhoneResult:
    text = _strip_excel_guards(clean_cell(raw))
    if not text or is_placeholder(text):
        return _EMPTY
    fast = _fast_e164(text, country)
    if fast is not None:
        return PhoneResult(fast, None)
    return _normalize_slowly(raw, text, country)


def _strip_excel_guards(text: str) -> str:
    match = _EXCEL_FORMULA_TEXT.fullmatch(text)
    if match:
        text = match[1].strip()
    return text[1:].strip() if text.startswith("'") else text


@dataclass(frozen=True, slots=True)
class _NationalRule:
    """The fast path's rules for the national numbers of one country."""

    country_code: int
    prefix_pattern: re.Pattern[str] | None
    trunk_prefix: str | None
    lengths: frozenset[int]
    international_prefix: re.Pattern[str] | None


@cache
def _national_rule(country: str) -> _NationalRule | None:
    metadata = PhoneMetadata.metadata_for_region(country, None)
    if metadata is None or metadata.country_code is None:
        return None
    if metadata.general_desc is None:
        return None
    # Only a plain "0" trunk prefix is stripped here; countries with carrier
    # codes or prefix rewriting (Argentina, Brazil, Japan) take the slow path.
    prefix_pattern = metadata.national_prefix_for_parsing or ""
    plain_zero = metadata.national_prefix == "0" and prefix_pattern in ("0", "0|180020")
    if metadata.national_prefix_transform_rule:
        plain_zero = False
    idd = metadata.international_prefix
    return _NationalRule(
        country_code=metadata.country_code,
        prefix_pattern=re.compile(prefix_pattern) if prefix_pattern else None,
        trunk_prefix="0" if plain_zero else None,
        lengths=frozenset(metadata.general_desc.possible_length),
        international_prefix=re.compile(idd) if idd else None,
    )


def _fast_e164(text: str, country: str) -> str | None:
    """Read a plain number the way phonenumbers.parse would, or return None."""
    if _PLAIN.fullmatch(text) is None:
        return None
    digits = text.translate(_DROP_SEPARATORS)
    if digits.startswith("+"):
        split = _split_country_code(digits[1:])
    else:
        split = _split_national(digits, country)
    if split is None:
        return None
    country_code, national_number = split
    if is_valid(country_code, national_number) is not True:
        return None
    return f"+{country_code}{national_number}"


def _split_country_code(digits: str) -> tuple[int, str] | None:
    for length in (1, 2, 3):
        code = _COUNTRY_CODES.get(digits[:length])
        if code is not None:
            rule = _country_code_rule(code)
            if rule is None:
                return None
            national_number = _strip_trunk_prefix(digits[length:], rule)
            return None if national_number is None else (code, national_number)
    return None


_COUNTRY_CODES = {str(code): code for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE}


@cache
def _country_code_rule(country_code: int) -> _NationalRule | None:
    """Return the rule of the code's main region, which phonenumbers.parse uses."""
    return _national_rule(phonenumbers.region_code_for_country_code(country_code))


def _split_national(digits: str, country: str) -> tuple[int, str] | None:
    rule = _national_rule(country)
    if rule is None:
        return None
    idd = rule.international_prefix
    match = idd.match(digits) if idd is not None else None
    if match is not None:
        # An international prefix such as "00" stands for "+", unless a zero
        # follows it (phonenumbers reads "000..." as a national number).
        rest = digits[match.end() :]
        return None if rest.startswith("0") else _split_country_code(rest)
    if rule.country_code == 1 and len(digits) == 10 and digits[0] not in "01":
        # North American numbers are written without their trunk prefix "1".
        return 1, digits
    if rule.prefix_pattern is None:
        # Countries without a trunk prefix (Spain, Italy) write the national
        # number as it is; phonenumbers only treats a leading country code
        # specially.
        own_code = digits.startswith(str(rule.country_code))
        return None if own_code else (rule.country_code, digits)
    national_number = _strip_trunk_prefix(digits, rule)
    if national_number is None or national_number == digits:
        # Without its trunk prefix, the number may have lost a "+" or a "0";
        # the slow path decides.
        return None
    return rule.country_code, national_number


def _strip_trunk_prefix(digits: str, rule: _NationalRule) -> str | None:
    """Return the number without its trunk prefix, as phonenumbers.parse would.

    Returns the digits unchanged when phonenumbers would strip nothing from
    them, and None when it might strip something this fast path does not model.
    """
    if rule.prefix_pattern is None or not rule.prefix_pattern.match(digits):
        return digits
    if rule.trunk_prefix is None or not digits.startswith(rule.trunk_prefix):
        return None
    national_number = digits[len(rule.trunk_prefix) :]
    if len(national_number) not in rule.lengths or national_number.startswith("0"):
        return None
    return national_number


def _normalize_slowly(raw: str, text: str, country: str) -> PhoneResult:
    if _SCIENTIFIC.fullmatch(text):
        return PhoneResult(
            None,
            f"phone '{raw}' lost its last digits in a spreadsheet (scientific "
            "notation); left empty. Export the column as text.",
        )
    text = _FLOAT_SUFFIX.sub("", _without_labels(text))
    if not any(char.isdigit() for char in text):
        return PhoneResult(None, f"phone '{raw}' is not a phone number; left empty")
    whole = _read_number(raw, text, country)
    if whole is not None:
        return whole
    parts = [part for part in _NUMBER_SEPARATOR.split(text) if part]
    if len(parts) > 1:
        for part in parts:
            reading = _read_number(raw, part, country)
            if reading is not None and reading.e164 is not None:
                warning = f"phone '{raw}' has more than one number; kept {reading.e164}"
                return PhoneResult(reading.e164, warning)
    return PhoneResult(None, f"phone '{raw}' is not a valid phone number; left empty")


def _without_labels(text: str) -> str:
    """Remove words such as "Tel.:" or "(mobile)" that phonenumbers would misread.

    phonenumbers.parse reads a cell with three or more letters as a vanity
    number (1-800-FLOWERS) and turns the letters into digits.
    """
    return _WORD.sub(_kept_word, text).strip()


def _kept_word(match: re.Match[str]) -> str:
    word = match[0]
    return word if word.rstrip(".:").casefold() in _KEPT_WORDS else " "


def _read_number(raw: str, text: str, country: str) -> PhoneResult | None:
    """Read one number with phonenumbers, repairing a lost "+"; None if none."""
    number = _parse(text, country)
    digits = _NON_DIGITS.sub("", text)
    lost_plus = _plus_reading(text, digits)
    if number is not None:
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if lost_plus is not None and lost_plus != e164 and _has_trunk_zero(country):
            return PhoneResult(
                None,
                f"phone '{raw}' could be {e164} or {lost_plus}; left empty. "
                "Write it with + and the country code.",
            )
        return PhoneResult(e164, _extension_warning(raw, number))
    if text.lstrip().startswith("00") and _is_plain(text):
        international = _parse("+" + digits[2:], country)
        if international is not None:
            return PhoneResult(_e164(international), None)
    if lost_plus is not None:
        return PhoneResult(
            lost_plus, f"phone '{raw}' has no + or 00; read as {lost_plus}"
        )
    return None


def _plus_reading(text: str, digits: str) -> str | None:
    """Return the number that digits make with a "+" in front, if that is valid.

    Spreadsheets drop the "+" of numbers such as +447911123456; the digits then
    start with a country code, never with a zero.
    """
    plain = _is_plain(text) and not text.lstrip().startswith(("+", "0"))
    if not plain or len(digits) < _MIN_INTERNATIONAL_DIGITS:
        return None
    number = _parse("+" + digits, "ZZ")
    return None if number is None else _e164(number)


def _is_plain(text: str) -> bool:
    return _PLAIN.fullmatch(text.strip()) is not None


@cache
def _has_trunk_zero(country: str) -> bool:
    """Tell whether the country writes national numbers with a leading 0."""
    metadata = PhoneMetadata.metadata_for_region(country, None)
    return metadata is not None and metadata.national_prefix == "0"


def _parse(text: str, country: str) -> phonenumbers.PhoneNumber | None:
    """Parse with phonenumbers; return the number only if it is valid."""
    try:
        number = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _extension_warning(raw: str, number: phonenumbers.PhoneNumber) -> str | None:
    if not number.extension:
        return None
    return f"phone '{raw}' has extension {number.extension}, which was dropped"
