"""Categories in B (pure): A's categories resolved by their path, parents first.

A level of A's path is B's category its link names (trusted as it is when B's was not read),
else B's child of the resolved parent with the same name (folded), else created under it. B
refuses two categories of one name under one parent, and a category is never matched by name
alone, so a move or a rename in A moves or renames B's linked category in place. Every B
category the snapshot holds is brought in line with A's (fields, parent, and A's storefront URL
when the destination copies it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storebridge_catalog_sync.linking import Link, LinkKind
from storebridge_catalog_sync.mapping import changes, copied_url, desired_category
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.planning.snapshot import LinkedIds
from storebridge_catalog_sync.planning.steps import Fields
from storebridge_shared.bigcommerce.models import Category

ROOT = 0
MAX_DEPTH = 50
"""A parent chain longer than this is broken (a cycle): it stops there."""


@dataclass(frozen=True)
class CreateCategory:
    """Create A's category in B under `parent_id`, or, when `parent_of` is set, under the B
    category this plan creates for A's category `parent_of`; then link it."""

    source_id: int
    fields: Fields
    key: str
    parent_id: int = ROOT
    parent_of: int = 0


@dataclass(frozen=True)
class UpdateCategory:
    """Write the fields of B's category that differ (`parent_of`: its new parent is one this
    plan creates, for A's category `parent_of`)."""

    category_id: int
    fields: Fields
    parent_of: int = 0


CategoryStep = CreateCategory | UpdateCategory | Link


@dataclass(frozen=True)
class CategoryTree:
    """What is known of B for a plan: the links of A's categories (a link whose category B no
    longer has left out) and B's categories as read (linked ones, candidates by name); a link
    to a category not read is trusted."""

    links: LinkedIds = field(default_factory=dict)
    categories: Sequence[Category] = ()

    def read(self, category_id: int) -> Category | None:
        """B's category with this id, when it was read."""
        return next((c for c in self.categories if c.id == category_id), None)

    def child(self, parent_id: int, name: str) -> Category | None:
        """B's category of this name (folded) under `parent_id`, when it was read."""
        return next(
            (c for c in self.categories if c.parent_id == parent_id and fold(c.name) == fold(name)),
            None,
        )


@dataclass(frozen=True)
class CategoryPlan:
    """B's id for each of A's categories planned (0: made by this plan's `CreateCategory`) and
    the steps, parents before children."""

    ids: dict[int, int]
    steps: tuple[CategoryStep, ...] = ()

    def created(self, source_id: int) -> bool:
        """True when the plan creates B's category for A's `source_id`."""
        return any(isinstance(s, CreateCategory) and s.source_id == source_id for s in self.steps)


def chain_of(category_id: int, known: Iterable[Category]) -> tuple[Category, ...]:
    """A's category and its ancestors, root first, as far as `known` holds them."""
    by_id = {c.id: c for c in known}
    chain: list[Category] = []
    current = category_id
    while current != ROOT and current in by_id and len(chain) < MAX_DEPTH:
        chain.insert(0, by_id[current])
        current = by_id[current].parent_id
    return tuple(chain)


def path_key(chain: Sequence[Category]) -> str:
    """The link key of the last category of a chain: its path of names from the root."""
    return "/".join(c.name for c in chain)


def desired(source: Category, parent_id: int, copy_custom_url: bool) -> dict[str, Any]:
    """B's category fields wanted for A's under the resolved parent (A's URL when copied)."""
    wanted = desired_category(source.sent(), parent_id)
    url = copied_url(source.custom_url) if copy_custom_url else None
    if url is not None:
        wanted["custom_url"] = url
    return wanted


def plan_categories(
    chains: Iterable[Sequence[Category]],
    tree: CategoryTree,
    *,
    copy_custom_url: bool = False,
    resolved: Mapping[int, int] | None = None,
) -> CategoryPlan:
    """Resolve every level of every chain (shared ancestors once), parents first; levels in
    `resolved` (A's id -> B's, 0: not made) are taken as they are (the backfill's parents)."""
    planner = _Planner(tree, copy_custom_url, dict(resolved or {}))
    for chain in chains:
        for depth in range(len(chain)):
            planner.level(chain[: depth + 1])
    return CategoryPlan(planner.ids, tuple(planner.steps))


@dataclass
class _Planner:
    tree: CategoryTree
    copy_custom_url: bool
    ids: dict[int, int] = field(default_factory=dict)
    steps: list[CategoryStep] = field(default_factory=list)

    def level(self, chain: Sequence[Category]) -> None:
        source = chain[-1]
        if source.id in self.ids:
            return
        parent_source = chain[-2].id if len(chain) > 1 else ROOT
        parent_id = self.ids[parent_source] if parent_source else ROOT
        pending = parent_source if parent_source and not parent_id else 0
        key = path_key(chain)
        link = self.tree.links.get(source.id)
        target = self._target(source, link, parent_id, pending)
        if target is None and link is not None:
            self.ids[source.id] = link[0]  # linked, B's not read: trusted
            self._relink(source.id, link[0], key, link)
            return
        wanted = desired(source, parent_id, self.copy_custom_url)
        if target is None:
            fields = {k: v for k, v in wanted.items() if k != "parent_id"}
            self.steps.append(CreateCategory(source.id, fields, key, parent_id, pending))
            self.ids[source.id] = 0
            return
        if pending:
            wanted.pop("parent_id")
        diff = changes(target.sent(), wanted)
        if diff or pending:
            self.steps.append(UpdateCategory(target.id, diff, pending))
        self.ids[source.id] = target.id
        self._relink(source.id, target.id, key, link)

    def _target(
        self, source: Category, link: tuple[int, str] | None, parent_id: int, pending: int
    ) -> Category | None:
        if link is not None:
            return self.tree.read(link[0])  # None: not read, the link is trusted
        if pending:
            return None  # a new parent has no children yet
        return self.tree.child(parent_id, source.name)

    def _relink(self, source_id: int, target: int, key: str, link: tuple[int, str] | None) -> None:
        if link != (target, key):
            self.steps.append(Link(LinkKind.CATEGORY, source_id, target, key))
