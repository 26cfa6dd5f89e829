"""The planner from snapshots: what B needs, in an order B's uniqueness rules accept."""

from __future__ import annotations

import pytest

from storebridge_catalog_sync.linking import Link, LinkKind
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.planning.plan import plan_product
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.planning.steps import (
    CreateCustomField,
    CreateImage,
    CreateOption,
    CreateOptionValue,
    CreateProduct,
    CreateVariant,
    DeleteImage,
    DeleteOptionValue,
    DeleteVariant,
    SetVariantImage,
    UpdateImage,
    UpdateOption,
    UpdateOptionValue,
    UpdateProduct,
    UpdateVariant,
    WritePlan,
)
from storebridge_shared.bigcommerce.models import Product

COLORS = ("Red", "Blue", "Green")


def option(values=COLORS, option_id=1, name="Color"):
    return {
        "id": option_id,
        "display_name": name,
        "type": "swatch",
        "option_values": [
            {"id": option_id * 100 + i, "label": label, "sort_order": i}
            for i, label in enumerate(values)
        ],
    }


def variant(variant_id, sku, color, **fields):
    values = [{"option_display_name": "Color", "label": color}] if color else []
    return {"id": variant_id, "sku": sku, "option_values": values, "price": 10, **fields}


def product(product_id=7, variants=(), images=(), options=None, **fields):
    body = {
        "id": product_id,
        "name": "Mug",
        "sku": "MUG",
        "type": "physical",
        "price": 10,
        "weight": 1,
        "variants": list(variants),
        "images": list(images),
        "options": [option()] if options is None else options,
        "custom_fields": [],
        "brand_id": 0,
        "categories": [],
        "availability": "available",
        **fields,
    }
    return Product.parse(body)


def plan(a, b, **links):
    return plan_product(SourceSnapshot(a), DestinationSnapshot(b, **links), Rules())


def variant_steps(found: WritePlan):
    kinds = (UpdateVariant, CreateVariant, DeleteVariant)
    return [s for s in found.steps if isinstance(s, kinds)]


def replay(b: Product, found: WritePlan) -> dict[tuple[str, ...], str]:
    """Apply the variant steps to B's variants as B would: a SKU is unique store-wide, an
    option combination once per product; returns combination -> SKU at the end."""
    rows = {v.id: (tuple(fold(x.label) for x in v.option_values), v.sku) for v in b.variants}
    new_id = 1000

    def taken(sku: str, by: int) -> None:
        holders = [i for i, (_, s) in rows.items() if fold(s) == fold(sku) and i != by]
        assert not holders and fold(sku) != fold(b.sku), f"409: SKU {sku} is not unique"

    for step in variant_steps(found):
        if isinstance(step, DeleteVariant):
            del rows[step.variant_id]
        elif isinstance(step, UpdateVariant):
            if "sku" in step.fields:
                taken(step.fields["sku"], step.variant_id)
                rows[step.variant_id] = (rows[step.variant_id][0], step.fields["sku"])
        else:
            combo = tuple(fold(label) for _, label in step.values)
            assert combo not in [c for c, _ in rows.values()], "409: option values exist"
            taken(step.fields["sku"], 0)
            new_id += 1
            rows[new_id] = (combo, step.fields["sku"])
    return dict(rows.values())


class TestVariantSkus:
    def test_given_a_sku_swap_in_a_when_planned_then_one_sku_is_parked_and_b_ends_swapped(self):
        a = product(variants=[variant(10, "MUG-B", "Red"), variant(11, "MUG-A", "Blue")])
        b = product(70, variants=[variant(1, "MUG-A", "Red"), variant(2, "MUG-B", "Blue")])

        found = plan(a, b)

        assert replay(b, found) == {("red",): "MUG-B", ("blue",): "MUG-A"}
        steps = variant_steps(found)
        assert len(steps) == 3 and [s.temporary for s in steps] == [True, False, False]
        assert not found.of(DeleteVariant) and not found.of(CreateVariant), "B keeps its ids"

    def test_given_a_three_way_rotation_when_planned_then_b_ends_rotated_with_one_parked(self):
        skus = ("M-1", "M-2", "M-3")
        a = product(variants=[variant(10 + i, skus[(i + 1) % 3], c) for i, c in enumerate(COLORS)])
        b = product(70, variants=[variant(i + 1, skus[i], c) for i, c in enumerate(COLORS)])

        found = plan(a, b)

        assert replay(b, found) == {("red",): "M-2", ("blue",): "M-3", ("green",): "M-1"}
        assert len(variant_steps(found)) == 4

    def test_given_a_sku_moved_to_another_combination_then_its_holder_gives_it_up_first(self):
        a = product(variants=[variant(10, "MUG-C", "Red"), variant(11, "MUG-A", "Blue")])
        b = product(70, variants=[variant(1, "MUG-A", "Red"), variant(2, "MUG-B", "Blue")])

        found = plan(a, b)

        assert replay(b, found) == {("red",): "MUG-C", ("blue",): "MUG-A"}
        assert [s.variant_id for s in variant_steps(found)] == [1, 2]
        assert not any(s.temporary for s in found.of(UpdateVariant))

    def test_given_a_sku_moved_to_a_new_combination_then_the_update_frees_it_before_the_create(
        self,
    ):
        a = product(variants=[variant(10, "MUG-C", "Red"), variant(12, "MUG-A", "Green")])
        b = product(70, variants=[variant(1, "MUG-A", "Red")])

        found = plan(a, b)

        assert replay(b, found) == {("red",): "MUG-C", ("green",): "MUG-A"}
        assert [type(s) for s in variant_steps(found)] == [UpdateVariant, CreateVariant]


class TestVariantsRemovedAndAdded:
    def test_given_a_variant_replaced_by_one_with_the_same_options_then_b_updates_it_in_place(
        self,
    ):
        a = product(variants=[variant(11, "MUG-NEW", "Red", price=12)])
        b = product(70, variants=[variant(1, "MUG-OLD", "Red")])

        found = plan(a, b, variant_links={10: (1, "MUG-OLD")})

        assert variant_steps(found) == [UpdateVariant(1, {"sku": "MUG-NEW", "price": 12})]
        assert Link(LinkKind.VARIANT, 11, 1, "MUG-NEW") in found.steps

    def test_given_a_variant_removed_and_its_sku_reused_by_a_new_one_then_delete_comes_first(
        self,
    ):
        a = product(variants=[variant(12, "MUG-A", "Green")])
        b = product(70, variants=[variant(1, "MUG-A", "Red")])

        found = plan(a, b)

        assert replay(b, found) == {("green",): "MUG-A"}
        assert [type(s) for s in variant_steps(found)] == [DeleteVariant, CreateVariant]
        created = found.of(CreateVariant)[0]
        assert created.values == (("Color", "Green"),) and created.source_id == 12

    def test_given_a_new_option_value_then_it_is_created_before_the_variant_and_unused_ones_go_last(
        self,
    ):
        a = product(
            variants=[variant(10, "MUG-R", "Red"), variant(13, "MUG-Y", "Yellow")],
            options=[option(("Red", "Yellow"))],
        )
        b = product(70, variants=[variant(1, "MUG-R", "Red"), variant(2, "MUG-B", "Blue")])

        found = plan(a, b, variant_links={10: (1, "MUG-R")})

        kinds = [type(s) for s in found.steps]
        assert kinds.index(CreateOptionValue) < kinds.index(CreateVariant)
        assert kinds.index(DeleteVariant) < kinds.index(DeleteOptionValue)
        assert [s.value_id for s in found.of(DeleteOptionValue)] == [101, 102]  # Blue, Green
        assert found.of(CreateOptionValue)[0].body == {"label": "Yellow", "sort_order": 1}

    def test_given_b_without_the_option_then_it_is_created_with_its_values(self):
        a = product(variants=[variant(10, "MUG-R", "Red")])
        b = product(70, options=[])

        found = plan(a, b)

        [made] = found.of(CreateOption)
        assert made.display_name == "Color" and [v["label"] for v in made.values] == list(COLORS)
        assert [type(s) for s in found.steps][-1] is CreateVariant


def image(image_id, name, sort_order, thumbnail=False):
    url = f"https://img.example.com/{name}.jpg"
    return {"id": image_id, "image_url": url, "sort_order": sort_order, "is_thumbnail": thumbnail}


class TestImages:
    def test_given_images_reordered_and_a_new_thumbnail_then_b_updates_them_in_place(self):
        a = product(images=[image(1, "a", 1), image(2, "b", 0, thumbnail=True)])
        b = product(70, images=[image(51, "a", 0, thumbnail=True), image(52, "b", 1)])
        links = {1: (51, "https://img.example.com/a.jpg"), 2: (52, "https://img.example.com/b.jpg")}

        found = plan(a, b, image_links=links)

        assert found.steps == (
            UpdateImage(51, {"sort_order": 1}),
            UpdateImage(52, {"is_thumbnail": True, "sort_order": 0}),
        )

    def test_given_a_replaced_file_then_the_stale_link_is_dropped_and_b_gets_the_new_one(self):
        a = product(images=[image(1, "a2", 0, thumbnail=True)])
        b = product(70, images=[image(51, "a", 0, thumbnail=True)])

        found = plan(a, b, image_links={1: (51, "https://img.example.com/a.jpg")})

        assert [type(s) for s in found.steps] == [CreateImage, DeleteImage]
        assert found.of(CreateImage)[0].url == "https://img.example.com/a2.jpg"

    def test_given_unlinked_images_with_a_s_urls_then_they_are_linked_not_recreated(self):
        a = product(images=[image(1, "a", 0, thumbnail=True)])
        b = product(70, images=[image(51, "a", 0, thumbnail=True)])

        found = plan(a, b)

        assert found.steps == (Link(LinkKind.IMAGE, 1, 51, "https://img.example.com/a.jpg"),)
        assert found.writes == 0


class TestProduct:
    def test_given_b_equal_to_a_then_the_plan_writes_nothing(self):
        rows = [variant(10, "MUG-R", "Red")]
        a = product(variants=rows, images=[image(1, "a", 0, True)], categories=[3])
        b = product(70, variants=[variant(1, "MUG-R", "Red")], images=[image(51, "a", 0, True)])
        b = Product.parse({**b.sent(), "categories": [33]})
        links = {
            "variant_links": {10: (1, "MUG-R")},
            "image_links": {1: (51, a.images[0].image_url)},
        }

        found = plan_product(SourceSnapshot(a), DestinationSnapshot(b, 0, (33,), **links), Rules())

        assert found == WritePlan(70, ())

    def test_given_no_product_in_b_then_it_is_created_with_images_and_custom_fields(self):
        a = product(
            images=[image(1, "a", 0, True)],
            custom_fields=[{"id": 4, "name": "Material", "value": "Clay"}],
            inventory_level=5,
        )

        found = plan(a, None)

        [step] = found.steps
        assert isinstance(step, CreateProduct) and found.creates_product
        assert step.body["images"] == [
            {"image_url": "https://img.example.com/a.jpg", "is_thumbnail": True, "sort_order": 0}
        ]
        assert step.body["custom_fields"] == [{"name": "Material", "value": "Clay"}]
        assert step.body["inventory_level"] == 5 and step.sku == "MUG"

    @pytest.mark.parametrize("rule", [False, True])
    def test_given_changed_fields_then_one_product_update_holds_only_them(self, rule):
        a = product(price=12, availability="available")
        b = product(70, price=10, availability="available")
        snapshot = SourceSnapshot(a, listing_state="active" if rule else None)

        found = plan_product(snapshot, DestinationSnapshot(b), Rules(channel_rule=rule))

        assert found.steps == (UpdateProduct({"price": 12}),)

    def test_given_a_custom_field_added_in_a_then_only_it_is_created(self):
        fields = [{"id": 4, "name": "Material", "value": "Clay"}]
        a = product(custom_fields=[*fields, {"id": 5, "name": "Care", "value": "Hand wash"}])
        b = product(70, custom_fields=[{**fields[0], "id": 40}])

        assert plan(a, b).steps == (CreateCustomField("Care", "Hand wash"),)


class TestCustomUrl:
    URL = {"url": "/mugs/blue-mug/", "is_customized": True}

    def test_given_copy_then_a_s_url_is_written_when_b_s_differs_and_only_then(self):
        a = product(custom_url=self.URL)
        b = product(70, custom_url={"url": "/mug/", "is_customized": False})
        copy = Rules(copy_custom_url=True)

        changed = plan_product(SourceSnapshot(a), DestinationSnapshot(b), copy)
        same = plan_product(
            SourceSnapshot(a), DestinationSnapshot(product(70, custom_url=self.URL)), copy
        )

        assert changed.steps == (UpdateProduct({"custom_url": self.URL}),)
        assert same.steps == ()

    def test_given_generate_then_b_keeps_its_own_url_and_a_new_product_gets_none_of_a_s(self):
        a = product(custom_url=self.URL)
        b = product(70, custom_url={"url": "/mug/", "is_customized": False})

        assert plan(a, b).steps == ()
        assert "custom_url" not in plan(a, None).steps[0].body
        create = plan_product(
            SourceSnapshot(a), DestinationSnapshot(None), Rules(copy_custom_url=True)
        )
        assert create.steps[0].body["custom_url"] == self.URL


class TestInventory:
    MIRROR = Rules(mirror_inventory=True)

    def test_given_mirror_and_stock_by_product_then_b_gets_a_s_product_stock(self):
        a = product(inventory_tracking="product", inventory_level=7)
        b = product(70, inventory_tracking="product", inventory_level=3)

        mirrored = plan_product(SourceSnapshot(a), DestinationSnapshot(b), self.MIRROR)

        assert mirrored.steps == (UpdateProduct({"inventory_level": 7}),)
        assert plan(a, b).steps == (), "keep: B's own stock after create"

    def test_given_mirror_and_stock_by_variant_then_b_s_variants_get_a_s_stock(self):
        a = product(
            inventory_tracking="variant", variants=[variant(10, "MUG-R", "Red", inventory_level=4)]
        )
        b = product(
            70,
            inventory_tracking="variant",
            variants=[variant(1, "MUG-R", "Red", inventory_level=9)],
        )

        mirrored = plan_product(SourceSnapshot(a), DestinationSnapshot(b), self.MIRROR)

        assert mirrored.of(UpdateVariant) == [UpdateVariant(1, {"inventory_level": 4})]
        assert not mirrored.of(UpdateProduct)


class TestVariantImages:
    RED = "https://cdn.example/a/red.jpg"

    def test_given_a_variant_image_in_a_then_b_s_variant_gets_it_once(self):
        a = product(variants=[variant(10, "MUG-R", "Red", image_url=self.RED)])
        b = product(
            70, variants=[variant(1, "MUG-R", "Red", image_url="https://cdn.example/b/x.jpg")]
        )
        links = {"variant_links": {10: (1, "MUG-R")}}

        first = plan(a, b, **links)
        again = plan(a, b, **links, variant_image_links={10: (1, self.RED)})

        assert first.steps == (SetVariantImage(1, 10, self.RED),)
        assert again.steps == ()

    def test_given_a_new_variant_with_an_image_then_its_create_carries_it(self):
        a = product(variants=[variant(10, "MUG-R", "Red", image_url=self.RED)])

        [create] = plan(a, product(70)).of(CreateVariant)

        assert create.image_url == self.RED

    def test_given_a_variant_image_removed_in_a_then_the_one_we_set_in_b_is_cleared(self):
        a = product(variants=[variant(10, "MUG-R", "Red")])
        b = product(
            70, variants=[variant(1, "MUG-R", "Red", image_url="https://cdn.example/b/x.jpg")]
        )

        found = plan(
            a, b, variant_links={10: (1, "MUG-R")}, variant_image_links={10: (1, self.RED)}
        )

        assert found.steps == (
            UpdateVariant(1, {"image_url": ""}),
            Link(LinkKind.VARIANT_IMAGE, 10, 1, ""),
        )
        assert plan(a, b, variant_links={10: (1, "MUG-R")}).steps == (), "B's own image stays"


class TestOptions:
    def test_given_values_reordered_recoloured_and_renamed_in_case_then_b_s_are_updated_in_place(
        self,
    ):
        a_option = option(("Red", "blue"), name="color")
        a_option["option_values"][0]["sort_order"] = 5
        a_option["option_values"][1]["value_data"] = {"colors": ["#0000FF"]}
        a = product(variants=[variant(10, "MUG-R", "Red")], options=[a_option])
        b = product(70, variants=[variant(1, "MUG-R", "Red")], options=[option(("Red", "Blue"))])

        found = plan(a, b, variant_links={10: (1, "MUG-R")})

        assert found.of(UpdateOption) == [UpdateOption(1, {"display_name": "color"})]
        assert found.of(UpdateOptionValue) == [
            UpdateOptionValue(1, 100, {"sort_order": 5}),
            UpdateOptionValue(1, 101, {"label": "blue", "value_data": {"colors": ["#0000FF"]}}),
        ]
        assert not found.of(DeleteVariant) and not found.of(CreateVariant)
