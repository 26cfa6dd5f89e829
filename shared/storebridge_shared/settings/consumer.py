"""Settings piece of a consuming service: the broker, prefetch, attempts and its ops port.

A service's own class gives `max_attempts` and `ops_port` their variable names (for example
`ORDER_MAX_ATTEMPTS`, `CATALOG_SYNC_OPS_PORT`); the consumer runtime reads the fields.
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field

from storebridge_shared.settings.infrastructure import BrokerSettings
from storebridge_shared.settings.ops import ShutdownSettings


def ops_port_field(variable: str, service: str) -> Any:
    """A consumer's `ops_port` field, set by `variable` (`OPS_PORT`: a deprecated alias)."""
    return Field(
        default=None,
        ge=0,
        le=65535,
        validation_alias=AliasChoices(variable.lower(), "ops_port"),
        description=f"Port of {service}'s /healthz, /readyz, /metrics (unset: off; 0: any free).",
    )


class ConsumerSettings(BrokerSettings, ShutdownSettings):
    """What the consumer runtime needs from any consuming service's settings."""

    consumer_prefetch: int = Field(
        default=20, ge=1, le=1000, description="Unacked messages a consumer holds at once."
    )
    max_attempts: int = Field(
        default=8,
        ge=1,
        le=100,
        validation_alias=AliasChoices("consumer_max_attempts"),
        description="Attempts before a message is dead-lettered.",
    )
    ops_port: int | None = Field(
        default=None,
        ge=0,
        le=65535,
        validation_alias=AliasChoices("ops_port"),
        description="Port of /healthz, /readyz and /metrics (unset: not served; 0: any free).",
    )
