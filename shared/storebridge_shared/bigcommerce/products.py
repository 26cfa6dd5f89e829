"""Catalog v3 products, variants and channel assignments/listings of one store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from storebridge_shared.bigcommerce.api import as_items, as_object
from storebridge_shared.bigcommerce.models import (
    ChannelAssignment,
    ChannelListing,
    Product,
    Variant,
)
from storebridge_shared.bigcommerce.params import ParamValue

if TYPE_CHECKING:
    from storebridge_shared.bigcommerce.client import BigCommerceClient

PRODUCT_BATCH_MAX = 10
VARIANT_BATCH_MAX = 50
FILTER_CHUNK = 100
LISTING_PAGE_LIMIT = 100


async def _batch_put(
    bc: BigCommerceClient, path: str, items: Sequence[Mapping[str, Any]], chunk_size: int
) -> list[dict[str, Any]]:
    return await bc.v3.batch("PUT", path, [dict(item) for item in items], chunk_size=chunk_size)


def _chunks(values: Iterable[Any], size: int) -> list[list[Any]]:
    items = list(values)
    return [items[start : start + size] for start in range(0, len(items), size)]


async def list_products(
    bc: BigCommerceClient,
    *,
    ids: Iterable[int] = (),
    skus: Iterable[str] = (),
    include: Sequence[str] = (),
    filters: Mapping[str, ParamValue] | None = None,
) -> list[Product]:
    """Products matching `filters`, or with these ids or product-level SKUs (chunked)."""
    base: dict[str, ParamValue] = {**(filters or {}), "include": list(include) or None}
    queries = [{**base, "id:in": chunk} for chunk in _chunks(ids, FILTER_CHUNK)]
    queries += [{**base, "sku:in": chunk} for chunk in _chunks(skus, FILTER_CHUNK)]
    found: list[Product] = []
    for query in queries or [base]:
        found += Product.parse_all(await bc.v3.collect("/catalog/products", query))
    return found


async def list_products_page(
    bc: BigCommerceClient, filters: Mapping[str, ParamValue]
) -> list[Product]:
    """One page of the products matching `filters` (`page` and `limit` among them): one call."""
    return Product.parse_all(as_items(await bc.v3.get("/catalog/products", dict(filters))))


async def iter_products(
    bc: BigCommerceClient,
    *,
    include: Sequence[str] = (),
    filters: Mapping[str, ParamValue] | None = None,
) -> AsyncIterator[Product]:
    """Every product matching `filters`, page after page (for reads of a whole catalog)."""
    params: dict[str, ParamValue] = {**(filters or {}), "include": list(include) or None}
    async for product in bc.v3.paginate("/catalog/products", params):
        yield Product.parse(product)


async def list_product_ids(bc: BigCommerceClient) -> list[int]:
    """The id of every product of the store (only the ids are read)."""
    found = await bc.v3.collect("/catalog/products", {"include_fields": "id"})
    return [int(product["id"]) for product in found]


async def get_product(
    bc: BigCommerceClient, product_id: int, *, include: Sequence[str] = ()
) -> Product:
    """One product, with sub-resources named in `include` (variants, images, custom_fields...)."""
    params = {"include": list(include) or None}
    return Product.parse(as_object(await bc.v3.get(f"/catalog/products/{product_id}", params)))


async def create_product(bc: BigCommerceClient, body: Mapping[str, Any]) -> Product:
    """Create one product (name, type, weight and price required); 409 on a duplicate SKU/name."""
    return Product.parse(as_object(await bc.v3.post("/catalog/products", dict(body))))


async def update_product(
    bc: BigCommerceClient, product_id: int, body: Mapping[str, Any]
) -> Product:
    """Partly update one product; sending `categories` replaces the whole set."""
    return Product.parse(as_object(await bc.v3.put(f"/catalog/products/{product_id}", dict(body))))


async def delete_product(bc: BigCommerceClient, product_id: int) -> None:
    """Delete one product."""
    await bc.v3.delete(f"/catalog/products/{product_id}")


async def update_products(
    bc: BigCommerceClient, items: Sequence[Mapping[str, Any]]
) -> list[Product]:
    """Batch-update products (each item has `id`), 10 per call."""
    return Product.parse_all(await _batch_put(bc, "/catalog/products", items, PRODUCT_BATCH_MAX))


async def list_variants(bc: BigCommerceClient, product_id: int) -> list[Variant]:
    """All variants of one product (the base variant included)."""
    return Variant.parse_all(await bc.v3.collect(f"/catalog/products/{product_id}/variants"))


async def list_all_variants(bc: BigCommerceClient) -> list[Variant]:
    """Every variant of the store, all pages (orphans of missing products included)."""
    return Variant.parse_all(await bc.v3.collect("/catalog/variants"))


async def find_variant(bc: BigCommerceClient, variant_id: int) -> Variant | None:
    """One variant of any product by its id (store-wide), or None when none has it."""
    found = Variant.parse_all(await bc.v3.collect("/catalog/variants", {"id": variant_id}))
    return next((v for v in found if v.id == variant_id), None)


async def list_variants_by_sku(bc: BigCommerceClient, skus: Iterable[str]) -> list[Variant]:
    """Variants of any product whose SKU is one of `skus` (store-wide)."""
    found: list[Variant] = []
    for chunk in _chunks(skus, FILTER_CHUNK):
        found += Variant.parse_all(await bc.v3.collect("/catalog/variants", {"sku:in": chunk}))
    return found


async def create_variant(
    bc: BigCommerceClient, product_id: int, body: Mapping[str, Any]
) -> Variant:
    """Create one variant; needs `sku` and `option_values` [{id, option_id}]."""
    path = f"/catalog/products/{product_id}/variants"
    return Variant.parse(as_object(await bc.v3.post(path, dict(body))))


async def update_variant(
    bc: BigCommerceClient, product_id: int, variant_id: int, body: Mapping[str, Any]
) -> Variant:
    """Partly update one variant."""
    path = f"/catalog/products/{product_id}/variants/{variant_id}"
    return Variant.parse(as_object(await bc.v3.put(path, dict(body))))


async def set_variant_image(
    bc: BigCommerceClient, product_id: int, variant_id: int, image_url: str
) -> None:
    """Give a variant its image, copied from a public URL (B answers with its own URL)."""
    path = f"/catalog/products/{product_id}/variants/{variant_id}/image"
    await bc.v3.post(path, {"image_url": image_url})


async def delete_variant(bc: BigCommerceClient, product_id: int, variant_id: int) -> None:
    """Delete one variant."""
    await bc.v3.delete(f"/catalog/products/{product_id}/variants/{variant_id}")


async def update_variants(
    bc: BigCommerceClient, items: Sequence[Mapping[str, Any]]
) -> list[Variant]:
    """Batch-update variants store-wide (each item has `id`), 50 per call."""
    return Variant.parse_all(await _batch_put(bc, "/catalog/variants", items, VARIANT_BATCH_MAX))


async def list_channel_assignments(
    bc: BigCommerceClient, product_ids: Iterable[int]
) -> list[ChannelAssignment]:
    """{product_id, channel_id} pairs of these products."""
    found: list[ChannelAssignment] = []
    for chunk in _chunks(product_ids, FILTER_CHUNK):
        path = "/catalog/products/channel-assignments"
        found += ChannelAssignment.parse_all(await bc.v3.collect(path, {"product_id:in": chunk}))
    return found


async def list_channel_listings(
    bc: BigCommerceClient, channel_id: int, product_ids: Iterable[int]
) -> list[ChannelListing]:
    """Listings of these products on one channel, following the `after` cursor."""
    found: list[ChannelListing] = []
    for chunk in _chunks(product_ids, FILTER_CHUNK):
        after: int | None = None
        while True:
            params: dict[str, ParamValue] = {
                "product_id:in": chunk,
                "limit": LISTING_PAGE_LIMIT,
                "after": after,
            }
            page = as_items(await bc.v3.get(f"/channels/{channel_id}/listings", params))
            found += ChannelListing.parse_all(page)
            if len(page) < LISTING_PAGE_LIMIT:
                break
            after = int(page[-1]["listing_id"])
    return found
