"""Read the whole source catalog, paged: categories, brands, products with their parts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from storebridge_catalog_sync import records as resources
from storebridge_catalog_sync.reading import INCLUDE
from storebridge_shared.bigcommerce import BigCommerceClient

Record = dict[str, Any]

PRODUCT_INCLUDES = INCLUDE
"""Every part the planner compares (with options or modifiers, a page holds at most 10)."""


@dataclass
class Catalog:
    """One store's catalog as read: products carry every part in `PRODUCT_INCLUDES`."""

    categories: list[Record] = field(default_factory=list)
    brands: list[Record] = field(default_factory=list)
    products: list[Record] = field(default_factory=list)
    variants: list[Record] = field(default_factory=list)
    listings: dict[int, str] = field(default_factory=dict)


async def read_source(
    bc: BigCommerceClient,
    *,
    channel_id: int | None = None,
    on_page: Callable[[str, int], None] | None = None,
) -> Catalog:
    """Every category, brand, product (with variants, images, custom fields) and variant.

    The store-wide variant list is read too: a variant whose product is not among the products
    is an orphan the cleaning reports. With `channel_id`, the listing state of each product on
    that channel is read for the channel rule.
    """
    seen = on_page or (lambda what, count: None)
    catalog = Catalog()
    catalog.categories = await resources.list_categories(bc)
    seen("categories", len(catalog.categories))
    catalog.brands = await resources.list_brands(bc)
    seen("brands", len(catalog.brands))
    async for product in resources.iter_products(bc, include=PRODUCT_INCLUDES):
        catalog.products.append(product)
        seen("products", len(catalog.products))
    catalog.variants = await resources.list_all_variants(bc)
    seen("variants", len(catalog.variants))
    if channel_id is not None:
        ids = [int(p["id"]) for p in catalog.products]
        listings = await resources.list_channel_listings(bc, channel_id, ids)
        catalog.listings = {int(row["product_id"]): str(row.get("state", "")) for row in listings}
    return catalog


async def read_destination_products(bc: BigCommerceClient, skus: list[str]) -> list[Record]:
    """Destination products whose product-level SKU is one of `skus`, with their parts."""
    if not skus:
        return []
    return await resources.list_products(bc, skus=skus, include=PRODUCT_INCLUDES)
