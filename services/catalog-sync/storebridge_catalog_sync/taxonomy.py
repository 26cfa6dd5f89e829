"""Categories (by path, parents first) resolved into a destination; the source reads of a sync.

A link answers without any call. Without one, the source is read and the destination is searched
by (parent, name) level by level; what is missing is created. BigCommerce refuses a second
category with one name under one parent (409), so two workers racing to create the same category
end with one: the loser re-reads and links. Brands: `brands.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from storebridge_catalog_sync import records as resources
from storebridge_catalog_sync.context import Destination
from storebridge_catalog_sync.linking import LinkKind
from storebridge_catalog_sync.mapping import desired_category
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.tally import Tally
from storebridge_shared.bigcommerce import (
    BigCommerceClient,
    BigCommerceError,
    Conflict,
    ValidationFailed,
)
from storebridge_shared.bigcommerce import resources as shared_resources
from storebridge_shared.bigcommerce.models import Brand
from storebridge_shared.bigcommerce.params import ParamValue

ROOT = 0


@dataclass
class SourceReader:
    """Reads of the source store within one sync, each made at most once."""

    client: BigCommerceClient
    tally: Tally
    categories: dict[int, dict[str, Any]] = field(default_factory=dict)
    brands: dict[int, Brand] = field(default_factory=dict)

    async def category(self, category_id: int) -> dict[str, Any]:
        """One source category (NotFound when it is gone)."""
        if category_id not in self.categories:
            found = await self.tally.read(resources.get_category(self.client, category_id))
            self.categories[category_id] = found
        return self.categories[category_id]

    async def brand(self, brand_id: int) -> Brand:
        """One source brand (NotFound when it is gone)."""
        if brand_id not in self.brands:
            call = shared_resources.get_brand(self.client, brand_id)
            self.brands[brand_id] = await self.tally.read(call)
        return self.brands[brand_id]

    async def path(self, category_id: int) -> list[dict[str, Any]]:
        """The category and its ancestors, root first."""
        chain: list[dict[str, Any]] = []
        current: int = category_id
        while current != ROOT and len(chain) < 50:
            category = await self.category(current)
            chain.insert(0, category)
            current = int(category.get("parent_id") or ROOT)
        return chain


async def category_id(
    dest: Destination, source: SourceReader, source_category_id: int, t: Tally
) -> int:
    """The destination category for a source category (linked, or found/created by path)."""
    if source_category_id == ROOT:
        return ROOT
    link = await dest.links.get(LinkKind.CATEGORY, source_category_id)
    if link is not None:
        return link.destination_id
    return await _by_path(dest, source, source_category_id, t)


async def _by_path(dest: Destination, source: SourceReader, category: int, t: Tally) -> int:
    chain = await source.path(category)
    parent = ROOT
    names: list[str] = []
    for level in chain:
        names.append(str(level["name"]))
        link = await dest.links.get(LinkKind.CATEGORY, int(level["id"]))
        if link is None:
            found = await _child_named(dest, parent, str(level["name"]), t)
            if found is None:
                found = await _create_category(dest, level, parent, t)
            await dest.links.put(LinkKind.CATEGORY, int(level["id"]), found, "/".join(names))
            parent = found
        else:
            parent = link.destination_id
    return parent


async def _child_named(dest: Destination, parent: int, name: str, t: Tally) -> int | None:
    filters: dict[str, ParamValue] = {"parent_id": parent, "name": name}
    found = await t.read(resources.list_categories(dest.client, filters))
    same = [
        c for c in found if int(c.get("parent_id") or 0) == parent and fold(c["name"]) == fold(name)
    ]
    return int(same[0]["id"]) if same else None


async def _create_category(dest: Destination, level: dict[str, Any], parent: int, t: Tally) -> int:
    body = desired_category(level, parent)
    try:
        return int((await t.write(resources.create_category(dest.client, body)))["id"])
    except Conflict:
        found = await _child_named(dest, parent, str(level["name"]), t)
        if found is None:
            raise
        return found


STALE_TAXONOMY_FIELDS = frozenset({"brand_id", "categories", "category_id", "parent_id"})


def refers_to_missing_taxonomy(error: BigCommerceError) -> bool:
    """The destination refused a write over a brand or category id it does not have.

    Links are a cache: when the destination lost brands or categories we had linked (restored
    from a backup, emptied, edited by hand), its 409/422 names the field and the links are stale.
    """
    return isinstance(error, Conflict | ValidationFailed) and bool(
        STALE_TAXONOMY_FIELDS & set(error.errors)
    )


async def forget_taxonomy(
    dest: Destination, source: SourceReader, brand: int, categories: Iterable[int]
) -> None:
    """Drop the links of a brand and of every category on the given paths, to resolve them anew."""
    if brand:
        await dest.links.drop(LinkKind.BRAND, brand)
    for category in categories:
        for level in await source.path(category):
            await dest.links.drop(LinkKind.CATEGORY, int(level["id"]))
