"""Worker settings, and the masked form that the worker logs at start."""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import BaseModel, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from ..db.connection import describe_url
from ..errors import ConfigError

# Field names whose values are never logged.
SECRET_NAME = re.compile(r"token|key|secret|password", re.IGNORECASE)


class WorkerSettings(BaseSettings):
    """How often the worker runs each job and how many run at once.

    Read from `PRECHECKIN_WORKER_*` environment variables; the CLI options
    override them.
    """

    model_config = SettingsConfigDict(env_prefix="PRECHECKIN_WORKER_", extra="ignore")

    poll_interval: float = Field(
        default=5.0,
        gt=0,
        description="seconds between checks for work when no NOTIFY arrives",
    )
    reminder_interval: float = Field(
        default=1800.0, gt=0, description="seconds between reminder runs"
    )
    purge_interval: float = Field(
        default=3600.0,
        gt=0,
        description="seconds between deletions of staged rows past their retention",
    )
    process_concurrency: int = Field(
        default=1, ge=1, le=64, description="threads that process staged rows"
    )
    send_concurrency: int = Field(
        default=1, ge=1, le=64, description="threads that claim and send notifications"
    )
    shutdown_timeout: float = Field(
        default=25.0,
        ge=0,
        description="seconds a stop waits for sets in progress before it exits",
    )
    retry_initial_delay: float = Field(
        default=1.0, gt=0, description="seconds before the first retry after an error"
    )
    retry_max_delay: float = Field(
        default=60.0, gt=0, description="maximum seconds between retries"
    )
    once_max_attempts: int = Field(
        default=5,
        ge=1,
        description="with --once, attempts of a failing job before the worker gives up",
    )


def load_worker_settings(**overrides: object) -> WorkerSettings:
    """Read the worker settings, apply CLI overrides, raise ConfigError when invalid."""
    given = {name: value for name, value in overrides.items() if value is not None}
    try:
        return WorkerSettings(**given)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in issue['loc'])}: {issue['msg']}"
            for issue in error.errors()
        )
        raise ConfigError(f"Invalid worker setting: {problems}") from error


def masked_settings(*models: BaseModel) -> dict[str, str]:
    """Return every field of the models as text, with secrets and passwords hidden."""
    shown: dict[str, str] = {}
    for model in models:
        for name, value in model.model_dump().items():
            shown[name] = mask_value(name, value)
    return shown


def mask_value(name: str, value: object) -> str:
    """Return `value` as text fit for a log line."""
    if value is None:
        return "unset"
    if SECRET_NAME.search(name):
        return "***"
    if name.endswith("url") and isinstance(value, str) and "://" in value:
        return (
            describe_url(value)
            if value.startswith("postgres")
            else strip_userinfo(value)
        )
    if isinstance(value, Mapping):
        return (
            "{"
            + ", ".join(f"{k}: {mask_value(str(k), v)}" for k, v in value.items())
            + "}"
        )
    return str(value)


def strip_userinfo(url: str) -> str:
    """Return a URL without the user and password before its host."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}"
