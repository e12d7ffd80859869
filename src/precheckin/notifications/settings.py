"""Settings of the sender: provider credentials, limits, retries and templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TEMPLATE_CODES = ("precheckin_link", "precheckin_reminder_1", "precheckin_reminder_2")


class WhatsAppTemplate(BaseModel):
    """The approved WhatsApp template that carries one template code."""

    name: str = Field(min_length=1, description="template name as approved by Meta")
    language: str = Field(
        default="en_US", description="template language code of English hotels"
    )
    # The approved template fixes the URL prefix (PRECHECKIN_PUBLIC_URL), so the
    # button carries only the token that Meta appends to it.
    url_button: bool = Field(
        default=True, description="send the token as the URL button's parameter"
    )
    link_in_body: bool = Field(
        default=False, description="append the full link as the last body parameter"
    )


def default_whatsapp_templates() -> dict[str, WhatsAppTemplate]:
    """Return one template per template code, named like the code, in en_US."""
    return {code: WhatsAppTemplate(name=code) for code in TEMPLATE_CODES}


class NotificationSettings(BaseSettings):
    """Sender settings, read from the environment.

    Provider credentials and base URLs use the providers' own variable names
    (`WHATSAPP_TOKEN`, `RESEND_API_KEY`, ...); everything else is `PRECHECKIN_*`.
    Nested values take JSON or `__`, for example
    `PRECHECKIN_WHATSAPP_TEMPLATES__PRECHECKIN_LINK__LANGUAGE=de`.
    """

    model_config = SettingsConfigDict(
        env_prefix="PRECHECKIN_",
        env_nested_delimiter="__",
        extra="ignore",
        populate_by_name=True,
    )

    whatsapp_token: SecretStr | None = Field(
        default=None,
        validation_alias="WHATSAPP_TOKEN",
        description="WhatsApp Cloud API access token",
    )
    # No default URL: precheckin calls a provider only once its URL is set.
    whatsapp_api_url: str | None = Field(
        default=None,
        validation_alias="WHATSAPP_API_URL",
        description="Graph API base URL, such as https://graph.facebook.com",
    )
    whatsapp_api_version: str = Field(
        default="v25.0", pattern=r"^v\d+\.\d+$", description="Graph API version"
    )
    resend_api_key: SecretStr | None = Field(
        default=None, validation_alias="RESEND_API_KEY", description="Resend API key"
    )
    resend_api_url: str | None = Field(
        default=None,
        validation_alias="RESEND_API_URL",
        description="Resend base URL, such as https://api.resend.com",
    )
    public_url: str | None = Field(
        default=None,
        description="base URL of the guests' links; the link is this plus the token",
    )
    outbox: Path | None = Field(
        default=None, description="write messages as files here instead of sending"
    )

    send_max_in_flight: int = Field(
        default=64, ge=1, le=1000, description="provider requests in flight at once"
    )
    send_set_size: int = Field(
        default=500, ge=1, le=10_000, description="notifications one claim takes"
    )
    send_lease_seconds: int = Field(
        default=300, ge=5, description="a claim left by a stopped sender expires after"
    )
    send_max_attempts: int = Field(
        default=5, ge=1, le=50, description="attempts before a notification fails"
    )
    send_first_retry_seconds: float = Field(
        default=300, ge=0, description="wait before the first retry"
    )
    send_backoff_factor: float = Field(
        default=3, ge=1, description="each later retry waits this many times longer"
    )
    send_max_retry_seconds: float = Field(
        default=6 * 3600,
        ge=0,
        description="maximum wait between two attempts, in seconds",
    )
    send_timeout_seconds: float = Field(
        default=15, gt=0, description="timeout of one provider request"
    )
    # 80 messages per second is Meta's documented default throughput of one
    # business phone number; the limit here covers all numbers together.
    whatsapp_messages_per_second: float = Field(
        default=80, ge=0, description="WhatsApp send rate limit; 0 turns it off"
    )
    # Resend documents 2 requests per second per team (newer pages give 5).
    resend_requests_per_second: float = Field(
        default=2, ge=0, description="Resend request rate limit; 0 turns it off"
    )
    resend_batch_size: int = Field(
        default=100, ge=1, le=100, description="emails per Resend batch request"
    )
    whatsapp_templates: dict[str, WhatsAppTemplate] = Field(
        default_factory=default_whatsapp_templates,
        description="WhatsApp template name and language per template code",
    )

    @field_validator("whatsapp_api_url", "resend_api_url")
    @classmethod
    def strip_trailing_slash(cls, value: str | None) -> str | None:
        """Store base URLs without a trailing slash so paths join cleanly."""
        return value.rstrip("/") if value else None

    @field_validator("whatsapp_templates", mode="before")
    @classmethod
    def fill_template_defaults(cls, value: Any) -> Any:
        """Keep the default template of every code the setting does not name."""
        if not isinstance(value, dict):
            return value
        merged: dict[str, Any] = {
            code: template.model_dump()
            for code, template in default_whatsapp_templates().items()
        }
        for code, template in value.items():
            if isinstance(template, dict) and code in merged:
                merged[code] = {**merged[code], **template}
            else:
                merged[code] = template
        return merged

    def link(self, token: str) -> str | None:
        """Return the guest's link for a token, or None without a public URL."""
        if not self.public_url:
            return None
        base = (
            self.public_url if self.public_url.endswith("/") else self.public_url + "/"
        )
        return base + token


def load_notification_settings(**overrides: Any) -> NotificationSettings:
    """Read the sender settings from the environment, with overrides on top."""
    return NotificationSettings(**overrides)
