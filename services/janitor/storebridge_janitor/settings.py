"""Settings of the janitor and of `storebridge replay`, composed from the shared pieces."""

from __future__ import annotations

from pydantic import AliasChoices, Field

from storebridge_shared.settings import (
    AlertSettings,
    BrokerSettings,
    HookTargetSettings,
    LoggingSettings,
    MongoSettings,
)


class ReplaySettings(MongoSettings, BrokerSettings):
    """`storebridge replay`: stored events (MongoDB) published again (RabbitMQ)."""


class JanitorSettings(ReplaySettings, HookTargetSettings, AlertSettings, LoggingSettings):
    """`storebridge janitor`: purge, re-drive, stuck-event reports, hook reconcile, metrics."""

    clean_period_in_hours: float = Field(
        default=2.0, gt=0, description="How often the janitor purges processed events."
    )
    event_retention_hours: float = Field(
        default=168.0, gt=0, description="Processed events older than this are purged (hours)."
    )
    janitor_interval_secs: float = Field(
        default=60.0,
        gt=0,
        description="How often the janitor re-drives, reports stuck events and refreshes metrics.",
    )
    stuck_event_minutes: float = Field(
        default=60.0,
        gt=0,
        description="Published events still unprocessed after this long are reported (alert).",
    )
    purge_batch_size: int = Field(
        default=500,
        ge=1,
        le=10000,
        description="Events each purge delete aims at (one _id range per delete).",
    )
    purge_duty_cycle: float = Field(
        default=0.1,
        gt=0,
        le=1,
        description=(
            "Share of the time the purge may keep MongoDB busy: after each delete it pauses "
            "(1 - d) / d times as long as the delete took (1: no pause)."
        ),
    )
    janitor_hooks_interval_minutes: float = Field(
        default=15.0,
        ge=0,
        description=(
            "How often the janitor reconciles our hooks on every store as `storebridge hooks "
            "sync` does, re-activating any BigCommerce deactivated (0: never; needs "
            "WEBHOOK_SECRET and APP_URL)."
        ),
    )
    ops_port: int = Field(
        default=9102,
        ge=0,
        le=65535,
        validation_alias=AliasChoices("janitor_ops_port", "janitor_port"),
        description="Port of the janitor's /healthz, /readyz and /metrics (0: any free port).",
    )
