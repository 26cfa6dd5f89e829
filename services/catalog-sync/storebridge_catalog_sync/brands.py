"""A product's brand resolved in one destination: read what `planning.brand` needs, apply its plan.

Two workers creating the same brand end with one: B refuses a second brand of one name (409),
and the loser finds it by name and links it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from storebridge_catalog_sync.context import Destination
from storebridge_catalog_sync.linking import LinkKind
from storebridge_catalog_sync.planning.brand import (
    BrandPlan,
    CreateBrand,
    UpdateBrand,
    needs_destination,
    plan_brand,
)
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.planning.steps import Fields
from storebridge_catalog_sync.tally import Tally
from storebridge_catalog_sync.taxonomy import SourceReader
from storebridge_catalog_sync.urls import write_with_url
from storebridge_shared.bigcommerce import Conflict, NotFound, resources
from storebridge_shared.bigcommerce.models import Brand


async def resolve_brand(
    dest: Destination, reader: SourceReader, brand_id: int, t: Tally, notes: list[str]
) -> int:
    """B's brand id for A's brand `brand_id` (0: none, or gone from A), brought in line."""
    if not brand_id:
        return 0
    try:
        source = await reader.brand(brand_id)
    except NotFound:
        return 0
    found = await dest.links.get(LinkKind.BRAND, brand_id)
    link = (found.destination_id, found.key) if found is not None else None
    copy_url = dest.copy_custom_url
    linked = named = None
    if needs_destination(source, link, copy_url):
        linked = await _linked(dest, link, t)
        if linked is None or fold(linked.name) != fold(source.name):
            named = await _named(dest, source.name, t)
    plan = plan_brand(source, link, linked, named, copy_custom_url=copy_url)
    return await apply_brand(dest, plan, t, notes)


async def apply_brand(dest: Destination, plan: BrandPlan, t: Tally, notes: list[str]) -> int:
    """Run a brand plan; B's brand id (a URL B refused as taken is noted in `notes`)."""
    brand_id = plan.brand_id
    for step in plan.steps:
        match step:
            case CreateBrand(source_id=source_id, name=name, fields=fields, key=key):
                brand_id = await _create(dest, name, fields, t, notes)
                await dest.links.put(LinkKind.BRAND, source_id, brand_id, key)
            case UpdateBrand(brand_id=target, fields=fields):
                await write_with_url(_updating(dest, target, t), fields, notes)
            case _:
                await dest.links.put(step.kind, step.source_id, step.destination_id, step.key)
    return brand_id


def _updating(dest: Destination, brand_id: int, t: Tally) -> Callable[[Fields], Awaitable[Brand]]:
    async def update(fields: Fields) -> Brand:
        return await t.write(resources.update_brand(dest.client, brand_id, fields))

    return update


async def _create(dest: Destination, name: str, fields: Fields, t: Tally, notes: list[str]) -> int:
    async def create(body: Fields) -> Brand:
        rest = {k: v for k, v in body.items() if k != "name"}
        return await t.write(resources.create_brand(dest.client, name, **rest))

    try:
        made = await write_with_url(create, {**fields, "name": name}, notes)
    except Conflict:  # made meanwhile by another worker (B refuses a second brand of one name)
        found = await _named(dest, name, t)
        if found is None:
            raise
        return found.id
    assert made is not None  # the name is always left to write
    return made.id


async def _linked(dest: Destination, link: tuple[int, str] | None, t: Tally) -> Brand | None:
    if link is None:
        return None
    try:
        return await t.read(resources.get_brand(dest.client, link[0]))
    except NotFound:
        return None


async def _named(dest: Destination, name: str, t: Tally) -> Brand | None:
    brands = await t.read(resources.list_brands(dest.client, name=name))
    return next((b for b in brands if fold(b.name) == fold(name)), None)
