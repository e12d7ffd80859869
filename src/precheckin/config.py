"""Settings of the core: database, data folder and import processing."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """Return the folder of the embedded database when none is configured."""
    return Path(platformdirs.user_data_dir("precheckin"))


class Settings(BaseSettings):
    """Core settings, read from `PRECHECKIN_*` environment variables.

    `DATABASE_URL` is read without the prefix because hosting platforms set it
    under that name.
    """

    model_config = SettingsConfigDict(env_prefix="PRECHECKIN_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "PRECHECKIN_DATABASE_URL"),
        description="PostgreSQL 15+ connection URL; unset starts the embedded server",
    )
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="folder of the embedded PostgreSQL data directory",
    )
    pool_max_size: int = Field(default=8, ge=1, description="connections per process")
    process_set_size: int = Field(
        default=5000, ge=1, le=100_000, description="rows one processing claim takes"
    )
    process_threads: int = Field(
        default=2,
        ge=1,
        le=16,
        description="connections that process one batch at once in this process",
    )
    claim_timeout_seconds: int = Field(
        default=300,
        ge=5,
        description="a claim on rows held by a frozen process is released after this",
    )
    row_retention_days: int = Field(
        default=30, ge=1, description="days staged rows of a final batch are kept"
    )


def load_settings() -> Settings:
    """Read the settings from the environment."""
    return Settings()
