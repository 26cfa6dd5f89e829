"""Metafields planned from snapshots: by namespace and key, only the ones an app may read, and
B's metafields touched only in the namespaces A has for the resource."""

from __future__ import annotations

from storebridge_catalog_sync.planning.metafields import (
    CreateMetafield,
    DeleteMetafield,
    ProductMetafields,
    UpdateMetafield,
    by_product,
    metafield_steps,
)
from storebridge_catalog_sync.planning.plan import plan_product
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.planning.steps import CreateVariant
from storebridge_shared.bigcommerce.models import Metafield, Owner, Product

PRODUCT = Owner(product=70)


def field(metafield_id, namespace, key, value, permission_set="read", **extra):
    body = {
        "id": metafield_id,
        "namespace": namespace,
        "key": key,
        "value": value,
        "permission_set": permission_set,
        "description": "",
        **extra,
    }
    return Metafield.parse(body)


def variant(variant_id, sku, color):
    values = [{"option_display_name": "Color", "label": color}] if color else []
    return {"id": variant_id, "sku": sku, "option_values": values}


def product(product_id, variants=()):
    return Product.parse(
        {"id": product_id, "name": "Mug", "sku": "MUG", "variants": list(variants), "options": []}
    )


def metafield_plan(a_fields, b_fields, a_product=None, b_product=None):
    a = SourceSnapshot(a_product or product(7), metafields=a_fields)
    b = DestinationSnapshot(b_product or product(70), metafields=b_fields)
    return [s for s in plan_product(a, b, Rules()).steps if "Metafield" in type(s).__name__]


def test_given_a_metafield_b_lacks_when_planned_then_it_is_created_with_a_permission_set():
    a = ProductMetafields((field(1, "erp", "code", "X1", "write", description="ERP code"),))

    steps = metafield_plan(a, ProductMetafields())

    body = {"namespace": "erp", "key": "code", "value": "X1", "description": "ERP code"}
    assert steps == [CreateMetafield(PRODUCT, {**body, "permission_set": "write"})]


def test_given_a_changed_value_when_planned_then_b_metafield_is_updated_in_place():
    a = ProductMetafields((field(1, "erp", "code", "X2"),))
    b = ProductMetafields((field(901, "erp", "code", "X1"),))

    assert metafield_plan(a, b) == [UpdateMetafield(PRODUCT, 901, {"value": "X2"})]


def test_given_equal_metafields_when_planned_then_nothing_is_written():
    a = ProductMetafields((field(1, "erp", "code", "X1"), field(2, "erp", "tier", "gold")))
    b = ProductMetafields((field(902, "erp", "tier", "gold"), field(901, "erp", "code", "X1")))

    assert metafield_plan(a, b) == []


def test_given_a_metafield_a_deleted_when_planned_then_b_deletes_it_in_that_namespace_only():
    a = ProductMetafields((field(1, "erp", "code", "X1"),))
    b = ProductMetafields(
        (
            field(901, "erp", "code", "X1"),
            field(902, "erp", "old", "gone in A"),
            field(903, "b_own", "note", "B's own"),
        )
    )

    assert metafield_plan(a, b) == [DeleteMetafield(PRODUCT, 902)]


def test_given_an_app_only_metafield_in_a_when_planned_then_it_is_neither_copied_nor_managed():
    a = ProductMetafields((field(1, "secret", "token", "s3cr3t", "app_only"),))
    b = ProductMetafields((field(903, "secret", "other", "B's own"),))

    assert metafield_plan(a, b) == []


def test_given_every_readable_permission_set_when_planned_then_each_is_copied():
    sets = ("read", "write", "read_and_sf_access", "write_and_sf_access", "app_only")
    a = [field(i, "ns", f"k{i}", "v", s) for i, s in enumerate(sets)]

    steps = metafield_steps(PRODUCT, a, [], frozenset({"ns"}))

    assert [s.fields["permission_set"] for s in steps if isinstance(s, CreateMetafield)] == list(
        sets[:4]
    )


def test_given_a_changed_permission_set_and_description_when_planned_then_both_are_updated():
    a = ProductMetafields((field(1, "erp", "code", "X1", "write", description="new"),))
    b = ProductMetafields((field(901, "erp", "code", "X1", "read"),))

    changed = {"description": "new", "permission_set": "write"}
    assert metafield_plan(a, b) == [UpdateMetafield(PRODUCT, 901, changed)]


def test_given_variant_metafields_when_planned_then_matched_by_option_combination_not_id():
    a_product = product(7, [variant(11, "MUG-R", "Red"), variant(12, "MUG-B", "Blue")])
    b_product = product(70, [variant(702, "MUG-B", "Blue"), variant(701, "MUG-R", "Red")])
    a = ProductMetafields(variants={11: (field(5, "erp", "bin", "R-1"),), 12: ()})
    b = ProductMetafields(
        variants={701: (field(951, "erp", "bin", "R-0"),), 702: (field(952, "erp", "bin", "B"),)}
    )

    steps = metafield_plan(a, b, a_product, b_product)

    assert steps == [
        UpdateMetafield(Owner(product=70, parent=701), 951, {"value": "R-1"}),
        DeleteMetafield(Owner(product=70, parent=702), 952),
    ]


def test_given_a_new_variant_with_metafields_when_planned_then_they_follow_its_create():
    a_product = product(7, [variant(11, "MUG-R", "Red")])
    a = ProductMetafields(variants={11: (field(5, "erp", "bin", "R-1"),)})
    b_product = product(70).model_copy(
        update={"options": Product.parse({"options": [_color()]}).options}
    )

    plan = plan_product(
        SourceSnapshot(a_product, metafields=a), DestinationSnapshot(b_product), Rules()
    )

    kinds = [type(s) for s in plan.steps]
    assert kinds.index(CreateVariant) < kinds.index(CreateMetafield)
    create = plan.of(CreateMetafield)[0]
    assert (create.owner, create.source_variant) == (Owner(product=70), 11)


def test_given_metafields_not_read_when_planned_then_b_metafields_are_left_alone():
    b = DestinationSnapshot(product(70), metafields=ProductMetafields((field(9, "a", "b", "c"),)))

    plan = plan_product(SourceSnapshot(product(7)), b, Rules())

    assert [s for s in plan.steps if "Metafield" in type(s).__name__] == []


def _color():
    return {
        "id": 1,
        "display_name": "Color",
        "type": "swatch",
        "option_values": [{"id": 100, "label": "Red", "sort_order": 0}],
    }


def test_given_base_variant_metafields_when_planned_then_b_base_variant_gets_them():
    a_product = product(7, [variant(71, "MUG", None)])
    b_product = product(70, [variant(701, "MUG", None)])
    a = ProductMetafields(variants={71: (field(1, "erp", "bin", "A-3"),)})
    b = ProductMetafields(variants={701: (field(901, "erp", "bin", "A-1"),)})

    created = metafield_plan(a, ProductMetafields(), a_product, b_product)
    updated = metafield_plan(a, b, a_product, b_product)

    body = {"namespace": "erp", "key": "bin", "value": "A-3", "description": ""}
    base = Owner(product=70, parent=701)
    assert created == [CreateMetafield(base, {**body, "permission_set": "read"})]
    assert updated == [UpdateMetafield(base, 901, {"value": "A-3"})]


def test_given_store_wide_listings_then_each_product_gets_its_own_and_its_variants_metafields():
    mug = product(7, [variant(71, "MUG-R", "Red"), variant(72, "MUG-B", "Blue")])
    tray = product(8, [variant(81, "TRY", None)])
    own = [
        field(1, "erp", "code", "M", resource_id=7),
        field(2, "erp", "code", "X", resource_id=99),
    ]
    variants = [
        field(3, "wms", "bin", "R", resource_id=71),
        field(4, "wms", "bin", "T", resource_id=81),
        field(5, "wms", "bin", "?", resource_id=999),
    ]

    found = by_product([mug, tray], own, variants)

    assert found == {
        7: ProductMetafields((own[0],), {71: (variants[0],)}),
        8: ProductMetafields((), {81: (variants[1],)}),
    }, "another product's and an unknown variant's are left out"
