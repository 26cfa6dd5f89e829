"""Availability beyond the channel rule: B's product `disabled` while A has no stock (pure)."""

from __future__ import annotations

from storebridge_shared.bigcommerce.models import Product


def out_of_stock(product: Product) -> bool:
    """True when A tracks the product's stock and has none: at product level, its level is 0;
    at variant level, every variant's is."""
    if product.inventory_tracking == "product":
        return (product.inventory_level or 0) <= 0
    if product.inventory_tracking == "variant":
        variants = product.option_variants or product.variants
        return all((v.inventory_level or 0) <= 0 for v in variants)
    return False
