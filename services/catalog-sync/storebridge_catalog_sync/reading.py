"""Read the snapshots a plan is made from: A's product once per sync, B's linked product and the
links once per destination (I/O at the edge; the decisions are in `planning`)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from storebridge_catalog_sync.context import Destination
from storebridge_catalog_sync.linking import Link, LinkKind
from storebridge_catalog_sync.mapping import channel_state
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.planning.metafields import ProductMetafields
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, LinkedIds
from storebridge_catalog_sync.tally import Tally
from storebridge_shared.bigcommerce import BigCommerceClient, NotFound, resources
from storebridge_shared.bigcommerce.models import Owner, Product

INCLUDE = (
    "variants",
    "images",
    "custom_fields",
    "options",
    "modifiers",
    "bulk_pricing_rules",
    "videos",
)
"""What a product is read with, in A and in B."""


async def read_source(bc: BigCommerceClient, product_id: int, t: Tally) -> Product | None:
    """A's product with every part the plan needs, or None when it is gone."""
    try:
        return await t.read(resources.get_product(bc, product_id, include=INCLUDE))
    except NotFound:
        return None


async def read_metafields(bc: BigCommerceClient, product: Product, t: Tally) -> ProductMetafields:
    """The product's metafields and each variant's, the base variant's included (the one
    variant of a product without options): one call each, made together."""
    owners = [Owner(product=product.id)]
    owners += [Owner(product=product.id, parent=v.id) for v in product.variants]
    found = await asyncio.gather(*(t.read(resources.list_metafields(bc, o)) for o in owners))
    variants = {o.parent: tuple(f) for o, f in zip(owners[1:], found[1:], strict=True)}
    return ProductMetafields(tuple(found[0]), variants)


async def read_destination(
    dest: Destination,
    source: Product,
    brand_id: int,
    category_ids: Iterable[int],
    t: Tally,
    metafields: ProductMetafields | None = None,
) -> DestinationSnapshot:
    """B's product for A's (by link, else by SKU), with the variant and image links; B's
    metafields when A's `metafields` name a namespace (B's are managed only in those)."""
    current = await find_product(dest, source.id, source.sku, t)
    variants = await _linked(dest, LinkKind.VARIANT, [v.id for v in source.variants])
    images = await _linked(dest, LinkKind.IMAGE, [i.id for i in source.images])
    variant_images = await _linked(dest, LinkKind.VARIANT_IMAGE, [v.id for v in source.variants])
    theirs = ProductMetafields()
    if current is not None and metafields is not None and metafields.managed:
        theirs = await read_metafields(dest.client, current, t)
    return DestinationSnapshot(
        current, brand_id, tuple(category_ids), variants, images, variant_images, theirs
    )


async def _linked(dest: Destination, kind: LinkKind, ids: list[int]) -> LinkedIds:
    if not ids:
        return {}
    found = await dest.links.many(kind, ids)
    return {source_id: (link.destination_id, link.key) for source_id, link in found.items()}


async def find_product(dest: Destination, source_id: int, sku: str, t: Tally) -> Product | None:
    """B's product: by link while it still holds the SKU, else searched by SKU (and relinked)."""
    link = await dest.links.get(LinkKind.PRODUCT, source_id)
    linked = None
    if link is not None:
        try:
            linked = await t.read(
                resources.get_product(dest.client, link.destination_id, include=INCLUDE)
            )
        except NotFound:
            linked = None
        if linked is not None and fold(linked.sku) == fold(sku):
            return linked
    listed = await t.read(resources.list_products(dest.client, skus=[sku], include=INCLUDE))
    same = [p for p in listed if fold(p.sku) == fold(sku)]
    if not same:
        return _renamed(linked, link)
    await dest.links.put(LinkKind.PRODUCT, source_id, same[0].id, sku)
    return same[0]


def _renamed(linked: Product | None, link: Link | None) -> Product | None:
    """No product has the new SKU: the linked one still holds the SKU it was linked with, so
    the merchant changed the SKU in A; update that product rather than create a second one."""
    if linked is None or link is None:
        return None
    return linked if fold(linked.sku) == fold(link.key) else None


async def product_of_variant(bc: BigCommerceClient, variant_id: int) -> int | None:
    """The product that owns A's variant (1 call; None: no product has it any more)."""
    variant = await resources.find_variant(bc, variant_id)
    return variant.product_id if variant is not None else None


async def channel_states(
    bc: BigCommerceClient, channel_id: int, product_ids: list[int]
) -> dict[int, str]:
    """Each product's `mapping.channel_state` on one channel of A: its assignments, then the
    listings of those assigned (the channel rule of the backfill and the full compare)."""
    assigned = {
        a.product_id
        for a in await resources.list_channel_assignments(bc, product_ids)
        if a.channel_id == channel_id
    }
    listed: dict[int, list[str]] = {}
    for row in await resources.list_channel_listings(bc, channel_id, sorted(assigned)):
        listed.setdefault(row.product_id, []).append(row.state)
    return {pid: channel_state(pid in assigned, listed.get(pid, [])) for pid in product_ids}
