"""Errors that precheckin raises on purpose, with a message a person can act on."""


class PrecheckinError(Exception):
    """Base of every error that precheckin raises on purpose.

    The message names the value that is wrong and what to do next. The CLI
    prints it without a traceback and the API returns it as JSON.
    """

    exit_code = 1
    http_status = 400


class ConfigError(PrecheckinError):
    """A setting is missing or invalid."""

    exit_code = 2


class NotFound(PrecheckinError):
    """A hotel, batch, booking or other record does not exist."""

    http_status = 404


class FileRejected(PrecheckinError):
    """An uploaded file cannot be imported; nothing of it was staged."""

    http_status = 422


class MappingError(FileRejected):
    """The column mapping lacks a required field or names a header the file lacks."""


class SchemaOutdated(PrecheckinError):
    """The database schema is older than this version of precheckin."""

    exit_code = 2
    http_status = 503


class DatabaseUnavailable(PrecheckinError):
    """The database cannot be reached."""

    http_status = 503


class Conflict(PrecheckinError):
    """The record's state forbids the change, such as cancelling a sent message."""

    http_status = 409
