"""Per-destination rules on plans (pure): scope, fields, prices, stock, availability."""

from __future__ import annotations

import pytest

from storebridge_catalog_sync.planning.extras import UpdateBulkPricingRule
from storebridge_catalog_sync.planning.rules.config import DestinationRules
from storebridge_catalog_sync.planning.rules.prices import price
from storebridge_catalog_sync.planning.rules.ruled import plan_ruled
from storebridge_catalog_sync.planning.rules.scope import ScopeFacts, verdict
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.planning.steps import (
    CreateCustomField,
    CreateProduct,
    UpdateProduct,
    UpdateVariant,
)
from storebridge_shared.bigcommerce.models import Product


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
