"""Messages the order replicator sends: the `order.replicated` and `order.updated` events and
the poll's command."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from storebridge_order_replicator.decisions import POLLED_SCOPE
from storebridge_shared.events.envelope import EventEnvelope

REPLICATED_EVENT: Literal["order.replicated"] = "order.replicated"
UPDATED_EVENT: Literal["order.updated"] = "order.updated"


class OrderReplicated(BaseModel):
    """Published once an order is stored in MongoDB and its status was moved (or kept)."""

    model_config = ConfigDict(frozen=True)

    schema_version: Literal[1] = 1
    event: Literal["order.replicated"] = REPLICATED_EVENT
    event_id: str
    store_hash: str
    order_id: int
    status_before: int
    status_after: int
    status_action: str
    """`moved` by the replicator, `already` at the target, or `kept` (never moved backwards)."""
    replicated_at: datetime
    cause_event_id: str
    """The webhook event (or poll command) that led to the replication."""

    @staticmethod
    def id_for(store_hash: str, order_id: int) -> str:
        """One id per order, so consumers can drop a duplicate (delivery is at-least-once)."""
        return f"order-replicated-{store_hash}-{order_id}"


class OrderUpdated(BaseModel):
    """Published when a merchant's change reached the stored copy of a replicated order."""

    model_config = ConfigDict(frozen=True)

    schema_version: Literal[1] = 1
    event: Literal["order.updated"] = UPDATED_EVENT
    event_id: str
    store_hash: str
    order_id: int
    status_id: int
    """The order's status now (the replicator never moves it again)."""
    changed: list[str]
    """Top-level fields of the stored order that changed (`products`, `status_id`, ...)."""
    date_modified: str | None
    updated_at: datetime
    cause_event_id: str
    cause_scope: str
    """The webhook scope that led to the refresh (`store/order/updated`, ...)."""

    @staticmethod
    def id_for(store_hash: str, order_id: int, cause_event_id: str) -> str:
        """One id per order and cause, so a redelivered webhook gives the same id."""
        return f"order-updated-{store_hash}-{order_id}-{cause_event_id}"


def polled_order_command(
    store_hash: str, order_id: int, status_id: int, run_id: str, now: datetime
) -> EventEnvelope:
    """The command the polling backstop queues for an order it found (same path as a webhook)."""
    return EventEnvelope(
        event_id=f"poll-{run_id}-{order_id}",
        store_hash=store_hash,
        scope=POLLED_SCOPE,
        resource_type="order",
        resource_id=str(order_id),
        bc_hash=f"poll-{run_id}",
        created_at=now,
        received_at=now,
        payload={"type": "order", "id": order_id, "status_id": status_id},
    )
