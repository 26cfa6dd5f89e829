"""Read the whole source catalog: categories, brands, products with their parts, variants,
the product and variant metafields.

Products are read per item: their ids first (250 per call), then 10 per call with every part
the planner compares; a call that fails (an error after the client's retries, an answer that
does not parse) is read again one product at a time, so one unreadable product is reported
failed with its reason and the others are read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from storebridge_catalog_sync.planning.metafields import ProductMetafields, by_product
from storebridge_catalog_sync.reading import INCLUDE, channel_states
from storebridge_shared.bigcommerce import BigCommerceClient, NotFound, resources
from storebridge_shared.bigcommerce.models import Brand, Category, Product, Variant

PRODUCT_INCLUDES = INCLUDE
"""Every part the planner compares (with options or modifiers, a page holds at most 10)."""
PRODUCTS_PER_READ = 10


@dataclass(frozen=True)
class FailedRead:
    """A product of A that could not be read, and why."""

    product_id: int
    reason: str


@dataclass
class Catalog:
    """One store's catalog as read: products carry every part in `PRODUCT_INCLUDES`."""

    categories: list[Category] = field(default_factory=list)
    brands: list[Brand] = field(default_factory=list)
    product_ids: list[int] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    unread: list[FailedRead] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    listings: dict[int, str] = field(default_factory=dict)
    metafields: dict[int, ProductMetafields] = field(default_factory=dict)
    """Each product's and its variants' metafields (`read_metafields`)."""


async def read_source(
    bc: BigCommerceClient,
    *,
    channel_id: int | None = None,
    on_page: Callable[[str, int], None] | None = None,
) -> Catalog:
    """Every category, brand, product (with its parts) and variant.

    The store-wide variant list is read too: a variant whose product is not among the products
    is an orphan the cleaning reports. With `channel_id`, the listing state of each product on
    that channel (assignment, then listings: `mapping.channel_state`) is read for the channel rule.
    """
    seen = on_page or (lambda what, count: None)
    catalog = Catalog()
    catalog.categories = await resources.list_categories(bc)
    seen("categories", len(catalog.categories))
    catalog.brands = await resources.list_brands(bc)
    seen("brands", len(catalog.brands))
    catalog.product_ids = await resources.list_product_ids(bc)
    for start in range(0, len(catalog.product_ids), PRODUCTS_PER_READ):
        await _read_products(bc, catalog, catalog.product_ids[start : start + PRODUCTS_PER_READ])
        seen("products", len(catalog.products))
    catalog.variants = await resources.list_all_variants(bc)
    seen("variants", len(catalog.variants))
    catalog.metafields = await read_metafields(bc, catalog.products)
    seen("metafields", sum(len(m.product) + len(m.variants) for m in catalog.metafields.values()))
    if channel_id is not None:
        catalog.listings = await channel_states(bc, channel_id, [p.id for p in catalog.products])
    return catalog


async def _read_products(bc: BigCommerceClient, catalog: Catalog, ids: list[int]) -> None:
    try:
        catalog.products += await resources.list_products(bc, ids=ids, include=PRODUCT_INCLUDES)
        return
    except Exception:  # which product failed is found by reading each alone
        pass
    for product_id in ids:
        try:
            catalog.products.append(
                await resources.get_product(bc, product_id, include=PRODUCT_INCLUDES)
            )
        except NotFound:
            continue  # deleted in A since it was listed
        except Exception as error:  # one product never stops the run
            reason = f"read from A failed: {type(error).__name__}: {error}"[:500]
            catalog.unread.append(FailedRead(product_id, reason))


async def read_metafields(
    bc: BigCommerceClient, products: list[Product]
) -> dict[int, ProductMetafields]:
    """The metafields of these products and of their variants (base variants included), from
    the two store-wide listings: 1 call per 250 product metafields and per 250 variant
    metafields, whatever the number of products (never one read per product)."""
    own = await resources.list_store_metafields(bc, "products")
    variants = await resources.list_store_metafields(bc, "variants")
    return by_product(products, own, variants)


async def read_destination_products(bc: BigCommerceClient, skus: list[str]) -> list[Product]:
    """Destination products whose product-level SKU is one of `skus`, with their parts."""
    if not skus:
        return []
    return await resources.list_products(bc, skus=skus, include=PRODUCT_INCLUDES)
