"""A delete in A under the disable policy, from snapshots of B: hide, once."""

from __future__ import annotations

from storebridge_catalog_sync.planning.deletes import category_off, product_off
from storebridge_shared.bigcommerce.models import Category, Product


def test_given_a_visible_product_in_b_then_it_is_disabled_and_hidden():
    current = Product.parse({"id": 9, "availability": "available", "is_visible": True})

    assert product_off(current) == {"availability": "disabled", "is_visible": False}


def test_given_a_product_hidden_already_then_nothing_is_written():
    current = Product.parse({"id": 9, "availability": "disabled", "is_visible": False})

    assert product_off(current) == {}


def test_given_a_category_then_it_is_hidden_once():
    assert category_off(Category.parse({"id": 3, "is_visible": True})) == {"is_visible": False}
    assert category_off(Category.parse({"id": 3, "is_visible": False})) == {}
