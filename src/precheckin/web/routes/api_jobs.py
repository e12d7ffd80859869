"""API: run one round of a background job, for schedulers outside precheckin."""

from __future__ import annotations

from dataclasses import dataclass, field

import pydantic
from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from ...errors import ConfigError
from ...imports.pending import process_pending
from ...notifications import NotificationSettings, load_notification_settings
from ...notifications.sender import send_due_async
from ...reminders import load_reminder_settings, queue_reminders
from ..deps import AdminPrincipal

router = APIRouter(prefix="/api/jobs", tags=["jobs"])


@dataclass(frozen=True)
class JobResult:
    """The outcome of one run of a job: units of work finished, and counts."""

    job: str
    done: int
    counts: dict[str, int] = field(default_factory=dict)


def notification_settings(request: Request) -> NotificationSettings:
    """Return the app's sender settings, read from the environment on first use."""
    settings: NotificationSettings | None = request.app.state.notifications
    if settings is None:
        try:
            settings = load_notification_settings()
        except pydantic.ValidationError as error:
            raise ConfigError(
                f"The sender settings are invalid: {error}. Fix the PRECHECKIN_* "
                "variables of this server and restart it."
            ) from error
        request.app.state.notifications = settings
    return settings


@router.post("/process", response_model=JobResult)
async def run_process(request: Request, principal: AdminPrincipal) -> JobResult:
    """Process the pending rows of every open batch once (admin key)."""
    database, clock = request.app.state.database, request.app.state.clock
    done = await run_in_threadpool(process_pending, database, now=clock)
    return JobResult("process", done)


@router.post("/send", response_model=JobResult)
async def run_send(request: Request, principal: AdminPrincipal) -> JobResult:
    """Send every notification that is due now, once (admin key)."""
    settings = notification_settings(request)
    report = await send_due_async(
        request.app.state.database, settings, now=request.app.state.clock
    )
    counts = {
        "sent": report.sent,
        "retried": report.retried,
        "failed": report.failed,
        "cancelled": report.cancelled,
    }
    return JobResult("send", report.total, counts)


@router.post("/remind", response_model=JobResult)
async def run_remind(request: Request, principal: AdminPrincipal) -> JobResult:
    """Queue the reminders due now in each hotel's time zone, once (admin key)."""
    database, clock = request.app.state.database, request.app.state.clock
    settings = load_reminder_settings()
    report = await run_in_threadpool(
        queue_reminders, database, now=clock(), settings=settings
    )
    counts = {
        "reminder_1": report.reminder_1.bookings,
        "reminder_2": report.reminder_2.bookings,
    }
    return JobResult("remind", report.notifications, counts)
