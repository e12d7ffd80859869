"""Reading a hotel's export and turning its rows into bookings."""
