"""Categories in a destination: read what `planning.category` needs, apply its plan; and the
source reads of a sync (`SourceReader`).

Reads: A's category and its parents (once per sync), the links of every level, B's linked
category when its own event is synced, and B's categories named like an unlinked level. The
plan decides; the apply writes in its order, parents first. B refuses a second category with
one name under one parent (409), so two workers racing to create the same category end with
one: the loser re-reads and links. Brands: `brands.py`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field

from storebridge_catalog_sync.context import Destination
from storebridge_catalog_sync.linking import LinkKind
from storebridge_catalog_sync.planning.category import (
    MAX_DEPTH,
    ROOT,
    CategoryPlan,
    CategoryTree,
    CreateCategory,
    UpdateCategory,
    plan_categories,
)
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.planning.steps import Fields
from storebridge_catalog_sync.tally import Tally
from storebridge_catalog_sync.urls import write_with_url
from storebridge_shared.bigcommerce import (
    BigCommerceClient,
    BigCommerceError,
    Conflict,
    NotFound,
    ValidationFailed,
    resources,
)
from storebridge_shared.bigcommerce.models import Brand, Category

Chain = Sequence[Category]


@dataclass
class SourceReader:
    """Reads of the source store within one sync, each made at most once."""

    client: BigCommerceClient
    tally: Tally
    categories: dict[int, Category] = field(default_factory=dict)
    brands: dict[int, Brand] = field(default_factory=dict)

    async def category(self, category_id: int) -> Category:
        """One source category (NotFound when it is gone)."""
        if category_id not in self.categories:
            call = resources.get_category(self.client, category_id)
            self.categories[category_id] = await self.tally.read(call)
        return self.categories[category_id]

    async def brand(self, brand_id: int) -> Brand:
        """One source brand (NotFound when it is gone)."""
        if brand_id not in self.brands:
            call = resources.get_brand(self.client, brand_id)
            self.brands[brand_id] = await self.tally.read(call)
        return self.brands[brand_id]

    async def path(self, category_id: int) -> tuple[Category, ...]:
        """The category and its ancestors, root first."""
        chain: list[Category] = []
        current = category_id
        while current != ROOT and len(chain) < MAX_DEPTH:
            category = await self.category(current)
            chain.insert(0, category)
            current = category.parent_id
        return tuple(chain)


async def read_tree(
    dest: Destination, chains: Iterable[Chain], t: Tally, *, verify: Iterable[int] = ()
) -> CategoryTree:
    """B's side of a category plan: the links of every level; B's linked category of each A id
    in `verify` (a link whose category B lost is left out); B's categories named like each
    unlinked level (one read per name)."""
    levels = {c.id: c for chain in chains for c in chain}
    found = await dest.links.many(LinkKind.CATEGORY, list(levels)) if levels else {}
    links = {a: (link.destination_id, link.key) for a, link in found.items()}
    read: list[Category] = []
    for source_id in verify:
        if source_id in links:
            try:
                read.append(await t.read(resources.get_category(dest.client, links[source_id][0])))
            except NotFound:
                del links[source_id]
    names = {fold(c.name): c.name for a, c in levels.items() if a not in links}
    for name in names.values():
        read += await t.read(resources.list_categories(dest.client, {"name": name}))
    return CategoryTree(links, tuple(read))


async def apply_categories(
    dest: Destination, plan: CategoryPlan, t: Tally, notes: list[str]
) -> dict[int, int]:
    """Run a category plan in B; B's id of each of A's categories planned."""
    made = dict(plan.ids)

    def made_for(source_id: int) -> int:
        if not made.get(source_id):
            raise LookupError(f"the parent of this category (A's {source_id}) was not made in B")
        return made[source_id]

    for step in plan.steps:
        match step:
            case CreateCategory(source_id=source_id, fields=fields, key=key):
                parent = made_for(step.parent_of) if step.parent_of else step.parent_id
                made[source_id] = await _create(dest, fields, parent, t, notes)
                await dest.links.put(LinkKind.CATEGORY, source_id, made[source_id], key)
            case UpdateCategory(category_id=target, fields=fields, parent_of=parent_of):
                body = {**fields, "parent_id": made_for(parent_of)} if parent_of else fields
                await write_with_url(_updating(dest, target, t), body, notes)
            case _:
                await dest.links.put(step.kind, step.source_id, step.destination_id, step.key)
    return made


def _updating(
    dest: Destination, category_id: int, t: Tally
) -> Callable[[Fields], Awaitable[Category]]:
    async def update(body: Fields) -> Category:
        return await t.write(resources.update_category(dest.client, category_id, body))

    return update


async def _create(
    dest: Destination, fields: Fields, parent: int, t: Tally, notes: list[str]
) -> int:
    async def create(body: Fields) -> Category:
        return await t.write(resources.create_category(dest.client, body))

    name = str(fields["name"])
    try:
        made = await write_with_url(create, {**fields, "parent_id": parent}, notes)
    except Conflict:  # made meanwhile by another worker: the same name under the same parent
        listed = await t.read(resources.list_categories(dest.client, {"name": name}))
        same = CategoryTree(categories=tuple(listed)).child(parent, name)
        if same is None:
            raise
        return same.id
    assert made is not None  # a create body always has a name left
    return made.id


async def category_ids(
    dest: Destination, reader: SourceReader, source_ids: Iterable[int], t: Tally, notes: list[str]
) -> list[int]:
    """B's ids for A's categories of a product: a linked one answers without any call (its
    fields and parent follow its own events); the path of each other one is read from A,
    planned and resolved (and made) in B."""
    wanted = [c for c in source_ids if c != ROOT]
    linked = await dest.links.many(LinkKind.CATEGORY, wanted) if wanted else {}
    made = {a: link.destination_id for a, link in linked.items()}
    chains = [await reader.path(c) for c in wanted if c not in made]
    if chains:
        tree = await read_tree(dest, chains, t)
        plan = plan_categories(chains, tree, copy_custom_url=dest.copy_custom_url)
        made |= await apply_categories(dest, plan, t, notes)
    return [made[c] for c in wanted]


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
            await dest.links.drop(LinkKind.CATEGORY, level.id)
