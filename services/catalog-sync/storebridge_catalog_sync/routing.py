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
        return Target(PRODUCT, _int(_sku_product(envelope), envelope))
    return None


def _sku_product(envelope: EventEnvelope) -> object:
    """The product of a SKU event: `data.sku.product_id`, or `data.inventory.product_id` for
    the stock events (`store/sku/inventory/updated`)."""
    for part in ("sku", "inventory"):
        found = envelope.payload.get(part)
        if isinstance(found, dict) and found.get("product_id") is not None:
            return found["product_id"]
    raise PermanentFailure(f"{envelope.scope} without data.sku.product_id")


def _int(value: object, envelope: EventEnvelope) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise PermanentFailure(f"{envelope.scope}: id {value!r} is not a number") from None
