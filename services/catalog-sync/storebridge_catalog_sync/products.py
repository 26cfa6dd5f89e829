"""One product in one destination: find it (link, then SKU), create it, or write what differs."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from storebridge_catalog_sync import records as resources
from storebridge_catalog_sync.context import Destination, delete_target
from storebridge_catalog_sync.images import sync_images
from storebridge_catalog_sync.linking import Link, LinkKind
from storebridge_catalog_sync.mapping import (
    create_payload,
    custom_field_plan,
    desired_image,
    product_changes,
    source_url,
)
from storebridge_catalog_sync.outcomes import DeletePolicy, DestinationResult, Status
from storebridge_catalog_sync.tally import Tally
from storebridge_catalog_sync.variants import sync_variants
from storebridge_shared.bigcommerce import Conflict, NotFound

INCLUDE = ("variants", "images", "custom_fields", "options")
Record = Mapping[str, Any]


async def find_product(dest: Destination, source_id: int, sku: str, t: Tally) -> Record | None:
    """The destination product: by link when it still holds the SKU, else searched by SKU."""
    link = await dest.links.get(LinkKind.PRODUCT, source_id)
    linked = None
    if link is not None:
        try:
            call = resources.get_product(dest.client, link.destination_id, include=INCLUDE)
            linked = await t.read(call)
        except NotFound:
            linked = None
        if linked is not None and str(linked.get("sku", "")).casefold() == sku.casefold():
            return linked
    listed = await t.read(resources.list_products(dest.client, skus=[sku], include=INCLUDE))
    same = [p for p in listed if str(p.get("sku", "")).casefold() == sku.casefold()]
    if not same:
        return _renamed(linked, link)
    await dest.links.put(LinkKind.PRODUCT, source_id, int(same[0]["id"]), sku)
    return same[0]


def _renamed(linked: Record | None, link: Link | None) -> Record | None:
    """No product has the new SKU: the linked one still holds the SKU it was linked with, so
    the merchant changed the SKU in A; update that product rather than create a second one."""
    if linked is None or link is None:
        return None
    return linked if str(linked.get("sku", "")).casefold() == link.key.casefold() else None


async def create_product(
    dest: Destination, source: Record, desired: Mapping[str, Any], t: Tally
) -> Record:
    """Create the product with its images and custom fields in one call, then read it back."""
    body = create_payload(source, desired)
    body["images"] = [
        {**desired_image(i), "image_url": source_url(i)} for i in source.get("images") or []
    ]
    body["custom_fields"] = [
        {"name": f["name"], "value": f["value"]} for f in source.get("custom_fields") or []
    ]
    created = await t.write(resources.create_product(dest.client, body))
    product_id = int(created["id"])
    await dest.links.put(LinkKind.PRODUCT, int(source["id"]), product_id, str(source["sku"]))
    return await t.read(resources.get_product(dest.client, product_id, include=INCLUDE))


async def write_product(
    dest: Destination, source: Record, desired: Mapping[str, Any], current: Record, t: Tally
) -> None:
    """Write only what differs: fields, custom fields, images, options and variants."""
    product_id = int(current["id"])
    diff = product_changes(current, desired)
    if diff:
        await t.write(resources.update_product(dest.client, product_id, diff))
    await sync_custom_fields(dest, product_id, source, current, t)
    await sync_images(dest, product_id, source.get("images") or [], current.get("images") or [], t)
    await sync_variants(dest, product_id, source, current, t)


async def sync_custom_fields(
    dest: Destination, product_id: int, source: Record, current: Record, t: Tally
) -> None:
    """Custom fields matched by name; values updated, missing added, extra removed."""
    plan = custom_field_plan(current.get("custom_fields") or [], source.get("custom_fields") or [])
    create, update, delete = plan
    for field in create:
        call = resources.create_custom_field(dest.client, product_id, field["name"], field["value"])
        await t.write(call)
    for field_id, value in update:
        body = {"value": value}
        await t.write(resources.update_custom_field(dest.client, product_id, field_id, body))
    for field_id in delete:
        with contextlib.suppress(NotFound):
            await t.write(resources.delete_custom_field(dest.client, product_id, field_id))


async def apply_delete(dest: Destination, source_id: int, t: Tally) -> DestinationResult:
    """The source product is gone: ignore, disable or delete it in the destination."""
    link = await dest.links.get(LinkKind.PRODUCT, source_id)
    target = delete_target(dest, link)
    if isinstance(target, DestinationResult):
        return target
    if dest.delete_policy is DeletePolicy.DELETE:
        with contextlib.suppress(NotFound):
            await t.write(resources.delete_product(dest.client, target))
        await dest.links.drop(LinkKind.PRODUCT, source_id)
        return DestinationResult(dest.name, Status.DELETED, "deleted in source", target)
    try:
        current = await t.read(resources.get_product(dest.client, target))
    except NotFound:
        return DestinationResult(dest.name, Status.SKIPPED, "already gone from destination")
    off = {"availability": "disabled", "is_visible": False}
    if product_changes(current, off):
        await t.write(resources.update_product(dest.client, target, off))
    return DestinationResult(dest.name, Status.DISABLED, "deleted in source", target)


async def create_or_find(
    dest: Destination, source: Record, desired: Mapping[str, Any], t: Tally
) -> tuple[Record, bool]:
    """Create the product; a 409 on its SKU means it exists (a lost answer): find it instead."""
    try:
        return await create_product(dest, source, desired, t), True
    except Conflict:
        found = await find_product(dest, int(source["id"]), str(source["sku"]), t)
        if found is None:
            raise
        return found, False
