"""What of the source catalog can be copied, and why the rest cannot (pure: no I/O)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from storebridge_catalog_sync.planning.matching import fold
from storebridge_shared.bigcommerce.models import Product, Variant


@dataclass(frozen=True)
class Rejected:
    """One source item the backfill skips, with the reason reported to the operator."""

    kind: str
    source_id: int
    sku: str
    reason: str


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN is not a number here


def product_problem(product: Product) -> str:
    """Why a product cannot be copied ("" when it can)."""
    if not product.sku.strip():
        return "no SKU (SKU is the key in every destination)"
    price = _number(product.get("price"))
    if price is None or price < 0:
        return f"invalid price {product.get('price')!r}"
    weight = _number(product.get("weight"))
    if weight is None or weight < 0:
        return f"invalid weight {product.get('weight')!r}"
    if not product.name.strip():
        return "no name"
    return ""


def clean_products(products: Iterable[Product]) -> tuple[list[Product], list[Rejected]]:
    """The copyable products (first of a duplicated SKU wins) and the rejected ones."""
    kept: list[Product] = []
    rejected: list[Rejected] = []
    skus: set[str] = set()
    for product in products:
        sku = product.sku
        problem = product_problem(product)
        if not problem and fold(sku) in skus:
            problem = "duplicate SKU in the source"
        if problem:
            rejected.append(Rejected("product", product.id, sku, problem))
            continue
        skus.add(fold(sku))
        kept.append(product)
    return kept, rejected


def orphan_variants(variants: Iterable[Variant], product_ids: Iterable[int]) -> list[Rejected]:
    """Variants whose product is not in the source catalog."""
    known = set(product_ids)
    return [
        Rejected("variant", v.id, v.sku, f"its product {v.product_id or None} does not exist")
        for v in variants
        if v.product_id not in known
    ]
