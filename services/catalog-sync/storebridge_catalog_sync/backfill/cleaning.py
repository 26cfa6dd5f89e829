"""What of the source catalog can be copied, and why the rest cannot (pure: no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from storebridge_catalog_sync.planning.matching import fold

Record = Mapping[str, Any]


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


def product_problem(product: Record) -> str:
    """Why a product cannot be copied ("" when it can)."""
    if not str(product.get("sku") or "").strip():
        return "no SKU (SKU is the key in every destination)"
    price = _number(product.get("price"))
    if price is None or price < 0:
        return f"invalid price {product.get('price')!r}"
    weight = _number(product.get("weight"))
    if weight is None or weight < 0:
        return f"invalid weight {product.get('weight')!r}"
    if not str(product.get("name") or "").strip():
        return "no name"
    return ""


def clean_products(products: Iterable[Record]) -> tuple[list[Record], list[Rejected]]:
    """The copyable products (first of a duplicated SKU wins) and the rejected ones."""
    kept: list[Record] = []
    rejected: list[Rejected] = []
    skus: set[str] = set()
    for product in products:
        sku = str(product.get("sku") or "")
        problem = product_problem(product)
        if not problem and fold(sku) in skus:
            problem = "duplicate SKU in the source"
        if problem:
            rejected.append(Rejected("product", int(product["id"]), sku, problem))
            continue
        skus.add(fold(sku))
        kept.append(product)
    return kept, rejected


def orphan_variants(variants: Iterable[Record], product_ids: Iterable[int]) -> list[Rejected]:
    """Variants whose product is not in the source catalog."""
    known = set(product_ids)
    return [
        Rejected(
            "variant",
            int(v["id"]),
            str(v.get("sku") or ""),
            f"its product {v.get('product_id')} does not exist",
        )
        for v in variants
        if int(v.get("product_id") or 0) not in known
    ]
