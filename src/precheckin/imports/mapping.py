"""The mapping of an export's headers to fields: proposed, saved or given."""

import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from precheckin.errors import MappingError
from precheckin.imports.cells import fold, fold_words
from precheckin.imports.fields import REQUIRED, Field, field_named
from precheckin.imports.synonyms import FILLER_WORDS, OTHER_COLUMNS, SYNONYMS

logger = logging.getLogger(__name__)

# A fuzzy match needs this score (0 to 100, rapidfuzz) against a field's name.
FUZZY_MIN_SCORE = 88.0
# Each word of a fuzzily matched header must come this close to a word that the
# field's names use, so "Email consent" never matches email.
_WORD_MIN_SCORE = 75.0
# When two candidates score within this margin, the match is left out as unsure.
_TIE_MARGIN = 2.0

_EXACT: dict[str, tuple[Field, int]] = {
    fold(name): (field, rank)
    for field, names in SYNONYMS.items()
    for rank, name in enumerate(names)
}
_OTHER = frozenset(fold(name) for name in OTHER_COLUMNS)


@dataclass(frozen=True)
class _Vocabulary:
    """The names of one field as fuzzy matching compares them."""

    compact: tuple[str, ...]
    sorted_words: tuple[str, ...]
    words: frozenset[str]


def _meaningful_words(text: str) -> tuple[str, ...]:
    return tuple(word for word in fold_words(text) if word not in FILLER_WORDS)


def _vocabulary(names: Sequence[str]) -> _Vocabulary:
    word_lists = [_meaningful_words(name) for name in names]
    return _Vocabulary(
        compact=tuple("".join(words) for words in word_lists),
        sorted_words=tuple(" ".join(sorted(words)) for words in word_lists),
        words=frozenset(word for words in word_lists for word in words),
    )


_VOCABULARIES = {field: _vocabulary(names) for field, names in SYNONYMS.items()}


def propose_mapping(headers: Sequence[str]) -> dict[Field, str]:
    """Propose a header for each field that the export plainly has.

    Exact matches of a known name come first. Fuzzy matches then fill the
    remaining fields with headers that differ from a known name only by typos
    or word order. Each header feeds at most one field. A field is left out
    rather than given a header that may mean something else.
    """
    mapping = _exact_matches(headers)
    taken = set(mapping.values())
    free_headers = [
        header
        for header in headers
        if header not in taken and not _is_known_name(fold(header))
    ]
    free_fields = [field for field in Field if field not in mapping]
    mapping.update(_fuzzy_matches(free_headers, free_fields))
    return {field: mapping[field] for field in Field if field in mapping}


def _is_known_name(folded: str) -> bool:
    return folded in _EXACT or folded in _OTHER


def _exact_matches(headers: Sequence[str]) -> dict[Field, str]:
    best: dict[Field, tuple[int, str]] = {}
    for header in headers:
        match = _EXACT.get(fold(header))
        if match is None:
            continue
        field, rank = match
        if field not in best or rank < best[field][0]:
            best[field] = (rank, header)
    return {field: header for field, (_, header) in best.items()}


def _fuzzy_matches(headers: Sequence[str], fields: Sequence[Field]) -> dict[Field, str]:
    scored = [
        (score, field, header)
        for field in fields
        for header in headers
        if (score := _fuzzy_score(header, _VOCABULARIES[field])) >= FUZZY_MIN_SCORE
    ]
    unsure = _unsure_candidates(scored)
    mapping: dict[Field, str] = {}
    for score, field, header in sorted(scored, key=lambda item: -item[0]):
        if field in mapping or header in mapping.values():
            continue
        if (field, header) in unsure:
            continue
        logger.debug("header %r fuzzily matches %s (%.0f)", header, field, score)
        mapping[field] = header
    return mapping


def _unsure_candidates(
    scored: Sequence[tuple[float, Field, str]],
) -> set[tuple[Field, str]]:
    """Find the candidates that a rival for the same field or header nearly ties."""
    unsure: set[tuple[Field, str]] = set()
    for score, field, header in scored:
        for other_score, other_field, other_header in scored:
            rival = (other_field == field) != (other_header == header)
            if rival and other_score >= score - _TIE_MARGIN:
                unsure.add((field, header))
    return unsure


def _fuzzy_score(header: str, vocabulary: _Vocabulary) -> float:
    words = _meaningful_words(header)
    if not words or not all(_is_known_word(word, vocabulary) for word in words):
        return 0.0
    compact = "".join(words)
    if len(compact) < 6:
        # Short names are a letter or two apart from other words ("room",
        # "rooms"), so only exact matches take them.
        return 0.0
    sorted_words = " ".join(sorted(words))
    by_letters = process.extractOne(compact, vocabulary.compact, scorer=fuzz.ratio)
    by_words = process.extractOne(
        sorted_words, vocabulary.sorted_words, scorer=fuzz.ratio
    )
    return max(by_letters[1], by_words[1])


def _is_known_word(word: str, vocabulary: _Vocabulary) -> bool:
    if word in vocabulary.words:
        return True
    if len(word) < 4:
        return False
    match = process.extractOne(
        word, vocabulary.words, scorer=fuzz.ratio, score_cutoff=_WORD_MIN_SCORE
    )
    return match is not None


def headers_key(headers: Sequence[str]) -> str:
    """Return a key for the set of headers, the same whatever their case or order.

    A hotel's confirmed mapping is saved under this key, so the next export
    with the same columns reuses it.
    """
    names = sorted({header.strip().casefold() for header in headers})
    return hashlib.sha256("\x1f".join(names).encode()).hexdigest()


def resolve_mapping(
    headers: Sequence[str],
    *,
    overrides: Mapping[str, str] | None = None,
    saved: Mapping[str, str] | None = None,
) -> dict[Field, str]:
    """Return the mapping to import with and raise MappingError if it is unusable.

    Overrides (field name to header, from `--map field=Header`) win over a saved
    mapping. The saved mapping is used only when all its headers are still in
    the export, and the proposal is used without one. An override with an
    empty header leaves its field unmapped.
    """
    base = _usable_saved(headers, saved)
    mapping = propose_mapping(headers) if base is None else base
    for field, header in _parse_overrides(headers, overrides or {}).items():
        mapping = {key: value for key, value in mapping.items() if value != header}
        mapping.pop(field, None)
        if header:
            mapping[field] = header
    _require_fields(headers, mapping)
    return {field: mapping[field] for field in Field if field in mapping}


def _usable_saved(
    headers: Sequence[str], saved: Mapping[str, str] | None
) -> dict[Field, str] | None:
    if not saved:
        return None
    present = set(headers)
    mapping: dict[Field, str] = {}
    for name, header in saved.items():
        field = field_named(name)
        if field is None or header not in present:
            logger.info("saved mapping no longer fits the export; proposing one")
            return None
        mapping[field] = header
    return mapping


def _parse_overrides(
    headers: Sequence[str], overrides: Mapping[str, str]
) -> dict[Field, str]:
    parsed: dict[Field, str] = {}
    for name, header in overrides.items():
        field = field_named(name)
        if field is None:
            raise MappingError(_unknown_field_message(name))
        parsed[field] = _find_header(headers, header.strip(), field)
    used = [header for header in parsed.values() if header]
    if len(used) != len(set(used)):
        raise MappingError(
            "Each header can feed only one field, but --map names one header for "
            f"two fields: {_quoted(sorted(h for h in used if used.count(h) > 1))}."
        )
    return parsed


def _find_header(headers: Sequence[str], wanted: str, field: Field) -> str:
    """Return the export's header that a person means, ignoring case and spaces."""
    if not wanted or wanted in headers:
        return wanted
    same = [header for header in headers if fold(header) == fold(wanted)]
    if len(same) == 1:
        return same[0]
    closest = process.extractOne(wanted, list(headers), scorer=fuzz.WRatio)
    hint = f" Did you mean --map {field.value}='{closest[0]}'?" if closest else ""
    raise MappingError(
        f"The export has no header '{wanted}' for {field.label}. "
        f"Its headers are: {_quoted(headers)}.{hint}"
    )


def _require_fields(headers: Sequence[str], mapping: Mapping[Field, str]) -> None:
    missing = [field for field in REQUIRED if field not in mapping]
    if not missing:
        return
    names = " and ".join(field.label for field in missing)
    example = " ".join(f"--map {field.value}=Header" for field in missing)
    raise MappingError(
        f"No column of the export was recognized as {names}. "
        f"Its headers are: {_quoted(headers)}. "
        f"Name the column with {example}, using one of those headers."
    )


def _unknown_field_message(name: str) -> str:
    fields = ", ".join(field.value for field in Field)
    return f"--map names an unknown field '{name}'. The fields are: {fields}."


def _quoted(values: Sequence[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)
