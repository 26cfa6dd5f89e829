"""Backfill plan: category paths parents first, per-product decisions, the create body."""

from __future__ import annotations

from storebridge_catalog_sync.backfill.plan import (
    category_paths,
    decide,
    needs_parts_after_create,
    parents_first,
    parts_after_create,
)
from storebridge_catalog_sync.mapping import desired_product
from storebridge_catalog_sync.planning.metafields import (
    CreateMetafield,
    ProductMetafields,
    UpdateMetafield,
)
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.planning.steps import CreateOption, CreateProduct, CreateVariant
from storebridge_shared.bigcommerce.models import Category, Metafield, Owner, Product

CATEGORIES = Category.parse_all(
    [
        {"id": 3, "parent_id": 2, "name": "Coffee & Tea"},
        {"id": 1, "parent_id": 0, "name": "Kitchen"},
        {"id": 2, "parent_id": 1, "name": "Cookware"},
        {"id": 4, "parent_id": 0, "name": "Garden"},
        {"id": 5, "parent_id": 4, "name": "cookware"},
    ]
)

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

    assert [sorted(c.id for c in level) for level in levels] == [[1, 4], [2, 5], [3]]


def decided(target, source=SOURCE):
    b = DestinationSnapshot(None if target is None else Product.parse(target), 12, (300,))
    return decide(SourceSnapshot(Product.parse(source)), b, Rules())


def same_as_source():
    target = {**desired(), "id": 900, "variants": SOURCE["variants"]}
    target["custom_fields"] = SOURCE["custom_fields"]
    target["images"] = [{"id": 1, "image_url": "https://cdn.example/t.jpg", "is_thumbnail": True}]
    return target


def test_given_no_match_in_the_destination_then_the_product_is_created():
    assert decided(None).action == "create"


def test_given_the_destination_holds_the_same_product_then_it_is_unchanged():
    decision = decided(same_as_source())

    assert decision.action == "unchanged" and decision.changes == {}


def test_given_a_different_price_then_only_the_price_is_written():
    decision = decided({**same_as_source(), "price": 45.0})

    assert decision.action == "update" and decision.changes == {"price": 49.0}


def test_given_only_parts_differ_then_the_planner_s_part_writes_go_to_the_core_sync():
    same = same_as_source()
    one_variant = {**same, "variants": SOURCE["variants"][:1]}
    silk = {**same, "custom_fields": [{"id": 1, "name": "Material", "value": "Silk"}]}
    rules = {**same, "bulk_pricing_rules": [{"id": 3, "quantity_min": 5, "quantity_max": 0}]}

    assert not decided(same).parts_differ
    for target in (one_variant, {**same, "images": []}, silk, rules):
        assert decided(target).action == "sync-parts", target


def test_given_options_or_modifiers_then_a_create_is_followed_by_their_plan():
    plain = {k: v for k, v in SOURCE.items() if k != "variants"}
    assert not needs_parts_after_create(Product.parse(plain))
    with_modifier = {**plain, "modifiers": [{"id": 1, "display_name": "Note", "type": "text"}]}
    assert needs_parts_after_create(Product.parse(with_modifier))
    assert needs_parts_after_create(Product.parse(WITH_OPTION))


def test_given_a_source_product_then_the_create_body_carries_its_parts_and_no_local_ids():
    [create] = decided(None).plan.steps
    assert isinstance(create, CreateProduct)
    body = create.body

    assert body["brand_id"] == 12 and body["categories"] == [300]
    assert body["inventory_level"] == 8
    assert "related_products" not in body and "tax_class_id" not in body and "id" not in body
    assert "variants" not in body, "options and variants come after, with A's option type"
    assert body["images"] == [{"image_url": "https://cdn.example/t.jpg", "is_thumbnail": True}]
    assert body["custom_fields"] == [{"name": "Material", "value": "Linen"}]


SWATCH = {
    "id": 5,
    "display_name": "Size",
    "type": "swatch",
    "option_values": [{"id": 9, "label": "S", "sort_order": 0, "value_data": {"colors": ["#f00"]}}],
}
WITH_OPTION = {**SOURCE, "options": [SWATCH]}


def test_given_a_created_product_with_options_then_a_s_option_type_and_values_come_first():
    plan = parts_after_create(SourceSnapshot(Product.parse(WITH_OPTION)), 900, Rules())

    assert plan.product_id == 900
    option, variant = plan.steps
    assert option == CreateOption(
        "Size",
        "swatch",
        ({"label": "S", "sort_order": 0, "value_data": {"colors": ["#f00"]}},),
    )
    assert isinstance(variant, CreateVariant)
    assert variant.values == (("Size", "S"),)
    assert variant.fields["sku"] == "TOW-S" and variant.fields["inventory_level"] == 4


def metafield(metafield_id, key, value, permission_set="read"):
    body = {"namespace": "erp", "key": key, "value": value, "permission_set": permission_set}
    return Metafield.parse({"id": metafield_id, "description": "", **body})


def created_body(key, value):
    return {
        "namespace": "erp",
        "key": key,
        "value": value,
        "description": "",
        "permission_set": "read",
    }


def test_given_a_metafield_changed_in_a_then_the_decision_writes_the_planner_s_metafield_step():
    a = ProductMetafields((metafield(1, "code", "X2"),))
    b = ProductMetafields((metafield(901, "code", "X1"),))
    target = DestinationSnapshot(Product.parse(same_as_source()), 12, (300,), metafields=b)

    decision = decide(SourceSnapshot(Product.parse(SOURCE), metafields=a), target, Rules())

    assert decision.action == "sync-parts"
    assert decision.plan.of(UpdateMetafield) == [
        UpdateMetafield(Owner(product=900), 901, {"value": "X2"})
    ]
    assert not decided(same_as_source()).parts_differ, "only the metafield differs"


def test_given_metafields_in_a_then_a_create_is_followed_by_them_on_the_product_and_base_variant():
    plain = Product.parse({**SOURCE, "variants": SOURCE["variants"][:1]})
    a = ProductMetafields(
        (metafield(1, "code", "X1"), metafield(2, "token", "s", "app_only")),
        {1: (metafield(3, "bin", "B-7"),)},
    )

    plan = parts_after_create(
        SourceSnapshot(plain, metafields=a), 900, Rules(), base_variant_id=950
    )

    assert needs_parts_after_create(plain, a)
    assert not needs_parts_after_create(plain, ProductMetafields((a.product[1],)))
    assert plan.steps == (
        CreateMetafield(Owner(product=900), created_body("code", "X1")),
        CreateMetafield(Owner(product=900, parent=950), created_body("bin", "B-7")),
    )


def test_given_an_option_variant_s_metafield_then_it_follows_the_variant_the_create_makes():
    a = ProductMetafields(variants={2: (metafield(3, "bin", "S-1"),)})
    source = Product.parse({**WITH_OPTION, "variants": SOURCE["variants"][1:]})

    plan = parts_after_create(SourceSnapshot(source, metafields=a), 900, Rules())

    *_, variant, copied = plan.steps
    assert isinstance(variant, CreateVariant) and variant.source_id == 2
    assert copied == CreateMetafield(Owner(product=900), created_body("bin", "S-1"), 2)
