"""Per-destination rules on plans (pure): scope, fields, prices, stock, availability."""

from __future__ import annotations

import pytest

from storebridge_catalog_sync.linking import Link, LinkKind
from storebridge_catalog_sync.planning.deletes import PRODUCT_OFF
from storebridge_catalog_sync.planning.extras import UpdateBulkPricingRule
from storebridge_catalog_sync.planning.metafields import (
    CreateMetafield,
    ProductMetafields,
    UpdateMetafield,
)
from storebridge_catalog_sync.planning.modifiers import UpdateModifierValue
from storebridge_catalog_sync.planning.rules.config import DestinationRules
from storebridge_catalog_sync.planning.rules.prices import price
from storebridge_catalog_sync.planning.rules.ruled import plan_ruled
from storebridge_catalog_sync.planning.rules.scope import ScopeFacts, verdict
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.planning.steps import (
    CreateCustomField,
    CreateOption,
    CreateProduct,
    CreateVariant,
    SetVariantImage,
    UpdateProduct,
    UpdateVariant,
)
from storebridge_shared.bigcommerce.models import Metafield, Product


def product(**fields):
    body = {
        "id": 7,
        "name": "Mug",
        "sku": "MUG-1",
        "type": "physical",
        "price": 10,
        "sale_price": 0,
        "retail_price": 12.5,
        "cost_price": 4,
        "weight": 1,
        "description": "A mug",
        "page_title": "Mug | Shop",
        "availability": "available",
        "inventory_tracking": "none",
        "brand_id": 0,
        "categories": [],
        "variants": [],
        "images": [],
        "options": [],
        "custom_fields": [],
        **fields,
    }
    return Product.parse(body)


def rules(**given):
    return Rules(destination=DestinationRules.model_validate(given))


def update(a, b, **given):
    plan = plan_ruled(SourceSnapshot(a), DestinationSnapshot(b), rules(**given))
    updates = plan.of(UpdateProduct)
    return dict(updates[0].fields) if updates else {}


EUR = {"currency": "EUR", "currency_rate": 0.92, "multiply": 1.08, "round": "0.99"}


@pytest.mark.parametrize(
    ("given", "value", "expected"),
    [
        ({"multiply": 1.08}, 10, 10.8),
        ({"add": 2}, 10, 12.0),
        ({"multiply": 1.08, "round": "0.99"}, 10, 10.99),
        ({"multiply": 1.08, "round": "whole"}, 10, 11.0),
        ({"currency_rate": 0.92}, 19.99, 18.39),
        (EUR, 19.99, 19.99),
        ({"add": -20}, 10, 0.0),
    ],
)
def test_given_a_price_rule_when_a_price_is_converted_then_it_is_rate_markup_add_rounded(
    given, value, expected
):
    assert price(DestinationRules.model_validate({"prices": given}).prices, value) == expected


def test_given_a_priced_store_when_planned_then_every_price_is_converted_and_zero_stays():
    a = product(id=7)
    b = product(id=70)

    fields = update(a, b, prices=EUR)

    assert fields == {"price": 9.99, "retail_price": 12.99, "cost_price": 3.99}


def test_given_b_already_at_the_converted_prices_then_nothing_is_written():
    a = product()
    b = product(id=70, price=9.99, retail_price=12.99, cost_price=3.99)

    assert update(a, b, prices=EUR) == {}


def test_given_variant_and_bulk_prices_then_they_are_converted_too():
    red = [{"option_display_name": "Color", "label": "Red"}]
    variant = {"id": 1, "sku": "MUG-1-R", "price": 20, "option_values": red, "sale_price": None}
    color = {"id": 3, "display_name": "Color", "type": "swatch", "option_values": [red[0]]}
    bulk = [
        {"id": 5, "quantity_min": 2, "quantity_max": 0, "type": "fixed", "amount": 9},
        {"id": 6, "quantity_min": 10, "quantity_max": 0, "type": "percent", "amount": 5},
    ]
    a = product(variants=[variant], bulk_pricing_rules=bulk, options=[color])
    b = product(
        id=70,
        options=[color],
        price=9.99,
        retail_price=12.99,
        cost_price=3.99,
        variants=[{**variant, "id": 11, "price": 20}],
        bulk_pricing_rules=[{**bulk[0], "id": 50}, {**bulk[1], "id": 60}],
    )

    plan = plan_ruled(SourceSnapshot(a), DestinationSnapshot(b), rules(prices=EUR))

    assert [s.fields for s in plan.of(UpdateVariant)] == [{"price": 19.99}]
    assert [(s.rule_id, s.fields) for s in plan.of(UpdateBulkPricingRule)] == [
        (50, {"amount": 8.99})
    ]


def test_given_no_product_in_b_then_the_create_carries_converted_prices():
    bulk = [{"id": 5, "quantity_min": 2, "quantity_max": 0, "type": "price", "amount": 1}]
    a = product(bulk_pricing_rules=bulk)

    plan = plan_ruled(SourceSnapshot(a), DestinationSnapshot(None), rules(prices=EUR))

    [create] = plan.of(CreateProduct)
    assert create.body["price"] == 9.99
    assert create.body["bulk_pricing_rules"][0]["amount"] == 0.99


def test_given_fields_left_alone_then_b_keeps_its_description_and_seo_but_gets_the_rest():
    a = product(description="New", page_title="New title", weight=2)
    b = product(id=70, description="B's own", page_title="B's title")

    fields = update(a, b, fields={"leave_alone": ["description", "seo"]})

    assert fields == {"weight": 2}


def test_given_a_copy_list_then_only_those_fields_are_written():
    a = product(description="New", weight=2, price=11)
    b = product(id=70)

    assert update(a, b, fields={"copy": ["price"]}) == {"price": 11}


def test_given_fields_left_alone_when_b_has_no_product_then_the_create_has_them():
    a = product(description="New")

    plan = plan_ruled(
        SourceSnapshot(a), DestinationSnapshot(None), rules(fields={"leave_alone": ["description"]})
    )

    assert plan.of(CreateProduct)[0].body["description"] == "New"


def test_given_custom_fields_left_alone_then_no_custom_field_step_is_planned():
    a = product(custom_fields=[{"id": 1, "name": "origin", "value": "PT"}])
    b = product(id=70)

    plan = plan_ruled(
        SourceSnapshot(a), DestinationSnapshot(b), rules(fields={"leave_alone": ["custom_fields"]})
    )

    assert plan.of(CreateCustomField) == []


def test_given_mirrored_stock_with_a_buffer_and_cap_then_b_gets_less_never_below_zero():
    mirror = Rules(
        mirror_inventory=True,
        destination=DestinationRules.model_validate({"stock": {"buffer": 3, "cap": 50}}),
    )

    def sent(level):
        a = product(inventory_tracking="product", inventory_level=level)
        b = product(id=70, inventory_tracking="product", inventory_level=-1)
        plan = plan_ruled(SourceSnapshot(a), DestinationSnapshot(b), mirror)
        return plan.of(UpdateProduct)[0].fields["inventory_level"]

    assert [sent(10), sent(2), sent(500)] == [7, 0, 50]


def test_given_disable_when_out_of_stock_then_b_is_disabled_until_a_has_stock_again():
    given = {"availability": {"disable_when_out_of_stock": True}}
    empty = product(inventory_tracking="product", inventory_level=0)
    stocked = product(inventory_tracking="product", inventory_level=4)
    b = product(id=70, inventory_tracking="product")

    assert update(empty, b, **given) == {"availability": "disabled"}
    assert update(stocked, b, **given) == {}


def test_given_the_channel_rule_and_out_of_stock_then_an_active_listing_is_still_disabled():
    custom = DestinationRules.model_validate({"availability": {"disable_when_out_of_stock": True}})
    a = SourceSnapshot(product(inventory_tracking="product", inventory_level=0), "active")
    b = DestinationSnapshot(product(id=70, inventory_tracking="product"))

    plan = plan_ruled(a, b, Rules(channel_rule=True, destination=custom))

    assert plan.of(UpdateProduct)[0].fields == {"availability": "disabled"}


def scope(**given):
    return DestinationRules.model_validate({"scope": given}).scope


FACTS = ScopeFacts(category_paths=("Kitchen/Mugs",), brand="Acme")


@pytest.mark.parametrize(
    ("given", "in_scope"),
    [
        ({"include": [{"category": "Kitchen"}]}, True),
        ({"include": [{"category": "Kitchen/Mug"}]}, False),
        ({"include": [{"brand": "acme"}]}, True),
        ({"include": [{"sku": "mug-*"}]}, True),
        ({"include": [{"sku": "B2B-*"}, {"type": "digital"}]}, False),
        ({"exclude": [{"custom_field": {"retail_only": "yes"}}]}, False),
        ({"include": [{"brand": "Acme"}], "exclude": [{"sku": "MUG-*"}]}, False),
        ({"include": [{"metafield": {"b2b.tier": "gold"}}]}, True),
        ({"include": [{"brand": "Acme", "type": "digital"}]}, False),
    ],
)
def test_given_a_scope_rule_then_the_verdict_follows_includes_and_excludes(given, in_scope):
    a = product(custom_fields=[{"id": 1, "name": "retail_only", "value": "yes"}])
    facts = ScopeFacts(FACTS.category_paths, FACTS.brand, {"b2b.tier": "gold"})

    found = verdict(scope(**given), a, facts)

    assert found.in_scope is in_scope
    assert found.reason


def test_given_no_rules_then_the_plan_is_the_planners_own():
    a = product(description="New")
    b = product(id=70)

    assert update(a, b) == {"description": "New"}


def test_given_a_priced_scoped_destination_when_explained_then_each_rule_says_what_and_why():
    from storebridge_catalog_sync.planning.rules.explain import explain
    from storebridge_catalog_sync.planning.rules.scope import Verdict

    base = rules(prices=EUR, fields={"leave_alone": ["seo"]}, stock={"buffer": 2})
    a = SourceSnapshot(product(inventory_tracking="product", inventory_level=5))
    b = product(id=70, price=9.99)

    lines = explain("EU", a, Verdict(True, "included by brand=Acme"), base, DestinationSnapshot(b))

    text = "\n".join(lines)
    assert "scope: in (included by brand=Acme)" in text
    assert "prices: x 0.92 EUR, x 1.08, round 0.99" in text
    assert "  price: 10 -> 9.99" in text
    assert "  sale_price: 0 -> 0 (unchanged: 0 or empty)" in text
    assert "  inventory_level: 5 -> 3" in text
    assert "fields: the sync leaves alone seo after creation" in text
    assert "  retail_price: 12.5 -> 12.99" in text, "the plan against B's product"


def test_given_a_product_out_of_scope_when_explained_then_the_delete_policy_is_named():
    from storebridge_catalog_sync.planning.rules.explain import explain
    from storebridge_catalog_sync.planning.rules.scope import Verdict

    lines = explain(
        "B2B",
        SourceSnapshot(product()),
        Verdict(False, "no include matches"),
        rules(),
        DestinationSnapshot(None),
    )

    assert lines[-2:] == [
        "scope: out (no include matches)",
        "  the destination's delete policy applies to B's product",
    ]


RED = [{"option_display_name": "Color", "label": "Red"}]
BLUE = [{"option_display_name": "Color", "label": "Blue"}]
COLOR = {"id": 3, "display_name": "Color", "type": "swatch", "option_values": [*RED, *BLUE]}
RED_IMAGE = "https://cdn.example/a/red.jpg"


def variant(variant_id, sku, values=RED, **fields):
    body = {"id": variant_id, "sku": sku, "price": 20, "weight": 1, "upc": "1", **fields}
    return {"option_values": values, "inventory_level": 5, **body}


def variant_plan(a_variants, b_variants, leave_alone=(), *, mirror=False, **snapshot):
    a = product(inventory_tracking="variant", options=[COLOR], variants=a_variants)
    b = product(id=70, inventory_tracking="variant", options=[COLOR], variants=b_variants)
    fields = {"fields": {"leave_alone": list(leave_alone)}} if leave_alone else {}
    given = Rules(mirror_inventory=mirror, destination=DestinationRules.model_validate(fields))
    return plan_ruled(SourceSnapshot(a), DestinationSnapshot(b, **snapshot), given)


class TestFieldsOnVariants:
    def test_given_prices_dimensions_and_stock_left_alone_then_a_variant_gets_only_the_rest(self):
        a = [variant(1, "MUG-R", price=25, sale_price=19, weight=2, inventory_level=9, upc="2")]
        b = [variant(11, "MUG-R")]

        left = ["prices", "dimensions", "inventory_level"]
        plan = variant_plan(a, b, left, mirror=True)

        assert [s.fields for s in plan.of(UpdateVariant)] == [{"upc": "2"}]
        owned = variant_plan(a, b, mirror=True)
        assert [s.fields for s in owned.of(UpdateVariant)] == [
            {"price": 25, "sale_price": 19, "weight": 2, "upc": "2", "inventory_level": 9}
        ], "without the rule"

    def test_given_prices_left_alone_then_no_variant_or_bulk_price_is_written(self):
        bulk = [{"id": 5, "quantity_min": 2, "quantity_max": 0, "type": "fixed", "amount": 9}]
        a = product(price=11, bulk_pricing_rules=bulk, options=[COLOR], variants=[variant(1, "R")])
        b = product(
            id=70,
            options=[COLOR],
            variants=[variant(11, "R", price=30)],
            bulk_pricing_rules=[{**bulk[0], "id": 50, "amount": 7}],
        )

        plan = plan_ruled(
            SourceSnapshot(a), DestinationSnapshot(b), rules(fields={"leave_alone": ["prices"]})
        )

        assert plan.of(UpdateProduct) == plan.of(UpdateVariant) == []
        assert plan.of(UpdateBulkPricingRule) == []

    def test_given_variants_left_alone_then_no_option_or_variant_is_written_but_links_are(self):
        a = [variant(1, "MUG-R", price=25), variant(2, "MUG-B", BLUE)]
        b = [variant(11, "MUG-R")]
        metafield = Metafield.parse(
            {"id": 9, "namespace": "erp", "key": "k", "value": "v", "permission_set": "read"}
        )
        a_product = product(options=[COLOR], variants=a)
        source = SourceSnapshot(a_product, metafields=ProductMetafields(variants={2: (metafield,)}))
        b_product = DestinationSnapshot(product(id=70, options=[COLOR], variants=b))

        plan = plan_ruled(source, b_product, rules(fields={"leave_alone": ["variants"]}))

        full = plan_ruled(source, b_product, rules())
        assert len(full.of(CreateVariant)) == len(full.of(CreateMetafield)) == 1

        assert plan.of(UpdateVariant) == plan.of(CreateVariant) == []
        assert plan.of(CreateMetafield) == [], "the new variant's: it is not created"
        assert plan.of(Link) == [Link(LinkKind.VARIANT, 1, 11, "MUG-R")]

    def test_given_a_copy_list_then_only_those_variant_fields_are_written(self):
        a = [variant(1, "MUG-R", price=25, weight=2)]

        full = variant_plan(a, [variant(11, "MUG-R")], ())
        plan = plan_ruled(
            SourceSnapshot(product(options=[COLOR], variants=a)),
            DestinationSnapshot(product(id=70, options=[COLOR], variants=[variant(11, "MUG-R")])),
            rules(fields={"copy": ["variants", "price"]}),
        )
        name_only = plan_ruled(
            SourceSnapshot(product(options=[COLOR], variants=a)),
            DestinationSnapshot(product(id=70, options=[COLOR], variants=[variant(11, "MUG-R")])),
            rules(fields={"copy": ["price"]}),
        )

        assert [s.fields for s in full.of(UpdateVariant)] == [{"price": 25, "weight": 2}]
        assert [s.fields for s in plan.of(UpdateVariant)] == [{"price": 25}]
        assert name_only.of(UpdateVariant) == [], "variants not copied: B's own"

    def test_given_images_left_alone_then_variant_images_are_neither_set_nor_cleared(self):
        set_one = variant_plan(
            [variant(1, "MUG-R", image_url=RED_IMAGE)], [variant(11, "MUG-R")], ["images"]
        )
        cleared = variant_plan(
            [variant(1, "MUG-R")],
            [variant(11, "MUG-R", image_url="https://cdn.example/b/x.jpg")],
            ["images"],
            variant_image_links={1: (11, RED_IMAGE)},
        )
        owned = variant_plan(
            [variant(1, "MUG-R")],
            [variant(11, "MUG-R", image_url="https://cdn.example/b/x.jpg")],
            variant_image_links={1: (11, RED_IMAGE)},
        )

        assert set_one.of(SetVariantImage) == []
        assert cleared.of(UpdateVariant) == []
        assert [s.kind for s in cleared.of(Link)] == [LinkKind.VARIANT]
        assert [s.fields for s in owned.of(UpdateVariant)] == [{"image_url": ""}]

    def test_given_metafields_left_alone_then_no_metafield_is_written(self):
        def field(value):
            body = {"namespace": "erp", "key": "k", "value": value, "permission_set": "read"}
            return Metafield.parse({"id": 9, **body})

        a = SourceSnapshot(product(), metafields=ProductMetafields((field("new"),)))
        b = DestinationSnapshot(product(id=70), metafields=ProductMetafields((field("old"),)))

        left = plan_ruled(a, b, rules(fields={"leave_alone": ["metafields"]}))

        assert len(plan_ruled(a, b, rules()).of(UpdateMetafield)) == 1
        assert left.steps == ()

    def test_given_parts_left_alone_when_b_product_was_just_created_then_its_parts_are_made(self):
        a = product(options=[COLOR], variants=[variant(1, "MUG-R")])
        made = DestinationSnapshot(product(id=70, options=[], variants=[]))
        given = rules(fields={"leave_alone": ["variants", "prices"]})

        created = plan_ruled(SourceSnapshot(a), made, given, just_created=True)
        later = plan_ruled(SourceSnapshot(a), made, given)

        assert len(created.of(CreateOption)) == len(created.of(CreateVariant)) == 1
        assert created.of(CreateVariant)[0].fields["price"] == 20
        assert later.of(CreateOption) == later.of(CreateVariant) == []


def test_given_variant_only_fields_and_parts_when_validated_then_they_can_be_named():
    given = {"leave_alone": ["purchasing_disabled", "variants", "metafields"]}
    rule = DestinationRules.model_validate({"fields": given}).fields

    assert rule is not None and not rule.owned("purchasing_disabled")
    assert rule.owned("purchasing_disabled_message")


class TestPricesStockAndScope:
    def test_given_a_sale_price_then_it_is_converted_on_the_product_and_its_variants(self):
        a = product(sale_price=8, options=[COLOR], variants=[variant(1, "R", sale_price=15)])
        b = product(
            id=70,
            options=[COLOR],
            price=9.99,
            retail_price=12.99,
            cost_price=3.99,
            variants=[variant(11, "R", price=19.99)],
        )

        plan = plan_ruled(SourceSnapshot(a), DestinationSnapshot(b), rules(prices=EUR))

        assert [s.fields for s in plan.of(UpdateProduct)] == [{"sale_price": 7.99}]
        assert [s.fields for s in plan.of(UpdateVariant)] == [{"sale_price": 14.99}]

    def test_given_modifier_price_adjusters_then_relative_ones_are_converted_not_percentages(self):
        def dropdown(plus, percent):
            values = [
                {
                    "id": 1,
                    "label": "Gift wrap",
                    "sort_order": 0,
                    "is_default": False,
                    "adjusters": {"price": {"adjuster": "relative", "adjuster_value": plus}},
                },
                {
                    "id": 2,
                    "label": "Engraving",
                    "sort_order": 1,
                    "is_default": False,
                    "adjusters": {"price": {"adjuster": "percentage", "adjuster_value": percent}},
                },
            ]
            return [
                {
                    "id": 4,
                    "display_name": "Extras",
                    "type": "dropdown",
                    "required": False,
                    "sort_order": 0,
                    "config": {},
                    "option_values": values,
                }
            ]

        a = product(modifiers=dropdown(2, 10))
        b = product(
            id=70, price=9.99, retail_price=12.99, cost_price=3.99, modifiers=dropdown(2, 10)
        )

        plan = plan_ruled(SourceSnapshot(a), DestinationSnapshot(b), rules(prices=EUR))

        [step] = plan.of(UpdateModifierValue)
        assert (step.value_id, step.fields["adjusters"]["price"]["adjuster_value"]) == (1, 1.99)
        b_at_price = product(
            id=70, price=9.99, retail_price=12.99, cost_price=3.99, modifiers=dropdown(1.99, 10)
        )
        again = plan_ruled(SourceSnapshot(a), DestinationSnapshot(b_at_price), rules(prices=EUR))
        assert again.steps == (), "B at the converted adjuster: nothing to write"

    def test_given_variant_stock_with_a_buffer_and_cap_then_each_variant_gets_less(self):
        given = DestinationRules.model_validate({"stock": {"buffer": 3, "cap": 50}})
        levels = (10, 2, 500)
        labels = ("Red", "Blue", "Green")
        a = product(
            inventory_tracking="variant",
            options=[
                {
                    **COLOR,
                    "option_values": [{"option_display_name": "Color", "label": x} for x in labels],
                }
            ],
            variants=[
                variant(
                    n,
                    f"V{n}",
                    [{"option_display_name": "Color", "label": x}],
                    inventory_level=level,
                )
                for n, (x, level) in enumerate(zip(labels, levels, strict=True), 1)
            ],
        )
        b = product(
            id=70,
            inventory_tracking="variant",
            options=a.sent()["options"],
            variants=[
                {**v, "id": v["id"] + 10, "inventory_level": -1} for v in a.sent()["variants"][:2]
            ],
        )

        mirror = plan_ruled(
            SourceSnapshot(a),
            DestinationSnapshot(b),
            Rules(mirror_inventory=True, destination=given),
        )
        keep = plan_ruled(SourceSnapshot(a), DestinationSnapshot(b), Rules(destination=given))

        assert [s.fields["inventory_level"] for s in mirror.of(UpdateVariant)] == [7, 0]
        assert [s.fields["inventory_level"] for s in mirror.of(CreateVariant)] == [50]
        assert keep.of(UpdateVariant) == [], "CATALOG_INVENTORY=keep: B's stock after creation"
        assert [s.fields["inventory_level"] for s in keep.of(CreateVariant)] == [50]

    def test_given_a_product_back_in_scope_when_b_disabled_it_then_it_is_enabled_again(self):
        a = product(is_visible=True)
        hidden = product(id=70, **PRODUCT_OFF)

        assert update(a, hidden) == {"availability": "available", "is_visible": True}

    def test_given_visibility_left_alone_when_the_sync_hid_it_for_its_scope_then_it_shows_again(
        self,
    ):
        a = product(is_visible=True, description="New")
        hidden = product(id=70, **PRODUCT_OFF)
        given = rules(fields={"leave_alone": ["availability", "is_visible", "description"]})

        by_b = plan_ruled(SourceSnapshot(a), DestinationSnapshot(hidden), given)
        by_us = plan_ruled(
            SourceSnapshot(a), DestinationSnapshot(hidden), given, hidden_by_scope=True
        )

        assert by_b.of(UpdateProduct) == [], "B's team hid it: B keeps it hidden"
        [shown] = by_us.of(UpdateProduct)
        assert dict(shown.fields) == {"availability": "available", "is_visible": True}

    def test_given_a_product_back_in_scope_when_b_deleted_it_then_it_is_created_again(self):
        plan = plan_ruled(SourceSnapshot(product()), DestinationSnapshot(None), rules())

        assert [type(s) for s in plan.steps] == [CreateProduct]
