"""Backfill plan: category paths parents first, per-product decisions, the create body."""

from __future__ import annotations

from storebridge_catalog_sync.backfill.plan import (
    category_paths,
    create_body,
    decide,
    parents_first,
    parts_differ,
)
from storebridge_catalog_sync.mapping import desired_product

CATEGORIES = [
    {"id": 3, "parent_id": 2, "name": "Coffee & Tea"},
    {"id": 1, "parent_id": 0, "name": "Kitchen"},
    {"id": 2, "parent_id": 1, "name": "Cookware"},
    {"id": 4, "parent_id": 0, "name": "Garden"},
    {"id": 5, "parent_id": 4, "name": "cookware"},
]

SOURCE = {
    "id": 77,
    "name": "Towel",
    "type": "physical",
    "sku": "TOW",
    "price": 49.0,
    "weight": 1,
    "is_visible": True,
    "inventory_level": 8,
    "related_products": [80],
    "tax_class_id": 3,
    "variants": [
        {"id": 1, "sku": "TOW", "option_values": []},
        {
            "id": 2,
            "sku": "TOW-S",
            "price": None,
            "inventory_level": 4,
            "option_values": [
                {"id": 9, "option_id": 5, "option_display_name": "Size", "label": "S"}
            ],
        },
    ],
    "images": [{"id": 4, "image_url": "https://cdn.example/t.jpg", "is_thumbnail": True}],
    "custom_fields": [{"id": 6, "name": "Material", "value": "Linen"}],
}


def desired(source=SOURCE):
    return desired_product(source, brand_id=12, category_ids=[300])


def test_given_a_category_tree_then_paths_are_folded_names_from_the_root():
    paths = category_paths(CATEGORIES)

    assert paths[3] == ("kitchen", "cookware", "coffee & tea")
    assert paths[5] == ("garden", "cookware")  # same name, other parent: another path


def test_given_categories_in_any_order_then_parents_come_first_level_by_level():
    levels = parents_first(CATEGORIES)

    assert [sorted(c["id"] for c in level) for level in levels] == [[1, 4], [2, 5], [3]]


def test_given_no_match_in_the_destination_then_the_product_is_created():
    assert decide(SOURCE, desired(), None).action == "create"


def test_given_the_destination_holds_the_same_product_then_it_is_unchanged():
    target = {
        **desired(),
        "id": 900,
        **{k: SOURCE[k] for k in ("variants", "images", "custom_fields")},
    }
    target["images"] = [{"id": 1, "image_url": "https://cdn.example/t.jpg", "is_thumbnail": True}]

    decision = decide(SOURCE, desired(), target)

    assert decision.action == "unchanged" and decision.changes == {}


def test_given_a_different_price_then_only_the_price_is_written():
    target = {**desired(), "id": 900, "price": 45.0, "variants": SOURCE["variants"]}
    target |= {"images": [{"image_url": "https://cdn.example/t.jpg", "is_thumbnail": True}]}
    target |= {"custom_fields": SOURCE["custom_fields"]}

    decision = decide(SOURCE, desired(), target)

    assert decision.action == "update" and decision.changes == {"price": 49.0}


def test_given_only_variants_images_or_fields_differ_then_the_parts_are_synced():
    same = {
        **desired(),
        "id": 900,
        "variants": SOURCE["variants"],
        "custom_fields": SOURCE["custom_fields"],
    }
    same["images"] = [{"image_url": "https://cdn.example/t.jpg", "is_thumbnail": True}]
    assert not parts_differ(SOURCE, same)
    assert parts_differ(SOURCE, {**same, "variants": SOURCE["variants"][:1]})
    assert parts_differ(SOURCE, {**same, "images": []})
    assert parts_differ(
        SOURCE, {**same, "custom_fields": [{"id": 1, "name": "Material", "value": "Silk"}]}
    )
    assert decide(SOURCE, desired(), {**same, "images": []}).action == "sync-parts"


def test_given_a_source_product_then_the_create_body_carries_its_parts_and_no_local_ids():
    body = create_body(SOURCE, desired())

    assert body["brand_id"] == 12 and body["categories"] == [300]
    assert body["inventory_level"] == 8
    assert "related_products" not in body and "tax_class_id" not in body and "id" not in body
    [variant] = body["variants"]
    assert variant["sku"] == "TOW-S" and variant["inventory_level"] == 4
    assert variant["option_values"] == [{"option_display_name": "Size", "label": "S"}]
    assert body["images"] == [{"image_url": "https://cdn.example/t.jpg", "is_thumbnail": True}]
    assert body["custom_fields"] == [{"name": "Material", "value": "Linen"}]
