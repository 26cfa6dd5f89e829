"""What a delete in A writes in B under the `disable` policy (pure): B's linked product or
category hidden, written only when it is not hidden already (`delete` deletes it, `ignore`
leaves it: `context.delete_target`)."""

from __future__ import annotations

from typing import Any

from storebridge_catalog_sync.mapping import changes
from storebridge_shared.bigcommerce.models import Category, Product

PRODUCT_OFF: dict[str, Any] = {"availability": "disabled", "is_visible": False}
"""A product disabled in B: listed nowhere, not purchasable."""
CATEGORY_OFF: dict[str, Any] = {"is_visible": False}
"""A category disabled in B: hidden from the storefront."""


def product_off(current: Product) -> dict[str, Any]:
    """The fields that hide B's product ({}: hidden already)."""
    return changes(current.sent(), PRODUCT_OFF)


def category_off(current: Category) -> dict[str, Any]:
    """The fields that hide B's category ({}: hidden already)."""
    return changes(current.sent(), CATEGORY_OFF)
