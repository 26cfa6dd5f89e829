"""The backfill's decisions under a destination's rules (pure): prices, fields, stock and
availability applied as the event path applies them (`backfill.plan.decide`)."""

from __future__ import annotations

from storebridge_catalog_sync.backfill.plan import decide, parts_after_create
from storebridge_catalog_sync.mapping import desired_product
from storebridge_catalog_sync.planning.rules.config import DestinationRules
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.planning.steps import CreateProduct, CreateVariant
from storebridge_shared.bigcommerce.models import Product

SIZE_S = [{"option_display_name": "Size", "label": "S"}]
SIZE = {"id": 5, "display_name": "Size", "type": "rectangles", "option_values": SIZE_S}
SOURCE = {
    "id": 77,
    "name": "Towel",
    "type": "physical",
    "sku": "TOW",
    "price": 10,
    "sale_price": 8,
    "weight": 1,
    "description": "From A",
    "is_visible": True,
    "availability": "available",
    "inventory_tracking": "product",
    "inventory_level": 12,
    "options": [SIZE],
    "variants": [
        {"id": 2, "sku": "TOW-S", "price": 20, "inventory_level": 4, "option_values": SIZE_S}
    ],
}
EUR = {"currency_rate": 0.92, "multiply": 1.08, "round": "0.99"}
STOCK = {"buffer": 2, "cap": 6}


def rules(*, mirror=False, **given):
    return Rules(mirror_inventory=mirror, destination=DestinationRules.model_validate(given))


def in_b(**changes):
    """B's product as the backfill under EUR and STOCK left it (mirrored stock)."""
    body = {**desired_product(SOURCE, brand_id=0, category_ids=[]), "id": 900}
    body |= {"price": 9.99, "sale_price": 7.99, "inventory_level": 6}
    variant = {**SOURCE["variants"][0], "id": 20, "price": 19.99, "inventory_level": 2}
    return {**body, "options": [SIZE], "variants": [variant], **changes}


def decided(source, target, given):
    b = DestinationSnapshot(None if target is None else Product.parse(target))
    return decide(SourceSnapshot(Product.parse(source)), b, given)


PRICED = rules(mirror=True, prices=EUR, stock=STOCK)


def test_given_a_priced_store_when_b_is_empty_then_the_create_and_its_variants_carry_b_s_values():
    decision = decided(SOURCE, None, PRICED)

    [create] = decision.plan.steps
    assert isinstance(create, CreateProduct)
    assert (create.body["price"], create.body["sale_price"]) == (9.99, 7.99)
    assert create.body["inventory_level"] == 6, "12 - 2, capped at 6"
    parts = parts_after_create(SourceSnapshot(decision.source), 900, PRICED)
    [variant] = parts.of(CreateVariant)
    assert (variant.fields["price"], variant.fields["inventory_level"]) == (19.99, 2)


def test_given_b_at_the_converted_values_then_the_product_is_unchanged():
    decision = decided(SOURCE, in_b(), PRICED)

    assert decision.action == "unchanged", decision.plan.steps


def test_given_a_price_and_stock_changed_in_a_then_b_gets_them_converted():
    source = {**SOURCE, "price": 12, "inventory_level": 5}
    source["variants"] = [{**SOURCE["variants"][0], "price": 30}]

    decision = decided(source, in_b(), PRICED)

    assert decision.action == "update"
    assert decision.changes == {"price": 11.99, "inventory_level": 3}
    assert decision.parts_differ, "the variant's price"


def test_given_fields_left_alone_then_a_change_of_them_in_a_writes_nothing():
    source = {**SOURCE, "description": "A's new text", "weight": 3, "price": 12}
    source["variants"] = [{**SOURCE["variants"][0], "price": 30, "weight": 2}]
    left = rules(
        mirror=True,
        prices=EUR,
        stock=STOCK,
        fields={"leave_alone": ["description", "dimensions", "prices"]},
    )

    decision = decided(source, in_b(description="B's own"), left)

    assert decision.action == "unchanged", decision.plan.steps


def test_given_disable_when_out_of_stock_then_the_backfill_disables_and_re_enables():
    given = rules(availability={"disable_when_out_of_stock": True})
    empty = {**SOURCE, "inventory_level": 0}
    off = in_b(availability="disabled", inventory_level=12)

    assert decided(empty, None, given).plan.steps[0].body["availability"] == "disabled"
    assert decided(empty, in_b(inventory_level=12, price=10, sale_price=8), given).changes == {
        "availability": "disabled"
    }
    assert decided(SOURCE, {**off, "price": 10, "sale_price": 8}, given).changes == {
        "availability": "available"
    }
