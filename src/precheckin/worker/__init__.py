"""The worker: runs processing, sending and reminders until stopped."""

from __future__ import annotations

from .jobs import Job, SetResult
from .service import Worker
from .settings import WorkerSettings, load_worker_settings

__all__ = ["Job", "SetResult", "Worker", "WorkerSettings", "load_worker_settings"]
