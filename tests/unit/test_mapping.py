"""Proposing, resolving and keying the mapping from headers to fields."""

import pytest

from precheckin.errors import MappingError
from precheckin.imports.cells import fold
from precheckin.imports.fields import REQUIRED, Field, field_named
from precheckin.imports.mapping import headers_key, propose_mapping, resolve_mapping
from precheckin.imports.synonyms import OTHER_COLUMNS, SYNONYMS

F = Field

BOOKING_COM = [
    "Book number", "Booked by", "Guest name(s)", "Check-in", "Check-out",
    "Booked on", "Status", "Rooms", "People", "Adults", "Children",
    "Children's ages", "Price", "Commission %", "Commission amount",
    "Payment status", "Payment method", "Remarks", "Booker group",
    "Booker country", "Travel purpose", "Device", "Unit type",
    "Duration (nights)", "Cancellation date", "Address", "Phone number",
]  # fmt: skip
AIRBNB = [
    "Confirmation code", "Status", "Guest name", "Contact", "# of adults",
    "# of children", "# of infants", "Start date", "End date", "# of nights",
    "Booked", "Listing", "Earnings",
]  # fmt: skip
EXPEDIA = [
    "Reservation ID", "Confirmation #", "Guest", "Check-In", "Check-Out",
    "Room", "Booked On", "Status", "Total", "Email",
]  # fmt: skip
GERMAN = ["Reservierungsnr.", "Gast", "Telefon", "E-Mail", "Anreise", "Abreise"]
GERMAN += ["Zimmer", "Personen", "Status"]
FRENCH = ["N° de réservation", "Nom du client", "Téléphone", "Courriel"]
FRENCH += ["Arrivée", "Départ", "Chambre", "Personnes", "Statut"]
SPANISH = ["Localizador", "Huésped", "Teléfono", "Correo electrónico"]
SPANISH += ["Llegada", "Salida", "Habitación", "Personas", "Estado"]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param(
            BOOKING_COM,
            {
                F.booking_reference: "Book number",
                F.guest_name: "Guest name(s)",
                F.phone: "Phone number",
                F.checkin: "Check-in",
                F.checkout: "Check-out",
                F.guests: "People",
                F.status: "Status",
            },
            id="booking.com",
        ),
        pytest.param(
            AIRBNB,
            {
                F.booking_reference: "Confirmation code",
                F.guest_name: "Guest name",
                F.phone: "Contact",
                F.checkin: "Start date",
                F.checkout: "End date",
                F.status: "Status",
            },
            id="airbnb",
        ),
        pytest.param(
            EXPEDIA,
            {
                F.booking_reference: "Reservation ID",
                F.guest_name: "Guest",
                F.email: "Email",
                F.checkin: "Check-In",
                F.checkout: "Check-Out",
                F.room: "Room",
                F.status: "Status",
            },
            id="expedia",
        ),
        pytest.param(
            GERMAN,
            dict(zip(Field, GERMAN, strict=True)),
            id="german",
        ),
        pytest.param(
            FRENCH,
            dict(zip(Field, FRENCH, strict=True)),
            id="french",
        ),
        pytest.param(
            SPANISH,
            dict(zip(Field, SPANISH, strict=True)),
            id="spanish",
        ),
    ],
)
def test_propose_known_exports(headers: list[str], expected: dict[Field, str]) -> None:
    assert propose_mapping(headers) == expected


@pytest.mark.parametrize(
    ("header", "field"),
    [
        pytest.param("BOOKING NUMBER", F.booking_reference, id="upper-case"),
        pytest.param("  booking_number ", F.booking_reference, id="underscore"),
        pytest.param("Reservierungs-Nr", F.booking_reference, id="hyphen"),
        pytest.param("Booker name", F.guest_name, id="booker-name"),
        pytest.param("Arrivee", F.checkin, id="without-accent"),
        pytest.param("ANREISE", F.checkin, id="anreise"),
        pytest.param("Date de départ", F.checkout, id="date-de-depart"),
        pytest.param("Nº de reserva", F.booking_reference, id="numero-sign"),
        pytest.param("e-mail", F.email, id="e-mail"),
    ],
)
def test_propose_exact_spellings(header: str, field: Field) -> None:
    assert propose_mapping([header]) == {field: header}


@pytest.mark.parametrize(
    ("header", "field"),
    [
        pytest.param("Guest Nmae", F.guest_name, id="swapped-letters"),
        pytest.param("Booking Refrence", F.booking_reference, id="missing-letter"),
        pytest.param("Chek-in date", F.checkin, id="check-in-typo"),
        pytest.param("Phone Number (Mobile)", F.phone, id="word-order"),
        pytest.param("E-mail adress", F.email, id="address-typo"),
        pytest.param("Date of departure (local)", None, id="extra-word"),
    ],
)
def test_propose_fuzzy_matches(header: str, field: Field | None) -> None:
    expected = {} if field is None else {field: header}
    assert propose_mapping([header]) == expected


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("Email consent", id="email-consent"),
        pytest.param("Phone verified", id="phone-verified"),
        pytest.param("Booked on", id="booked-on"),
        pytest.param("Booking date", id="booking-date"),
        pytest.param("Guest ID", id="guest-id"),
        pytest.param("Rooms", id="rooms-count"),
        pytest.param("Room type", id="room-type"),
        pytest.param("Check-in time", id="check-in-time"),
        pytest.param("Phone 2", id="second-phone"),
        pytest.param("Newsletter email", id="newsletter"),
        pytest.param("Last name", id="last-name"),
        pytest.param("Adults", id="adults"),
    ],
)
def test_propose_ignores_other_columns(header: str) -> None:
    assert propose_mapping([header]) == {}


def test_propose_prefers_exact_to_fuzzy() -> None:
    headers = ["Emial", "Email", "Email consent"]
    assert propose_mapping(headers) == {F.email: "Email"}


def test_propose_prefers_earlier_synonym() -> None:
    headers = ["Name", "Booker name", "Guest name(s)"]
    assert propose_mapping(headers) == {F.guest_name: "Guest name(s)"}


def test_propose_uses_header_once() -> None:
    mapping = propose_mapping(["Guest Nmae", "Guest Name"])
    assert list(mapping.values()) == ["Guest Name"]


def test_propose_skips_near_ties() -> None:
    # Each typo is as close to "Check-in" as to the other; neither is sure.
    assert propose_mapping(["Chekin", "Chckin"]) == {}


def test_propose_keeps_field_order() -> None:
    mapping = propose_mapping(["Status", "Email", "Booking ID"])
    assert list(mapping) == [F.booking_reference, F.email, F.status]


def test_synonyms_belong_to_one_field() -> None:
    owners: dict[str, Field] = {}
    clashes = []
    for field, names in SYNONYMS.items():
        for name in names:
            key = fold(name)
            if owners.setdefault(key, field) != field:
                clashes.append(name)
    assert clashes == []


def test_other_columns_are_no_synonyms() -> None:
    synonyms = {fold(name) for names in SYNONYMS.values() for name in names}
    assert [name for name in OTHER_COLUMNS if fold(name) in synonyms] == []


HEADERS = ["Res", "Name", "Arrival", "Departure", "Mobile", "Mail", "Notes"]


def test_resolve_uses_proposal() -> None:
    assert resolve_mapping(HEADERS) == {
        F.booking_reference: "Res",
        F.guest_name: "Name",
        F.phone: "Mobile",
        F.email: "Mail",
        F.checkin: "Arrival",
        F.checkout: "Departure",
    }


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("phone", id="field-name"),
        pytest.param("Phone", id="capital"),
        pytest.param("telephone", id="alias"),
    ],
)
def test_resolve_override_wins(name: str) -> None:
    mapping = resolve_mapping(HEADERS, overrides={name: "Notes"})
    assert mapping[F.phone] == "Notes"


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("checkin", id="checkin"),
        pytest.param("check_in", id="check_in"),
        pytest.param("check-in", id="check-in"),
        pytest.param("Check In", id="check-in-spaced"),
    ],
)
def test_resolve_accepts_field_aliases(name: str) -> None:
    headers = ["Res", "Name", "Beginn", "Departure"]
    mapping = resolve_mapping(headers, overrides={name: "Beginn"})
    assert mapping[F.checkin] == "Beginn"


def test_resolve_override_takes_header() -> None:
    mapping = resolve_mapping(HEADERS, overrides={"room": "Mobile"})
    assert F.phone not in mapping


def test_resolve_override_matches_case() -> None:
    mapping = resolve_mapping(HEADERS, overrides={"room": "notes"})
    assert mapping[F.room] == "Notes"


def test_resolve_empty_override_unmaps() -> None:
    mapping = resolve_mapping(HEADERS, overrides={"phone": ""})
    assert F.phone not in mapping


def test_resolve_uses_saved_mapping() -> None:
    saved = {"booking_reference": "Notes", "guest_name": "Name"}
    saved |= {"checkin": "Arrival", "checkout": "Departure"}
    mapping = resolve_mapping(HEADERS, saved=saved)
    assert mapping == {
        F.booking_reference: "Notes",
        F.guest_name: "Name",
        F.checkin: "Arrival",
        F.checkout: "Departure",
    }


def test_resolve_ignores_stale_saved() -> None:
    saved = {"booking_reference": "Booking no", "guest_name": "Name"}
    mapping = resolve_mapping(HEADERS, saved=saved)
    assert mapping[F.booking_reference] == "Res"


def test_resolve_override_beats_saved() -> None:
    saved = {"booking_reference": "Res", "guest_name": "Name"}
    saved |= {"checkin": "Arrival", "checkout": "Departure"}
    mapping = resolve_mapping(HEADERS, saved=saved, overrides={"guest_name": "Notes"})
    assert mapping[F.guest_name] == "Notes"


def test_resolve_missing_required_field() -> None:
    with pytest.raises(MappingError) as raised:
        resolve_mapping(["Res", "Name", "Departure"])
    assert str(raised.value) == (
        "No column of the export was recognized as check-in. "
        "Its headers are: 'Res', 'Name', 'Departure'. "
        "Name the column with --map checkin=Header, using one of those headers."
    )


def test_resolve_unknown_field_name() -> None:
    with pytest.raises(MappingError) as raised:
        resolve_mapping(HEADERS, overrides={"arrival_time": "Notes"})
    assert str(raised.value) == (
        "--map names an unknown field 'arrival_time'. The fields are: "
        "booking_reference, guest_name, phone, email, checkin, checkout, room, "
        "guests, status."
    )


def test_resolve_unknown_header() -> None:
    with pytest.raises(MappingError) as raised:
        resolve_mapping(HEADERS, overrides={"checkin": "Arival"})
    assert str(raised.value) == (
        "The export has no header 'Arival' for check-in. Its headers are: "
        "'Res', 'Name', 'Arrival', 'Departure', 'Mobile', 'Mail', 'Notes'. "
        "Did you mean --map checkin='Arrival'?"
    )


def test_resolve_header_for_two_fields() -> None:
    with pytest.raises(MappingError, match="one header for two fields: 'Notes'"):
        resolve_mapping(HEADERS, overrides={"room": "Notes", "status": "Notes"})


def test_required_fields_order() -> None:
    expected = (F.booking_reference, F.guest_name, F.checkin, F.checkout)
    assert expected == REQUIRED


def test_field_named_unknown() -> None:
    assert field_named("arrival time") is None


def test_headers_key_ignores_order_case() -> None:
    first = headers_key(["Name", "Arrival", "E-Mail"])
    assert first == headers_key(["e-mail ", "NAME", "arrival"])


def test_headers_key_differs_by_header() -> None:
    assert headers_key(["Name", "Arrival"]) != headers_key(["Name", "Arrival date"])


def test_headers_key_is_hex_digest() -> None:
    assert len(headers_key(["Name"])) == 64
