"""What a hotel's staff read and change: batches, rows, bookings, notifications.

Every function takes the hotel's id and finds only that hotel's records, so a
record of another hotel reads as not found.
"""
