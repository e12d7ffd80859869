"""The fields precheckin reads from each row of an export."""

from enum import StrEnum

from precheckin.imports.cells import fold


class Field(StrEnum):
    """A value precheckin needs from a row; the value is the field's name."""

    BOOKING_REFERENCE = "booking_reference"
    GUEST_NAME = "guest_name"
    PHONE = "phone"
    EMAIL = "email"
    CHECKIN = "checkin"
    CHECKOUT = "checkout"
    ROOM = "room"
    GUESTS = "guests"
    STATUS = "status"

    @property
    def label(self) -> str:
        """The field's name in messages for hotel staff, such as "check-in"."""
        return _LABELS[self]


REQUIRED = (Field.BOOKING_REFERENCE, Field.GUEST_NAME, Field.CHECKIN, Field.CHECKOUT)
OPTIONAL = tuple(field for field in Field if field not in REQUIRED)

_LABELS = {
    Field.BOOKING_REFERENCE: "booking reference",
    Field.GUEST_NAME: "guest name",
    Field.PHONE: "phone",
    Field.EMAIL: "email",
    Field.CHECKIN: "check-in",
    Field.CHECKOUT: "check-out",
    Field.ROOM: "room",
    Field.GUESTS: "guests",
    Field.STATUS: "status",
}

# Other names a person may type for a field in `--map field=Header`, compared
# after fold(), so "check_in", "check-in" and "Check In" all name CHECKIN.
_ALIASES = {
    Field.BOOKING_REFERENCE: ("reference", "ref", "bookingref", "booking", "bookingid"),
    Field.GUEST_NAME: ("guest", "name", "guestnames"),
    Field.PHONE: ("telephone", "tel", "mobile", "phonenumber"),
    Field.EMAIL: ("mail", "emailaddress"),
    Field.CHECKIN: ("arrival", "checkindate", "arrivaldate"),
    Field.CHECKOUT: ("departure", "checkoutdate", "departuredate"),
    Field.ROOM: ("roomnumber", "unit"),
    Field.GUESTS: ("pax", "persons", "guestcount", "numberofguests"),
    Field.STATUS: ("bookingstatus",),
}

_BY_NAME = {fold(field.value): field for field in Field} | {
    alias: field for field, aliases in _ALIASES.items() for alias in aliases
}


def field_named(name: str) -> Field | None:
    """Return the field a person means by name ("checkin", "check-in"), or None."""
    return _BY_NAME.get(fold(name))
