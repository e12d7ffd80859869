"""The access-log filter that keeps guest tokens out of uvicorn's log."""

from __future__ import annotations

import logging

import pytest

from precheckin.web.logs import RedactGuestTokens


def access_record(path: str) -> logging.LogRecord:
    args = ("127.0.0.1:5000", "GET", path, "1.1", 200)
    return logging.LogRecord(
        "uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d', args, None
    )


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        pytest.param("/precheckin/abcDEF123_-xyz", "/precheckin/…", id="guest"),
        pytest.param("/precheckin/abc?edit=1", "/precheckin/…", id="guest-query"),
        pytest.param("/api/hotels/x/batches", "/api/hotels/x/batches", id="api"),
    ],
)
def test_filter_redacts_guest_paths(path: str, logged: str) -> None:
    record = access_record(path)

    kept = RedactGuestTokens().filter(record)

    assert kept is True
    assert record.getMessage() == f'127.0.0.1:5000 - "GET {logged} HTTP/1.1" 200'
