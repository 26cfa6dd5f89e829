"""Inventory webhooks: `store/product/inventory/updated` and `store/sku/inventory/updated`,
fired for stock set through the API or the control panel (`method: absolute`), and their
`.../inventory/order/updated` twins for stock an order used up (`method: relative`)."""

from __future__ import annotations

from storebridge_sandbox.domain.skus import option_variants, sync_base_variant
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


def order_used_stock(store: Store, lines: list[Record]) -> None:
    """A placed order takes its catalog lines' quantities from tracked stock (never below 0):
    the product's level when tracking by product (`store/product/inventory/order/updated`),
    the variant's when tracking by variant (`store/sku/inventory/order/updated`); `value` is
    the (negative) change."""
    for line in lines:
        product = store.state.table("products").get(line["product_id"])
        if product is None:
            continue
        if product["inventory_tracking"] == "product":
            used = min(int(line["quantity"]), int(product["inventory_level"]))
            product["inventory_level"] = int(product["inventory_level"]) - used
            sync_base_variant(store.state, product)
            _order_event(store, "product", product["id"], product["id"], used)
        elif product["inventory_tracking"] == "variant":
            variant = store.state.table("variants").get(line["variant_id"])
            if variant is None or variant["sku_id"] is None:
                continue
            used = min(int(line["quantity"]), int(variant["inventory_level"] or 0))
            variant["inventory_level"] = int(variant["inventory_level"] or 0) - used
            _order_event(store, "sku", variant["sku_id"], product["id"], used, variant["id"])


def _order_event(
    store: Store,
    kind: str,
    resource_id: int,
    product_id: int,
    used: int,
    variant_id: int | None = None,
) -> None:
    if not used:
        return
    inventory: Record = {"product_id": product_id, "method": "relative", "value": -used}
    if variant_id is not None:
        inventory["variant_id"] = variant_id
    store.emit(
        f"store/{kind}/inventory/order/updated",
        {"type": kind, "id": resource_id, "inventory": inventory},
    )
