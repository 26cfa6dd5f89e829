"""The backfill's scope (pure): each product's scope facts from the catalog as read (category
paths by parent, brand names), and which products a destination's scope leaves out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from storebridge_catalog_sync.planning.rules.config import ScopeRule
from storebridge_catalog_sync.planning.rules.scope import ScopeFacts, Verdict, verdict
from storebridge_shared.bigcommerce.models import Product

Record = Mapping[str, Any]


def _paths(categories: Sequence[Record]) -> dict[int, str]:
    by_id = {int(c["id"]): c for c in categories}
    paths: dict[int, str] = {}
    for category_id in by_id:
        names: list[str] = []
        current, seen = category_id, 0
        while current in by_id and seen < 50:
            names.insert(0, str(by_id[current].get("name") or ""))
            current, seen = int(by_id[current].get("parent_id") or 0), seen + 1
        paths[category_id] = "/".join(names)
    return paths


def out_of_scope(
    rule: ScopeRule | None,
    products: Sequence[Record],
    categories: Sequence[Record],
    brands: Sequence[Record],
) -> dict[int, Verdict]:
    """The products (by A's id) the rule leaves out, each with why, from A's categories and
    brands as read; metafield conditions are not decided here (the core's sync reads them)."""
    if rule is None:
        return {}
    paths = _paths(categories)
    names = {int(b["id"]): str(b.get("name") or "") for b in brands}
    left_out: dict[int, Verdict] = {}
    for record in products:
        product = Product.parse(dict(record))
        facts = ScopeFacts(
            tuple(paths[c] for c in product.categories if c in paths),
            names.get(product.brand_id, ""),
        )
        found = verdict(rule, product, facts)
        if not found.in_scope:
            left_out[product.id] = found
    return left_out
