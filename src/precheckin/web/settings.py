"""Settings of the web app, read from `PRECHECKIN_*` environment variables."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ..auth.throttle import ThrottlePolicy

MIB = 1024 * 1024


class WebSettings(BaseSettings):
    """Limits and lifetimes of the web app."""

    model_config = SettingsConfigDict(env_prefix="PRECHECKIN_", extra="ignore")

    max_upload_bytes: int = Field(
        default=50 * MIB,
        ge=1024,
        description="largest export an upload accepts, in bytes",
    )
    max_form_bytes: int = Field(
        default=MIB, ge=1024, description="largest request body other than an upload"
    )
    session_hours: float = Field(
        default=12, gt=0, description="hours a staff sign-in lasts"
    )
    cookie_secure: bool | None = Field(
        default=None,
        description="send the session cookie only over HTTPS; "
        "unset: only when the request came over HTTPS",
    )
    free_failures: int = Field(
        default=5,
        ge=1,
        description="unknown links or keys an address may try before waiting",
    )
    max_failure_delay_seconds: int = Field(
        default=300,
        ge=1,
        description="maximum wait after repeated failures, in seconds",
    )
    db_pool_size: int = Field(
        default=8, ge=1, description="database connections per process"
    )

    @property
    def session_lifetime(self) -> timedelta:
        """Return how long a sign-in lasts."""
        return timedelta(hours=self.session_hours)

    @property
    def throttle(self) -> ThrottlePolicy:
        """Return the policy that slows down repeated failures."""
        return ThrottlePolicy(
            free_failures=self.free_failures,
            max_delay=timedelta(seconds=self.max_failure_delay_seconds),
        )
