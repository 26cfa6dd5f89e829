"""Settings of the ingress and of `storebridge hooks sync`, composed from the shared pieces."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr, model_validator

from storebridge_shared.settings import (
    BrokerSettings,
    LoggingSettings,
    MongoSettings,
    NamespaceSettings,
    ShutdownSettings,
    StoresSettings,
)


class HooksSettings(NamespaceSettings, StoresSettings):
    """`storebridge hooks sync`: our hooks on every configured store, sent to APP_URL."""

    required_settings: ClassVar[tuple[str, ...]] = (
        "webhook_secret",
        "store_a_hash",
        "store_a_access_token",
    )

    app_url: str = Field(
        default="",
        description=(
            "Public base URL of the ingress; hooks are registered to APP_URL + /webhooks "
            "(unset: http://127.0.0.1:PORT)."
        ),
    )
    port: int = Field(default=8080, ge=1, le=65535, description="Port the ingress listens on.")
    webhook_secret: SecretStr | None = Field(
        default=None, description="Value of the X-Storebridge-Secret header on every delivery."
    )

    @model_validator(mode="after")
    def _app_url_from_port(self) -> HooksSettings:
        if not self.app_url:
            self.app_url = f"http://127.0.0.1:{self.port}"
        return self


class IngressSettings(
    HooksSettings, BrokerSettings, MongoSettings, ShutdownSettings, LoggingSettings
):
    """`storebridge ingress`: the webhook intake."""

    requirement_notes: ClassVar[dict[str, str]] = {
        "store_a_access_token": "required when REGISTER_HOOKS_ON_START is true",
    }

    webhook_signing_secret: SecretStr | None = Field(
        default=None,
        description="App client secret; when set, Standard Webhooks signatures are verified too.",
    )
    webhook_max_body_bytes: int = Field(
        default=64 * 1024, ge=1024, description="Largest webhook body accepted (413 above)."
    )
    webhook_signature_tolerance_secs: int = Field(
        default=300, ge=1, description="Accepted clock skew of signed deliveries."
    )
    relay_interval_secs: float = Field(
        default=30.0,
        gt=0,
        description=(
            "How often the ingress relay sweeps for events left unpublished by any replica "
            "(a failed publish here wakes it at once)."
        ),
    )
    register_hooks_on_start: bool = Field(
        default=False, description="Run `storebridge hooks sync` when the ingress starts."
    )

    def required_now(self) -> tuple[str, ...]:
        """The secret and store A's hash; store A's token too when hooks are registered."""
        token = ("store_a_access_token",) if self.register_hooks_on_start else ()
        return ("webhook_secret", "store_a_hash", *token)
