"""The fields precheckin reads from each row of an export."""

from enum import StrEnum

from precheckin.imports.cells import fold


class Field(StrEnum):
    """A value precheckin needs from a row; the value is the field's name."""

    booking_reference = "booking_reference"
    guest_name = "guest_name"
    phone = "phone"
    email = "email"
    checkin = "checkin"
    checkout = "checkout"
    room = "room"
    guests = "guests"
    status = "status"

    @property
    def label(self) -> str:
        """The field's name in messages for hotel staff, such as "check-in"."""
        return _LABELS[self]


REQUIRED = (Field.booking_reference, Field.guest_name, Field.checkin, Field.checkout)
OPTIONAL = tuple(field for field in Field if field not in REQUIRED)

_LABELS = {
    Field.booking_reference: "booking reference",
    Field.guest_name: "guest name",
    Field.phone: "phone",
    Field.email: "email",
    Field.checkin: "check-in",
    Field.checkout: "check-out",
    Field.room: "room",
    Field.guests: "guests",
    Field.status: "status",
}

# Other names a person may type for a field in `--map field=Header`, compared
# after fold(), so "check_in", "check-in" and "Check In" all name CHECKIN.
_ALIASES = {
    Field.booking_reference: ("reference", "ref", "bookingref", "booking", "bookingid"),
    Field.guest_name: ("guest", "name", "guestnames"),
    Field.phone: ("telephone", "tel", "mobile", "phonenumber"),
    Field.email: ("mail", "emailaddress"),
    Field.checkin: ("arrival", "checkindate", "arrivaldate"),
    Field.checkout: ("departure", "checkoutdate", "departuredate"),
    Field.room: ("roomnumber", "unit"),
    Field.guests: ("pax", "persons", "guestcount", "numberofguests"),
    Field.status: ("bookingstatus",),
}

_BY_NAME = {fold(field.value): field for field in Field} | {
    alias: field for field, aliases in _ALIASES.items() for alias in aliases
}


def field_named(name: str) -> Field | None:
    """Return the field a person means by name ("checkin", "check-in"), or None."""
    return _BY_NAME.get(fold(name))
