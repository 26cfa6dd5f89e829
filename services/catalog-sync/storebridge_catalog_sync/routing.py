"""Which resource an event asks to sync (pure): the event names it, the source has the data."""

from __future__ import annotations

from dataclasses import dataclass

from storebridge_shared.broker.failures import PermanentFailure
from storebridge_shared.events.envelope import EventEnvelope

PRODUCT, CATEGORY, BRAND = "product", "category", "brand"
VARIANT = "variant"
"""A variant metafield event names the variant only: `owner_of_variant` finds its product."""


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
    if "metafield" in parts:
        return _metafield_target(envelope)
    kind = parts[1] if len(parts) > 2 else ""
    if kind == "product":
        return Target(PRODUCT, _int(envelope.resource_id, envelope))
    if kind == "category":
        return Target(CATEGORY, _int(envelope.resource_id, envelope))
    if kind == "sku":
        return Target(PRODUCT, _int(_sku_product(envelope), envelope))
    if kind == "channel" and parts[3:4] == ["product"]:
        return Target(PRODUCT, _int(_assigned_product(envelope), envelope))
    return None


_METAFIELD_OWNERS = {"product": PRODUCT, "variant": VARIANT, "category": CATEGORY, "brand": BRAND}


def _metafield_target(envelope: EventEnvelope) -> Target | None:
    """The resource a metafield belongs to (`data.resource_type`, `data.resource_id`, a string),
    whatever the scope's family (the generic `store/metafield/*` too); an order's or a cart's
    metafield is not ours (None)."""
    kind = _METAFIELD_OWNERS.get(str(envelope.payload.get("resource_type", "")))
    if kind is None:
        return None
    return Target(kind, _int(envelope.payload.get("resource_id"), envelope))


def _assigned_product(envelope: EventEnvelope) -> object:
    """The product of `store/channel/{id}/product/assigned|unassigned`: `data.product_id`.
    Its sync re-applies the availability rule (the assignment is read from A at sync time)."""
    found = envelope.payload.get("product_id")
    if found is None:
        raise PermanentFailure(f"{envelope.scope} without data.product_id")
    return found


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
