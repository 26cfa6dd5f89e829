"""What of a source product is copied, and when a destination needs a write."""

from __future__ import annotations

import pytest

from storebridge_catalog_sync.mapping import (
    LOCAL_FIELDS,
    availability,
    channel_state,
    create_payload,
    custom_field_plan,
    desired_product,
    product_changes,
)
from storebridge_shared.bigcommerce.models import CustomField

SOURCE = {
    "id": 77,
    "name": "Towel",
    "sku": "TWL",
    "price": 49.0,
    "is_visible": True,
    "related_products": [78, 79],
    "tax_class_id": 4,
    "option_set_id": 9,
    "base_variant_id": 301,
    "calculated_price": 49.0,
    "date_modified": "2026-01-01T00:00:00+00:00",
    "brand_id": 35,
    "categories": [18, 21],
    "inventory_level": 12,
    "availability": "preorder",
}


def test_given_a_source_product_then_store_local_fields_are_never_copied():
    desired = desired_product(SOURCE, brand_id=5, category_ids=[3, 1])

    assert not {"id", "related_products", "tax_class_id", "option_set_id"} & set(desired)
    assert not {"base_variant_id", "calculated_price", "date_modified"} & set(desired)
    assert desired["brand_id"] == 5 and desired["categories"] == [1, 3]
    assert desired["name"] == "Towel" and desired["price"] == 49.0
    assert "inventory_level" not in desired
    assert set(desired) - {"brand_id", "categories"} <= set(SOURCE) - LOCAL_FIELDS


def test_given_a_new_product_then_the_create_body_carries_the_initial_stock():
    desired = desired_product(SOURCE, brand_id=0, category_ids=[])

    assert create_payload(SOURCE, desired)["inventory_level"] == 12


@pytest.mark.parametrize(
    ("rule", "listing", "expected"),
    [
        (False, None, "preorder"),
        (True, "active", "available"),
        (True, "disabled", "disabled"),
        (True, None, "disabled"),
    ],
)
def test_given_the_channel_rule_then_availability_follows_the_listing(rule, listing, expected):
    assert availability(SOURCE, listing, rule) == expected


def test_given_equal_values_in_other_forms_then_there_is_nothing_to_write():
    current = {"price": 49, "is_visible": False, "categories": [3, 1], "name": "Towel"}
    desired = {"price": 49.0, "is_visible": False, "categories": [1, 3], "name": "Towel"}

    assert product_changes(current, desired) == {}


def test_given_differences_then_only_they_are_written():
    current = {"price": 49, "is_visible": True, "name": "Towel", "weight": 1}
    desired = {"price": 52, "is_visible": False, "name": "Towel", "weight": 1}

    assert product_changes(current, desired) == {"price": 52, "is_visible": False}


def test_given_a_bool_and_a_number_then_they_differ():
    assert product_changes({"is_featured": 0}, {"is_featured": False}) == {"is_featured": False}


def test_given_custom_fields_then_they_are_matched_by_name():
    current = [
        {"id": 1, "name": "Material", "value": "Cotton"},
        {"id": 2, "name": "Care", "value": "Wash"},
        {"id": 3, "name": "Old", "value": "x"},
    ]
    wanted = [
        {"name": "Material", "value": "Linen"},
        {"name": "Care", "value": "Wash"},
        {"name": "Origin", "value": "PT"},
    ]

    create, update, delete = custom_field_plan(
        CustomField.parse_all(current), CustomField.parse_all(wanted)
    )

    assert create == [{"name": "Origin", "value": "PT"}]
    assert update == [(1, "Linen")]
    assert delete == [3]


@pytest.mark.parametrize(
    ("assigned", "listings", "state", "available"),
    [
        (False, [], "unassigned", "disabled"),
        (False, ["active"], "unassigned", "disabled"),  # unassigned hides it, listing or not
        (True, [], "active", "available"),  # a storefront channel has no listings
        (True, ["disabled", "active"], "active", "available"),
        (True, ["pending", "rejected"], "pending", "disabled"),
    ],
)
def test_given_an_assignment_and_listings_then_the_channel_rule_follows_both(
    assigned, listings, state, available
):
    found = channel_state(assigned, listings)

    assert found == state
    assert availability({}, found, rule=True) == available
