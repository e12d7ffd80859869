"""API: run one round of a background job, for schedulers outside precheckin."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request

from ...imports.processing import process_pending
from ..deps import AdminPrincipal

router = APIRouter(prefix="/api/jobs", tags=["jobs"])


@dataclass(frozen=True)
class JobResult:
    """The outcome of one run of a job: how many units of work it finished."""

    job: str
    done: int


@router.post("/process", response_model=JobResult)
def run_process(request: Request, principal: AdminPrincipal) -> JobResult:
    """Process the pending rows of every open batch once (admin key)."""
    done = process_pending(request.app.state.database, now=request.app.state.clock)
    return JobResult("process", done)
