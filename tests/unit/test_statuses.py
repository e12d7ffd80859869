"""Reading booking statuses from cells."""

import pytest

from precheckin.imports.statuses import BookingStatus, StatusResult, normalize_status

S = BookingStatus


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        pytest.param("", S.CONFIRMED, id="empty"),
        pytest.param("-", S.CONFIRMED, id="dash"),
        pytest.param("confirmed", S.CONFIRMED, id="confirmed"),
        pytest.param("OK", S.CONFIRMED, id="booking-com-ok"),
        pytest.param("Bestätigt", S.CONFIRMED, id="bestaetigt"),
        pytest.param("bestatigt", S.CONFIRMED, id="without-umlaut"),
        pytest.param("Confirmée", S.CONFIRMED, id="confirmee"),
        pytest.param("Confirmada", S.CONFIRMED, id="confirmada"),
        pytest.param("cancelled", S.CANCELLED, id="cancelled"),
        pytest.param("canceled", S.CANCELLED, id="canceled"),
        pytest.param("CANCELLED_BY_GUEST", S.CANCELLED, id="booking-com-code"),
        pytest.param("Canceled by host", S.CANCELLED, id="airbnb"),
        pytest.param("Cancelled (no charge)", S.CANCELLED, id="with-note"),
        pytest.param("storniert", S.CANCELLED, id="storniert"),
        pytest.param("Storno", S.CANCELLED, id="storno"),
        pytest.param("annulé", S.CANCELLED, id="annule"),
        pytest.param("Annulée", S.CANCELLED, id="annulee"),
        pytest.param("cancelada", S.CANCELLED, id="cancelada"),
        pytest.param("anulada", S.CANCELLED, id="anulada"),
        pytest.param("no-show", S.NO_SHOW, id="no-show"),
        pytest.param("No Show", S.NO_SHOW, id="no-show-spaced"),
        pytest.param("no_show", S.NO_SHOW, id="no-show-code"),
        pytest.param("No-show (charged)", S.NO_SHOW, id="no-show-note"),
        pytest.param("nicht erschienen", S.NO_SHOW, id="nicht-erschienen"),
        pytest.param("Non présenté", S.NO_SHOW, id="non-presente"),
        pytest.param("No presentado", S.NO_SHOW, id="no-presentado"),
        pytest.param("checked in", S.CHECKED_IN, id="checked-in"),
        pytest.param("Checked-In", S.CHECKED_IN, id="checked-in-hyphen"),
        pytest.param("In house", S.CHECKED_IN, id="in-house"),
        pytest.param("Currently hosting", S.CHECKED_IN, id="airbnb-hosting"),
        pytest.param("eingecheckt", S.CHECKED_IN, id="eingecheckt"),
        pytest.param("Checked out", S.CHECKED_IN, id="checked-out"),
        pytest.param("Enregistré", S.CHECKED_IN, id="enregistre"),
    ],
)
def test_normalize_status_known(raw: str, status: BookingStatus) -> None:
    assert normalize_status(raw) == StatusResult(status, None)


def test_normalize_status_unknown_warns() -> None:
    assert normalize_status("Tentative") == StatusResult(
        S.CONFIRMED,
        "status 'Tentative' is not a known booking status; read as confirmed",
    )


def test_status_values_are_names() -> None:
    assert [status.value for status in S] == [
        "CONFIRMED",
        "CANCELLED",
        "NO_SHOW",
        "CHECKED_IN",
    ]
