"""The event envelope every service publishes and consumes (schema version 1).

Pure: no I/O. One envelope for every BigCommerce event: who produced it, what changed, when, and
the ids BigCommerce sent (never the changed values: consumers read current state from the store).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from storebridge_shared.events.event_ids import new_event_id
from storebridge_shared.events.routing import routing_key
from storebridge_shared.events.webhooks import WebhookDelivery

SCHEMA_VERSION: Literal[1] = 1


__all__ = ["SCHEMA_VERSION", "EventEnvelope", "new_event_id", "subject_key", "utcnow"]

PRODUCT_OF_SKU_PARTS = ("sku", "inventory")
"""Where a `store/sku/*` event's data names the product of the SKU (`data.sku.product_id`,
`data.inventory.product_id`)."""


def subject_key(store_hash: str, resource_type: str, resource_id: str) -> str:
    """The `subject` of the events about one resource of a store: `{store}:{type}:{id}`."""
    return f"{store_hash}:{resource_type}:{resource_id}"


def utcnow() -> datetime:
    """Timezone-aware now, truncated to milliseconds (MongoDB's precision)."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class EventEnvelope(BaseModel):
    """One received BigCommerce event, as stored in the event log and carried on the broker."""

    model_config = ConfigDict(frozen=True)

    schema_version: Literal[1] = SCHEMA_VERSION
    event_id: str = Field(min_length=1)
    store_hash: str
    scope: str
    resource_type: str
    resource_id: str
    bc_hash: str
    created_at: datetime
    received_at: datetime
    payload: dict[str, Any]
    trace_context: SkipJsonSchema[dict[str, str] | None] = Field(default=None, exclude=True)
    """With traces on, the W3C trace context (`traceparent`, `tracestate`) of the request that
    received the event: kept beside it in the event log so a later publish (the relay's, the
    janitor's) continues that trace. Never in the message body: a message carries its context
    in its headers."""

    @property
    def routing_key(self) -> str:
        """The broker routing key derived from store hash and scope."""
        return routing_key(self.store_hash, self.scope)

    @property
    def subject(self) -> str:
        """The resource the event is about, as `subject_key` (a SKU event and a channel
        assignment event are about their product, a converted cart about its order
        (`data.orderId`): the event log finds every event that touched a product or an order by
        it)."""
        if self.resource_type == "sku":
            for part in PRODUCT_OF_SKU_PARTS:
                nested = self.payload.get(part)
                if isinstance(nested, dict) and nested.get("product_id") is not None:
                    return subject_key(self.store_hash, "product", str(nested["product_id"]))
        if self.resource_type == "channel" and self.payload.get("product_id") is not None:
            return subject_key(self.store_hash, "product", str(self.payload["product_id"]))
        if self.resource_type == "cart" and self.payload.get("orderId") is not None:
            return subject_key(self.store_hash, "order", str(self.payload["orderId"]))
        return subject_key(self.store_hash, self.resource_type, self.resource_id)

    @classmethod
    def from_delivery(
        cls, delivery: WebhookDelivery, *, received_at: datetime | None = None
    ) -> EventEnvelope:
        """Build the envelope of a validated webhook delivery (its id ordered by receipt)."""
        received = received_at or utcnow()
        return cls(
            event_id=new_event_id(received),
            store_hash=delivery.store_hash,
            scope=delivery.scope,
            resource_type=delivery.resource_type,
            resource_id=delivery.resource_id,
            bc_hash=delivery.hash,
            created_at=datetime.fromtimestamp(delivery.created_at, UTC),
            received_at=received,
            payload=dict(delivery.data),
        )

    def to_message(self) -> bytes:
        """JSON bytes for the broker."""
        return self.model_dump_json().encode()
