"""Inventory webhooks: `store/product/inventory/updated` and `store/sku/inventory/updated`,
fired for stock set through the API or the control panel (`method: absolute`)."""

from __future__ import annotations

from storebridge_sandbox.domain.skus import option_variants
from storebridge_sandbox.state import Record
from storebridge_sandbox.store import Store


def product_stock_changed(store: Store, product: Record, before: int) -> None:
    """Fire the product event when base stock moved: always without variants, else only when
    tracking by product."""
    delta = int(product["inventory_level"]) - int(before)
    has_variants = bool(option_variants(store.state, product["id"]))
    if not delta or (has_variants and product["inventory_tracking"] != "product"):
        return
    inventory = {"product_id": product["id"], "method": "absolute", "value": delta}
    store.emit(
        "store/product/inventory/updated",
        {"type": "product", "id": product["id"], "inventory": inventory},
    )


def variant_stock_changed(store: Store, product: Record, variant: Record, before: int) -> None:
    """Fire the SKU event when an option variant's stock moved while tracking by variant."""
    delta = int(variant["inventory_level"] or 0) - int(before or 0)
    if not delta or variant["sku_id"] is None or product["inventory_tracking"] != "variant":
        return
    inventory = {
        "product_id": product["id"],
        "method": "absolute",
        "value": delta,
        "variant_id": variant["id"],
    }
    store.emit(
        "store/sku/inventory/updated",
        {"type": "sku", "id": variant["sku_id"], "inventory": inventory},
    )
