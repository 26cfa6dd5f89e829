"""Compare the source catalog with a destination and decide each write (pure: no I/O).

Categories match by path (names from the root, case-insensitive), brands by name, products by
SKU. What a matched product needs is decided by the core's planner (`planning.plan`), so a
backfill writes exactly what an event-driven sync would; the backfill's create
body is the planner's (one POST with images, custom fields, pricing rules and videos; the
options, variants and modifiers planned right after it), and it batches the product-field
updates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from storebridge_catalog_sync.linking import Link
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.planning.metafields import ProductMetafields, product_metafield_steps
from storebridge_catalog_sync.planning.modifiers import modifier_steps
from storebridge_catalog_sync.planning.plan import desired_fields, plan_product
from storebridge_catalog_sync.planning.rules.fields import owned_plan
from storebridge_catalog_sync.planning.rules.ruled import ruled_source
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.planning.steps import UpdateProduct, WritePlan
from storebridge_catalog_sync.planning.variants import variant_steps
from storebridge_shared.bigcommerce.models import Category, Product

Path = tuple[str, ...]


def category_paths(categories: Iterable[Category]) -> dict[int, Path]:
    """Each category's path of folded names from the root (a broken parent chain stops)."""
    by_id = {c.id: c for c in categories}
    paths: dict[int, Path] = {}
    for category_id in by_id:
        names: list[str] = []
        current: int = category_id
        while current in by_id and len(names) <= len(by_id):
            names.insert(0, fold(by_id[current].name))
            current = by_id[current].parent_id
        paths[category_id] = tuple(names)
    return paths


def parents_first(categories: Iterable[Category]) -> list[list[Category]]:
    """Categories grouped by depth, roots first: each group only needs the ones before it."""
    listed = list(categories)
    paths = category_paths(listed)
    levels: dict[int, list[Category]] = {}
    for category in listed:
        levels.setdefault(len(paths[category.id]), []).append(category)
    return [levels[depth] for depth in sorted(levels)]


@dataclass(frozen=True)
class ProductDecision:
    """What the backfill does for one source product in one destination."""

    source: Product
    desired: dict[str, Any]
    target: Product | None
    changes: dict[str, Any] = field(default_factory=dict)
    parts_differ: bool = False
    plan: WritePlan = field(default_factory=lambda: WritePlan(0))
    """The core's plan: for a create, its one `CreateProduct` (the event path's create body)."""
    metafields: ProductMetafields | None = None
    """A's product and variant metafields (a create copies them once B's product exists)."""

    @property
    def action(self) -> str:
        """create, update (fields differ), sync-parts (only variants/images/fields), unchanged."""
        if self.target is None:
            return "create"
        if self.changes:
            return "update"
        return "sync-parts" if self.parts_differ else "unchanged"

    @property
    def sku(self) -> str:
        """The product's SKU."""
        return self.source.sku


def decide(a: SourceSnapshot, b: DestinationSnapshot, rules: Rules) -> ProductDecision:
    """One source product against its SKU match in a destination, decided by the core's planner:
    its product-field update (batched by the backfill), under the destination's rules (prices,
    stock, availability, fields; scope is decided before), and whether any other write is planned
    (parts: variants, options, images, custom fields, modifiers, pricing rules, videos)."""
    a = ruled_source(a, rules.destination)
    desired = desired_fields(a, b, rules)
    plan = owned_plan(rules.destination.fields, plan_product(a, b, rules))
    if b.product is None:
        return ProductDecision(a.product, desired, None, plan=plan, metafields=a.metafields)
    updates = plan.of(UpdateProduct)
    diff = dict(updates[0].fields) if updates else {}
    parts = any(not isinstance(s, UpdateProduct | Link) for s in plan.steps)
    return ProductDecision(a.product, desired, b.product, diff, parts, plan, a.metafields)


def needs_parts_after_create(source: Product, metafields: ProductMetafields | None = None) -> bool:
    """True when one create cannot carry all of the product: options (a create makes options
    from variant labels with B's default type, never A's: radio buttons, a swatch's colours
    lost), modifiers and metafields (their own endpoints) have no place in it."""
    return bool(source.options or source.modifiers or (metafields and metafields.managed))


def parts_after_create(
    a: SourceSnapshot, created_id: int, rules: Rules, *, base_variant_id: int = 0
) -> WritePlan:
    """What the create could not carry, planned against B's product as just created (no
    options, variants, modifiers or metafields; its base variant `base_variant_id`): A's
    options with their type and values, the variants made of them, the modifiers, then A's
    product and variant metafields (the base variant's to B's base variant, an option variant's
    to the variant just made for it), as the event path creates them."""
    bare = Product.parse({"id": created_id})
    steps = variant_steps(a.product, bare, DestinationSnapshot(bare), rules)
    steps += modifier_steps(a.product, bare)
    if a.metafields is not None and a.metafields.managed:
        base = [{"id": base_variant_id, "option_values": []}] if base_variant_id else []
        made = Product.parse({"id": created_id, "variants": base})
        steps += product_metafield_steps(a.product, a.metafields, made, ProductMetafields())
    return WritePlan(created_id, tuple(steps))
