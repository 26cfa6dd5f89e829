"""Settings of the ingress and of `storebridge hooks sync`, composed from the shared pieces."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr

from storebridge_shared.settings import (
    AlertSettings,
    BrokerSettings,
    HookTargetSettings,
    LoggingSettings,
    MongoSettings,
    ShutdownSettings,
)


class HooksSettings(HookTargetSettings):
    """`storebridge hooks sync`: our hooks on every configured store, sent to APP_URL."""

    required_settings: ClassVar[tuple[str, ...]] = (
        "webhook_secret",
        "store_a_hash",
        "store_a_access_token",
    )


class IngressSettings(
    HooksSettings, BrokerSettings, MongoSettings, ShutdownSettings, LoggingSettings, AlertSettings
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
    ingress_workers: int = Field(
        default=0,
        ge=0,
        description=(
            "Worker processes serving PORT together (SO_REUSEPORT); 0: one per CPU this "
            "container may use (affinity and cgroup quota, at least 1)."
        ),
    )
    register_hooks_on_start: bool = Field(
        default=False, description="Run `storebridge hooks sync` when the ingress starts."
    )

    def required_now(self) -> tuple[str, ...]:
        """The secret and store A's hash; store A's token too when hooks are registered."""
        token = ("store_a_access_token",) if self.register_hooks_on_start else ()
        return ("webhook_secret", "store_a_hash", *token)
