"""Settings pieces of operations: logs, alerts, graceful shutdown."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr

from storebridge_shared.settings.base import SettingsBase


class LoggingSettings(SettingsBase):
    """How log lines look and which are written."""

    log_format: Literal["json", "console"] = Field(
        default="json", description="json in production, console for people."
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        default="info", description="Lowest level logged."
    )


class AlertSettings(SettingsBase):
    """Where alerts go besides the log: a Slack-compatible webhook, e-mail."""

    alert_webhook_url: str | None = Field(
        default=None, description="Slack-compatible incoming-webhook URL for alerts (optional)."
    )
    smtp_host: str | None = Field(default=None, description="SMTP server for e-mail alerts.")
    smtp_port: int = Field(default=587, ge=1, le=65535, description="SMTP port.")
    smtp_username: str | None = Field(default=None, description="SMTP login (optional).")
    smtp_password: SecretStr | None = Field(default=None, description="SMTP password.")
    smtp_from: str | None = Field(default=None, description="Sender of e-mail alerts.")
    smtp_starttls: bool = Field(default=True, description="Use STARTTLS when offered.")
    alert_email_to: str | None = Field(
        default=None, description="Comma-separated recipients of e-mail alerts."
    )


class ShutdownSettings(SettingsBase):
    """How long a stopping service lets in-flight work finish."""

    shutdown_grace_secs: float = Field(
        default=20.0, gt=0, description="On SIGTERM, how long in-flight work may finish."
    )
