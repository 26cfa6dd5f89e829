"""Which resource an event asks to sync (pure): the event names it, the source has the data."""

from __future__ import annotations

from dataclasses import dataclass

from storebridge_shared.broker.failures import PermanentFailure
from storebridge_shared.events.envelope import EventEnvelope

PRODUCT, CATEGORY = "product", "category"


@dataclass(frozen=True)
class Target:
    """A resource of the source store to sync."""

    kind: str
    resource_id: int


def target_of(envelope: EventEnvelope, source_hash: str) -> Target | None:
    """The product or category to sync, or None for events this service does not act on."""
    if envelope.store_hash != source_hash:
        return None  # a destination's own events: nothing flows back to the source
    parts = envelope.scope.split("/")
    kind = parts[1] if len(parts) > 2 else ""
    if kind == "product":
        return Target(PRODUCT, _int(envelope.resource_id, envelope))
    if kind == "category":
        return Target(CATEGORY, _int(envelope.resource_id, envelope))
    if kind == "sku":
        sku = envelope.payload.get("sku")
        product_id = sku.get("product_id") if isinstance(sku, dict) else None
        if product_id is None:
            raise PermanentFailure(f"{envelope.scope} without data.sku.product_id")
        return Target(PRODUCT, _int(product_id, envelope))
    return None


def _int(value: object, envelope: EventEnvelope) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise PermanentFailure(f"{envelope.scope}: id {value!r} is not a number") from None
