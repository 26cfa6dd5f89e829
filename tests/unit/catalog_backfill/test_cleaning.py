"""Backfill cleaning: what of the source can be copied, and the reason for the rest."""

from __future__ import annotations

from storebridge_catalog_sync.backfill.cleaning import (
    clean_products,
    orphan_variants,
    product_problem,
)
from storebridge_shared.bigcommerce.models import Product, Variant


def product(pid: int, **fields):
    body = {"id": pid, "name": f"P{pid}", "sku": f"SKU-{pid}", "price": 10, "weight": 1} | fields
    return Product.parse(body)


def test_given_a_valid_product_then_it_has_no_problem():
    assert product_problem(product(1)) == ""
    assert product_problem(product(1, price=0, weight=0)) == ""  # free and weightless is valid


def test_given_missing_or_invalid_weight_price_or_sku_then_each_is_named():
    assert "weight" in product_problem(product(1, weight=None))
    assert "weight" in product_problem(product(1, weight=-1))
    assert "weight" in product_problem(product(1, weight="heavy"))
    assert "price" in product_problem(product(1, price=None))
    assert "price" in product_problem(product(1, price=True))
    assert "price" in product_problem(product(1, price=float("nan")))
    assert "SKU" in product_problem(product(1, sku=""))
    assert "SKU" in product_problem(product(1, sku="   "))


def test_given_products_when_cleaned_then_valid_ones_are_kept_in_order_and_rejects_explained():
    kept, rejected = clean_products(
        [product(1), product(2, weight=None), product(3), product(4, sku="sku-1")]
    )

    assert [p.id for p in kept] == [1, 3]
    assert [(r.source_id, r.kind) for r in rejected] == [(2, "product"), (4, "product")]
    assert rejected[1].reason == "duplicate SKU in the source"


def test_given_a_variant_whose_product_is_missing_then_it_is_an_orphan():
    variants = Variant.parse_all(
        [
            {"id": 10, "product_id": 1, "sku": "A-1"},
            {"id": 11, "product_id": 9, "sku": "GONE-1"},
        ]
    )

    [orphan] = orphan_variants(variants, [1, 2])

    assert (orphan.kind, orphan.source_id, orphan.sku) == ("variant", 11, "GONE-1")
    assert "9" in orphan.reason
