"""Compare the source catalog with a destination and decide each write (pure: no I/O).

Categories match by path (names from the root, case-insensitive), brands by name, products by
SKU. What a matched product needs is decided by the core's planner (`planning.plan`), so a
backfill writes exactly what an event-driven sync would; the backfill only keeps its own create
body (one POST with the variants) and batches the product-field updates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from storebridge_catalog_sync.linking import Link
from storebridge_catalog_sync.mapping import (
    create_payload,
    desired_image,
    desired_variant,
    option_variants,
    source_url,
)
from storebridge_catalog_sync.planning.extras import create_body_extras
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.planning.plan import desired_fields, plan_product
from storebridge_catalog_sync.planning.rules.fields import owned_plan
from storebridge_catalog_sync.planning.rules.ruled import ruled_source
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.planning.steps import UpdateProduct
from storebridge_shared.bigcommerce.models import Product

Record = Mapping[str, Any]
Path = tuple[str, ...]


def category_paths(categories: Iterable[Record]) -> dict[int, Path]:
    """Each category's path of folded names from the root (a broken parent chain stops)."""
    by_id = {int(c["id"]): c for c in categories}
    paths: dict[int, Path] = {}
    for category_id in by_id:
        names: list[str] = []
        current: int = category_id
        while current in by_id and len(names) <= len(by_id):
            names.insert(0, fold(by_id[current]["name"]))
            current = int(by_id[current].get("parent_id") or 0)
        paths[category_id] = tuple(names)
    return paths


def parents_first(categories: Iterable[Record]) -> list[list[Record]]:
    """Categories grouped by depth, roots first: each group only needs the ones before it."""
    paths = category_paths(categories)
    levels: dict[int, list[Record]] = {}
    for category in categories:
        levels.setdefault(len(paths[int(category["id"])]), []).append(category)
    return [levels[depth] for depth in sorted(levels)]


@dataclass(frozen=True)
class ProductDecision:
    """What the backfill does for one source product in one destination."""

    source: Record
    desired: dict[str, Any]
    target: Record | None
    changes: dict[str, Any] = field(default_factory=dict)
    parts_differ: bool = False

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
        return str(self.source["sku"])


def decide(a: SourceSnapshot, b: DestinationSnapshot, rules: Rules) -> ProductDecision:
    """One source product against its SKU match in a destination, decided by the core's planner:
    its product-field update (batched by the backfill), under the destination's rules (prices,
    stock, availability, fields; scope is decided before), and whether any other write is planned
    (parts: variants, options, images, custom fields, modifiers, pricing rules, videos)."""
    a = ruled_source(a, rules.destination)
    desired = desired_fields(a, b, rules)
    source = a.product.sent()
    if b.product is None:
        return ProductDecision(source, desired, None)
    plan = owned_plan(rules.destination.fields, plan_product(a, b, rules))
    updates = plan.of(UpdateProduct)
    diff = dict(updates[0].fields) if updates else {}
    parts = any(not isinstance(s, UpdateProduct | Link) for s in plan.steps)
    return ProductDecision(source, desired, b.product.sent(), diff, parts)


def needs_parts_after_create(source: Product) -> bool:
    """True when one create cannot carry all of the product: modifiers have no place in it."""
    return bool(source.modifiers)


def _fields(source: Record) -> list[dict[str, Any]]:
    return [{"name": f["name"], "value": f["value"]} for f in source.get("custom_fields") or []]


def create_body(source: Record, desired: Mapping[str, Any]) -> dict[str, Any]:
    """One POST creating the product with its variants, images, custom fields, bulk pricing
    rules and videos (A's storefront URL too when `desired` has it)."""
    body = create_payload(source, desired)
    variants = [
        {
            **desired_variant(v),
            "inventory_level": v.get("inventory_level", 0),
            "option_values": [
                {"option_display_name": o["option_display_name"], "label": o["label"]}
                for o in v.get("option_values") or []
            ],
        }
        for v in option_variants(source.get("variants") or [])
    ]
    images = [{"image_url": source_url(i), **desired_image(i)} for i in source.get("images") or []]
    extras = create_body_extras(Product.parse(source))
    for key, value in (
        ("variants", variants),
        ("images", images),
        ("custom_fields", _fields(source)),
        ("bulk_pricing_rules", extras["bulk_pricing_rules"]),
        ("videos", extras["videos"]),
    ):
        if value:
            body[key] = value
    return body
