"""The backfill's scope (pure): each product's scope facts from the catalog as read (category
paths by parent, brand names, product metafields), and which products a destination's scope
leaves out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storebridge_catalog_sync.planning.category import chain_of, path_key
from storebridge_catalog_sync.planning.metafields import ProductMetafields
from storebridge_catalog_sync.planning.rules.config import ScopeRule
from storebridge_catalog_sync.planning.rules.scope import (
    ScopeFacts,
    Verdict,
    metafield_values,
    verdict,
)
from storebridge_shared.bigcommerce.models import Brand, Category, Product


def out_of_scope(
    rule: ScopeRule | None,
    products: Sequence[Product],
    categories: Sequence[Category],
    brands: Sequence[Brand],
    metafields: Mapping[int, ProductMetafields] | None = None,
) -> dict[int, Verdict]:
    """The products (by A's id) the rule leaves out, each with why, from A's categories, brands
    and product metafields as read (`Catalog.metafields`)."""
    if rule is None:
        return {}
    paths = {c.id: path_key(chain_of(c.id, categories)) for c in categories}
    names = {b.id: b.name for b in brands}
    left_out: dict[int, Verdict] = {}
    for product in products:
        fields = (metafields or {}).get(product.id)
        facts = ScopeFacts(
            tuple(paths[c] for c in product.categories if c in paths),
            names.get(product.brand_id, ""),
            metafield_values(fields.product) if fields else {},
        )
        found = verdict(rule, product, facts)
        if not found.in_scope:
            left_out[product.id] = found
    return left_out
