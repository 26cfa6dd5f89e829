"""The BigCommerce webhook scopes storebridge accepts and registers.

Pure: no I/O. The one place that knows which scopes exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PRODUCT_SCOPES = frozenset(
    f"store/product/{action}"
    for action in ("created", "updated", "deleted", "inventory/updated", "inventory/order/updated")
)
SKU_SCOPES = frozenset(
    f"store/sku/{action}"
    for action in ("created", "updated", "deleted", "inventory/updated", "inventory/order/updated")
)
CATEGORY_SCOPES = frozenset(f"store/category/{a}" for a in ("created", "updated", "deleted"))
METAFIELD_FAMILIES = ("product", "product/variant", "category", "brand")
"""Catalog resources whose metafield changes have a webhook of their own
(`store/{family}/metafield/{created,updated,deleted}`; a brand has no other webhook)."""
CATALOG_METAFIELD_SCOPES: tuple[str, ...] = tuple(
    f"store/{family}/metafield/{action}"
    for family in METAFIELD_FAMILIES
    for action in ("created", "updated", "deleted")
)
METAFIELD_SCOPES = frozenset(CATALOG_METAFIELD_SCOPES) | frozenset(
    f"store/metafield/{a}" for a in ("created", "updated", "deleted")
)
"""Accepted: the families' and the generic `store/metafield/*` names (BigCommerce's examples of
product and variant metafield events show the generic name in `scope`); the payload's
`resource_type` says which resource changed."""
CART_SCOPES = frozenset({"store/cart/converted"})
ORDER_SCOPES = frozenset(
    f"store/order/{a}"
    for a in ("created", "updated", "archived", "statusUpdated", "refund/created")
)

ACCEPTED_SCOPES: frozenset[str] = (
    PRODUCT_SCOPES | SKU_SCOPES | CATEGORY_SCOPES | METAFIELD_SCOPES | CART_SCOPES | ORDER_SCOPES
)
"""Every scope the ingress accepts; anything else is answered 422."""

CATALOG_HOOK_SCOPES: tuple[str, ...] = (
    "store/product/created",
    "store/product/updated",
    "store/product/deleted",
    "store/sku/created",
    "store/sku/updated",
    "store/sku/deleted",
    "store/category/created",
    "store/category/updated",
    "store/category/deleted",
    *CATALOG_METAFIELD_SCOPES,
)
"""What catalog-sync consumes (`*.product.#`, `*.sku.#`, `*.category.#`, `*.brand.#`,
`*.metafield.#`), from the catalog
source only (store A): registered there and nowhere else, so our writes to a destination never
come back as events."""

ORDER_HOOK_SCOPES: tuple[str, ...] = (
    "store/cart/converted",
    "store/order/created",
    "store/order/updated",
    "store/order/statusUpdated",
    "store/order/archived",
    "store/order/refund/created",
)
"""What the order replicator consumes (`*.order.#`, `*.cart.converted`), of every configured
store it reads (A and B)."""

HOOK_SCOPES: tuple[str, ...] = CATALOG_HOOK_SCOPES + ORDER_HOOK_SCOPES
"""The event scopes `storebridge hooks sync` registers on the catalog source (store A)."""

INVENTORY_HOOK_SCOPES: tuple[str, ...] = (
    "store/product/inventory/updated",
    "store/product/inventory/order/updated",
    "store/sku/inventory/updated",
    "store/sku/inventory/order/updated",
)
"""Registered too on the catalog source when catalog-sync needs A's stock moves: it mirrors
stock (`CATALOG_INVENTORY=mirror`), or a destination disables products out of stock in A
(`availability: {disable_when_out_of_stock: true}`). Set by the merchant or the API
(`.../inventory/updated`) or used up by orders (`.../inventory/order/updated`); the product's
for product-level stock, the SKU's for variant-level (BigCommerce fires one or the other)."""


CHANNEL_PRODUCT_ACTIONS = ("assigned", "unassigned")
_CHANNEL_PRODUCT = re.compile(r"^store/channel/[1-9][0-9]*/product/(assigned|unassigned)$")


def channel_product_scopes(channel_ids: Iterable[int]) -> tuple[str, ...]:
    """`store/channel/{id}/product/assigned` and `.../unassigned` of each channel, ascending:
    a product's assignment to the channel that stands for a destination changed (its
    availability rule, `data.product_id`)."""
    return tuple(
        f"store/channel/{channel_id}/product/{action}"
        for channel_id in sorted(set(channel_ids))
        for action in CHANNEL_PRODUCT_ACTIONS
    )


def is_accepted(scope: str) -> bool:
    """Whether the ingress takes `scope`: one of ACCEPTED_SCOPES, or a channel's product
    assignment (`store/channel/{id}/product/assigned|unassigned`, any channel id)."""
    return scope in ACCEPTED_SCOPES or bool(_CHANNEL_PRODUCT.match(scope))


def hook_scopes(
    *, catalog_source: bool, inventory: bool = False, channels: Iterable[int] = ()
) -> tuple[str, ...]:
    """The event scopes one store needs: the order scopes on every store; the catalog scopes
    (the stock ones when `inventory`, the assignment scopes of the destinations' `channels`)
    only on the catalog source."""
    if not catalog_source:
        return ORDER_HOOK_SCOPES
    stock = INVENTORY_HOOK_SCOPES if inventory else ()
    return HOOK_SCOPES + stock + channel_product_scopes(channels)


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
