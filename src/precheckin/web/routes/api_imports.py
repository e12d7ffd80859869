"""API: upload an export, preview it, and propose a column mapping."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile, status
from pydantic import BaseModel, Field

from ...errors import MappingError
from ...imports.staging import stage_export
from ...staff.uploads import (
    MappingProposal,
    UploadPreview,
    preview_upload,
    propose_for_upload,
)
from ..deps import Conn, ScopedHotel

router = APIRouter(prefix="/api/hotels/{hotel_code}", tags=["imports"])

MappingForm = Annotated[
    str | None,
    Form(
        description='JSON object of field to header, such as {"checkin": "Anreise"}; '
        "fields left out are mapped automatically or from the hotel's saved mapping."
    ),
]
DateFormatForm = Annotated[
    str | None,
    Form(
        description="strptime format of the dates, such as %d.%m.%Y; default: detect."
    ),
]


@dataclass(frozen=True)
class UploadAccepted:
    """A staged batch; processing runs in the worker."""

    batch_id: int
    total_rows: int
    mapping: dict[str, str]
    status_url: str


class HeadersIn(BaseModel):
    """The header row of an export, as the upload page read it."""

    headers: list[str] = Field(min_length=1, max_length=500)


def parse_mapping(text: str | None) -> dict[str, str] | None:
    """Return the mapping form field as a dict, or raise MappingError."""
    if not text:
        return None
    try:
        value: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise MappingError(
            f"The mapping is not valid JSON ({error.msg}); send an object such as "
            '{"guest_name": "Name", "checkin": "Arrival"}.'
        ) from error
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise MappingError(
            "The mapping must be a JSON object of field names to header names."
        )
    return value


def upload_name(file: UploadFile) -> str:
    """Return the uploaded file's name, or a stand-in when the client sent none."""
    return file.filename or "upload.csv"


@router.post(
    "/imports",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=UploadAccepted,
    responses={413: {"description": "The file is over the size limit."}},
)
def post_import(
    hotel: ScopedHotel,
    conn: Conn,
    file: UploadFile,
    mapping: MappingForm = None,
    date_format: DateFormatForm = None,
) -> UploadAccepted:
    """Stage an export as a new batch and return at once; the worker processes it."""
    staged = stage_export(
        conn,
        hotel,
        file.file,
        filename=upload_name(file),
        overrides=parse_mapping(mapping),
        date_format=date_format or None,
    )
    return UploadAccepted(
        batch_id=staged.batch_id,
        total_rows=staged.total_rows,
        mapping=staged.mapping,
        status_url=f"/api/hotels/{hotel.code}/batches/{staged.batch_id}",
    )


@router.post("/imports/preview", response_model=UploadPreview)
def post_preview(
    request: Request,
    hotel: ScopedHotel,
    file: UploadFile,
    mapping: MappingForm = None,
    date_format: DateFormatForm = None,
) -> UploadPreview:
    """Report what importing the export would do, changing nothing."""
    return preview_upload(
        request.app.state.database,
        hotel,
        file.file,
        filename=upload_name(file),
        now=request.app.state.clock,
        overrides=parse_mapping(mapping),
        date_format=date_format or None,
    )


@router.post("/mapping-proposal", response_model=MappingProposal)
def post_mapping_proposal(
    hotel: ScopedHotel, conn: Conn, body: HeadersIn
) -> MappingProposal:
    """Propose a mapping for an export's headers: the saved one, else a guess."""
    return propose_for_upload(conn, hotel, body.headers)
