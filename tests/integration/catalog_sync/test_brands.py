"""Brands by A's id link, renamed and given A's image in B; a category renamed in A, end to end."""

from __future__ import annotations

import pytest

from storebridge_catalog_sync.resync import ResyncRequest, resync

pytestmark = pytest.mark.integration

LAMP = {
    "name": "Lamp",
    "type": "physical",
    "sku": "LMP",
    "price": 30,
    "weight": 2,
    "brand_id": 35,
    "categories": [18],
}
LOGO = "https://img.example.com/common-good.png"


async def b_brand_of(w, sku):
    product = await w.b_product(sku)
    return next(b for b in await w.table("brands") if b["id"] == product["brand_id"])


async def test_given_a_brand_renamed_in_a_without_a_webhook_when_resynced_then_b_renames_it(
    world,
):
    async with world() as w:
        pid = (await w.create_product(**LAMP))["id"]
        await w.until_b(lambda w: w.settled(pid))
        before = await b_brand_of(w, "LMP")
        assert before["name"] == "Common Good"

        await w.admin("PUT", "/brands/35", {"name": "Common Goods", "image_url": LOGO})
        outcomes = await resync(w.settings, ResyncRequest(product_ids=[pid]), owner="cli-test")

        assert [r.status.value for o in outcomes for r in o.results] == ["updated"]
        after = await b_brand_of(w, "LMP")
        assert after["id"] == before["id"], "renamed in place, never a second brand"
        assert (after["name"], after["image_url"]) == ("Common Goods", LOGO)
        assert [b["name"] for b in await w.table("brands")] == ["Common Goods"]

        writes = await w.writes()
        again = await resync(w.settings, ResyncRequest(product_ids=[pid]), owner="cli-test")
        assert again[0].results[0].writes == 0 and await w.writes() == writes
        assert again[0].source_calls == 4, (
            "A's product, its and its base variant's metafields and its brand; a linked category"
            " is not read"
        )
        assert again[0].results[0].api_calls == 1, "B's product only"


async def test_given_a_brand_missing_in_b_then_it_is_created_by_name_and_linked_by_a_s_id(world):
    async with world() as w:
        pid = (await w.create_product(**{**LAMP, "brand_id": 36}))["id"]
        await w.until_b(lambda w: w.settled(pid))

        assert (await b_brand_of(w, "LMP"))["name"] == "Ofs Select"
        link = await w.db.catalog_links.find_one({"kind": "brand", "source_id": 36})
        assert link["destination_id"] == (await b_brand_of(w, "LMP"))["id"]


async def test_given_a_category_renamed_in_a_then_b_renames_its_category_and_keeps_the_product(
    world,
):
    async with world() as w:
        pid = (await w.create_product(**LAMP))["id"]
        await w.until_b(lambda w: w.settled(pid))
        [shop] = [c for c in await w.table("categories") if c["name"] == "Shop All"]

        await w.admin("PUT", "/categories/18", {"name": "Shop Everything"})

        async def renamed(w):
            return [c["name"] for c in await w.table("categories")] == ["Shop Everything"]

        await w.until_b(renamed)
        assert (await w.b_product("LMP"))["categories"] == [shop["id"]]


async def test_given_a_category_moved_in_a_under_a_parent_b_lacks_then_b_makes_it_and_moves_its_own(
    world,
):
    async with world() as w:
        pid = (await w.create_product(**{**LAMP, "categories": [20]}))["id"]
        await w.until_b(lambda w: w.settled(pid))
        [cookware] = [c for c in await w.table("categories") if c["name"] == "Cookware"]

        await w.admin("PUT", "/categories/20", {"parent_id": 18})

        async def moved(w):
            by_name = {c["name"]: c for c in await w.table("categories")}
            shop = by_name.get("Shop All")
            return shop is not None and by_name["Cookware"]["parent_id"] == shop["id"]

        await w.until_b(moved)
        by_name = {c["name"]: c for c in await w.table("categories")}
        assert by_name["Cookware"]["id"] == cookware["id"], "moved in place, never a second one"
        assert sorted(by_name) == ["Cookware", "Kitchen", "Shop All"]
        assert (await w.b_product("LMP"))["categories"] == [cookware["id"]]


async def test_given_b_lost_the_linked_brand_and_category_when_a_s_product_is_edited_then_b_gets_them_again(
    world,
):
    async with world() as w:
        pid = (await w.create_product(**LAMP))["id"]
        await w.until_b(lambda w: w.settled(pid))
        b_product = await w.b_product("LMP")
        [category] = b_product["categories"]
        async with w.sandbox.api_client("storeb") as api:  # a merchant of B deletes them by hand
            await api.put(f"/v3/catalog/products/{b_product['id']}", json={"categories": []})
            (await api.delete(f"/v3/catalog/categories/{category}")).raise_for_status()
            (await api.delete(f"/v3/catalog/brands/{b_product['brand_id']}")).raise_for_status()

        await w.update_product(pid, price=31)  # the links still name what B lost: B answers 409

        async def repaired(w):
            product = await w.b_product("LMP")
            brands = {b["id"]: b["name"] for b in await w.table("brands")}
            names = {c["id"]: c["name"] for c in await w.table("categories")}
            return (
                product["price"] == 31
                and brands.get(product["brand_id"]) == "Common Good"
                and [names.get(c) for c in product["categories"]] == ["Shop All"]
            )

        await w.until_b(repaired)
        assert await w.dead_letters() == 0
