"""Reads and changes for a hotel's staff: batches, rows, bookings, notifications.

Every function takes the hotel's id and finds only that hotel's records, so a
record of another hotel reads as not found.
"""
