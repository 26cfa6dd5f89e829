"""Settings of the order replicator and of `storebridge status orders`."""

from __future__ import annotations

from typing import ClassVar

from pydantic import AliasChoices, Field

from storebridge_shared.settings import (
    AlertSettings,
    BrokerSettings,
    ConsumerSettings,
    LoggingSettings,
    MongoSettings,
    StoresSettings,
)
from storebridge_shared.settings.consumer import ops_port_field


class OrderStatusSettings(MongoSettings, BrokerSettings):
    """`storebridge status orders`: poll runs and orders (MongoDB), dead letters (RabbitMQ)."""


class OrderReplicatorSettings(
    ConsumerSettings, MongoSettings, StoresSettings, AlertSettings, LoggingSettings
):
    """`storebridge order-replicator`: orders of every configured store into MongoDB."""

    requirement_notes: ClassVar[dict[str, str]] = {
        "store_a_hash": "required when no store is configured",
        "store_a_access_token": "required when no store is configured",
    }

    max_attempts: int = Field(
        default=20,
        ge=1,
        le=100,
        validation_alias=AliasChoices("order_max_attempts"),
        description="Attempts at one order before it is dead-lettered (order-replicator's own).",
    )
    ops_port: int | None = ops_port_field("ORDER_REPLICATOR_OPS_PORT", "the order replicator")
    order_poll_interval_minutes: int = Field(
        default=15,
        ge=15,
        le=1440,
        description="Minutes between order-replicator polls for orders the webhooks missed.",
    )
    order_poll_statuses: str = Field(
        default="11,7,10",
        pattern=r"^\s*\d{1,2}(\s*,\s*\d{1,2})*\s*$",
        description="Comma-separated status ids whose orders are replicated (and polled for).",
    )
    order_poll_lookback_hours: float = Field(
        default=24.0,
        gt=0,
        description="How far back the first poll of a store looks (later polls: the watermark).",
    )
    order_status_physical: int = Field(
        default=9, ge=0, le=14, description="Status a replicated order moves to (Awaiting Shipment)"
    )
    order_status_digital: int = Field(
        default=8,
        ge=0,
        le=14,
        description="Status a replicated all-digital order moves to (Awaiting Pickup).",
    )
    order_drop_fields: str = Field(
        default="",
        description="Comma-separated dotted order fields not stored, e.g. billing_address.phone.",
    )
    order_mask_fields: str = Field(
        default="",
        description="Comma-separated dotted order fields stored masked, e.g. customer_email.",
    )
    order_store_concurrency: int = Field(
        default=3, ge=1, le=50, description="BigCommerce calls in flight per store (orders)."
    )

    def required_now(self) -> tuple[str, ...]:
        """At least one store: store A is asked for when none is configured."""
        return () if self.stores() else ("store_a_hash", "store_a_access_token")
