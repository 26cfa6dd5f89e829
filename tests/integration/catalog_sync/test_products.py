"""Products flow from store A to store B: created, edited, variants, images, brand, categories."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

MUG = {
    "name": "Enamel Mug",
    "type": "physical",
    "sku": "MUG-1",
    "price": 12.5,
    "weight": 0.4,
    "description": "<p>A mug.</p>",
    "categories": [20],
    "brand_id": 35,
    "inventory_level": 7,
    "search_keywords": "mug, enamel",
    "related_products": [1, 2],
    "tax_class_id": 3,
}


async def test_given_a_new_product_in_a_when_created_then_b_holds_it_with_its_brand_and_category_path(
    world,
):
    async with world() as w:
        await w.create_product(**MUG)

        await w.until_b(lambda w: w.b_product("MUG-1"))
        product = await w.b_product("MUG-1")
        assert product["name"] == "Enamel Mug"
        assert product["price"] == 12.5 and product["inventory_level"] == 7
        assert product["search_keywords"] == "mug, enamel"
        assert product["related_products"] == [] and product["tax_class_id"] == 0
        [brand] = await w.table("brands")
        assert brand["name"] == "Common Good" and product["brand_id"] == brand["id"]
        categories = {c["id"]: c for c in await w.table("categories")}
        [category_id] = product["categories"]
        child = categories[category_id]
        assert child["name"] == "Cookware"
        assert categories[child["parent_id"]]["name"] == "Kitchen"


async def test_given_a_synced_product_when_renamed_and_repriced_then_b_changes_and_no_duplicate_appears(
    world,
):
    async with world() as w:
        created = await w.create_product(**MUG)
        await w.until_b(lambda w: w.b_product("MUG-1"))

        await w.update_product(created["id"], name="Enamel Mug XL", price=14)

        async def renamed(w):
            product = await w.b_product("MUG-1")
            return product and product["name"] == "Enamel Mug XL" and product["price"] == 14

        await w.until_b(renamed)
        assert len(await w.table("products")) == 1


async def test_given_a_product_without_sku_when_created_then_b_gets_nothing_and_the_reason_is_recorded(
    world,
):
    async with world() as w:
        created = await w.create_product(**{**MUG, "sku": "", "name": "No SKU"})

        async def recorded(w):
            state = await w.db.catalog_sync_state.find_one({"resource_id": created["id"]})
            return state and state.get("state") == "idle"

        await w.until_b(recorded)
        state = await w.db.catalog_sync_state.find_one({"resource_id": created["id"]})
        assert state["last"]["destinations"]["B"]["status"] == "skipped"
        assert state["last"]["destinations"]["B"]["reason"] == "product has no SKU"
        assert await w.table("products") == []


async def test_given_a_synced_product_when_its_sku_changes_in_a_then_b_renames_the_same_product(
    world,
):
    async with world() as w:
        created = await w.create_product(**MUG)
        await w.until_b(lambda w: w.b_product("MUG-1"))
        b_id = (await w.b_product("MUG-1"))["id"]

        await w.update_product(created["id"], sku="MUG-2")

        await w.until_b(lambda w: w.b_product("MUG-2"))
        assert (await w.b_product("MUG-2"))["id"] == b_id
        assert len(await w.table("products")) == 1
