"""Compare the source catalog with a destination and decide each write (pure: no I/O).

Categories match by path (names from the root, case-insensitive), brands by name, products and
variants by SKU. Field values come from the core's `mapping`, so a backfill writes exactly what an
event-driven sync would.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storebridge_catalog_sync.mapping import (
    changes,
    create_payload,
    custom_field_plan,
    desired_image,
    desired_variant,
    option_key,
    option_variants,
    source_url,
)
from storebridge_catalog_sync.planning.matching import fold

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


def decide(source: Record, desired: dict[str, Any], target: Record | None) -> ProductDecision:
    """Compare one source product (desired fields resolved) with its SKU match in a destination."""
    if target is None:
        return ProductDecision(source, desired, None)
    diff = changes(target, desired)
    return ProductDecision(source, desired, target, diff, parts_differ(source, target))


def parts_differ(source: Record, target: Record) -> bool:
    """True when variants, images or custom fields of the destination differ from the source."""
    return (
        _variants_differ(source.get("variants") or [], target.get("variants") or [])
        or _images_differ(source.get("images") or [], target.get("images") or [])
        or any(custom_field_plan(target.get("custom_fields") or [], _fields(source)))
    )


def _variants_differ(wanted: Sequence[Record], have: Sequence[Record]) -> bool:
    by_sku = {fold(v["sku"]): v for v in option_variants(have)}
    mine = option_variants(wanted)
    if {fold(v["sku"]) for v in mine} != set(by_sku):
        return True
    for variant in mine:
        target = by_sku[fold(variant["sku"])]
        if option_key(variant) != option_key(target) or changes(target, desired_variant(variant)):
            return True
    return False


def _images_differ(wanted: Sequence[Record], have: Sequence[Record]) -> bool:
    by_url = {str(i.get("image_url")): i for i in have}
    if sorted(source_url(i) for i in wanted) != sorted(by_url):
        return True
    return any(changes(by_url[source_url(i)], desired_image(i)) for i in wanted)


def _fields(source: Record) -> list[dict[str, Any]]:
    return [{"name": f["name"], "value": f["value"]} for f in source.get("custom_fields") or []]


def create_body(source: Record, desired: Mapping[str, Any]) -> dict[str, Any]:
    """One POST creating the product with its variants, images and custom fields."""
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
    for key, value in (
        ("variants", variants),
        ("images", images),
        ("custom_fields", _fields(source)),
    ):
        if value:
            body[key] = value
    return body
