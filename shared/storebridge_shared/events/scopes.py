"""The BigCommerce webhook scopes storebridge accepts and registers.

Pure: no I/O. The one place that knows which scopes exist.
"""

from __future__ import annotations

PRODUCT_SCOPES = frozenset(
    f"store/product/{action}"
    for action in ("created", "updated", "deleted", "inventory/updated", "inventory/order/updated")
)
SKU_SCOPES = frozenset(
    f"store/sku/{action}"
    for action in ("created", "updated", "deleted", "inventory/updated", "inventory/order/updated")
)
CATEGORY_SCOPES = frozenset(f"store/category/{a}" for a in ("created", "updated", "deleted"))
CART_SCOPES = frozenset({"store/cart/converted"})
ORDER_SCOPES = frozenset(
    f"store/order/{a}"
    for a in ("created", "updated", "archived", "statusUpdated", "refund/created")
)

ACCEPTED_SCOPES: frozenset[str] = (
    PRODUCT_SCOPES | SKU_SCOPES | CATEGORY_SCOPES | CART_SCOPES | ORDER_SCOPES
)
"""Every scope the ingress accepts; anything else is answered 422."""

HOOK_SCOPES: tuple[str, ...] = (
    "store/product/created",
    "store/product/updated",
    "store/product/deleted",
    "store/sku/created",
    "store/sku/updated",
    "store/sku/deleted",
    "store/category/created",
    "store/category/updated",
    "store/category/deleted",
    "store/cart/converted",
    "store/order/created",
    "store/order/updated",
    "store/order/statusUpdated",
    "store/order/archived",
    "store/order/refund/created",
)
"""The scopes `storebridge hooks sync` registers on every configured store."""

INVENTORY_HOOK_SCOPES: tuple[str, ...] = (
    "store/product/inventory/updated",
    "store/sku/inventory/updated",
)
"""Registered too when catalog-sync mirrors stock (`CATALOG_INVENTORY=mirror`)."""

LEGACY_PATH_SCOPES: dict[tuple[str, str], str] = {
    (family, action): f"store/{resource}/{action}"
    for family, resource in (
        ("products", "product"),
        ("categories", "category"),
        ("sku", "sku"),
        ("orders", "order"),
    )
    for action in ("created", "updated", "deleted", "archived", "statusUpdated")
    if f"store/{resource}/{action}" in ACCEPTED_SCOPES
} | {("carts", "converted"): "store/cart/converted"}
"""`/webhooks/{family}/{action}` paths of the Node.js app, mapped to the scope they carry."""

HOOK_EXCEPTION_SCOPE = "store/hook/deliveryException"
"""BigCommerce's notice that one of our hooks is failing, disabled or held back (not an event:
the ingress alerts on it and stores nothing in the event log)."""
