"""CATALOG_CUSTOM_URL=copy: B's products get A's storefront URLs; a URL taken in B is reported."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

LAMP = {"name": "Lamp", "type": "physical", "sku": "LMP", "price": 30, "weight": 2}


async def test_given_copy_then_b_has_a_s_url_and_follows_a_change_of_it(world):
    async with world(catalog_custom_url="copy") as w:
        url = {"url": "/lighting/desk-lamp/", "is_customized": True}
        pid = (await w.create_product(**LAMP, custom_url=url))["id"]
        await w.until_b(lambda w: w.settled(pid))
        assert (await w.b_product("LMP"))["custom_url"] == url

        moved = {"url": "/lamps/desk/", "is_customized": True}
        await w.update_product(pid, custom_url=moved)

        async def followed(w):
            return (await w.b_product("LMP"))["custom_url"] == moved

        await w.until_b(followed)


async def test_given_a_url_taken_in_b_then_b_keeps_its_own_and_the_outcome_says_why(world):
    async with world(catalog_custom_url="copy") as w:
        async with w.sandbox.api_client("storeb") as api:
            taken = {"name": "Desk", "parent_id": 0, "custom_url": {"url": "/desk/"}}
            await api.post("/v3/catalog/categories", json=taken)
        pid = (await w.create_product(**LAMP, custom_url={"url": "/desk/"}))["id"]
        await w.until_b(lambda w: w.settled(pid))

        product = await w.b_product("LMP")
        assert product["custom_url"]["url"] != "/desk/"
        last = (await w.state_of(pid))["last"]["destinations"]["B"]
        assert last["status"] == "created"
        assert "custom_url /desk/ is taken in B" in last["reason"]
        assert await w.dead_letters() == 0


def url_of(rows, record_id):
    return next(r["custom_url"] for r in rows if r["id"] == record_id)


async def test_given_copy_then_b_s_brand_and_categories_get_a_s_urls_and_follow_a_category_move(
    world,
):
    async with world(catalog_custom_url="copy") as w:
        a_categories, a_brands = (
            await w.table("categories", "storea"),
            await w.table("brands", "storea"),
        )
        pid = (await w.create_product(**LAMP, brand_id=35, categories=[20]))["id"]
        await w.until_b(lambda w: w.settled(pid))

        product = await w.b_product("LMP")
        b_categories = {c["name"]: c for c in await w.table("categories")}
        assert b_categories["Kitchen"]["custom_url"]["url"] == url_of(a_categories, 19)["url"]
        assert b_categories["Cookware"]["custom_url"]["url"] == url_of(a_categories, 20)["url"]
        [brand] = await w.table("brands")
        assert (brand["id"], brand["custom_url"]["url"]) == (
            product["brand_id"],
            url_of(a_brands, 35)["url"],
        )

        moved = {"url": "/kitchen/pots-and-pans/", "is_customized": True}
        await w.admin("PUT", "/categories/20", {"custom_url": moved})

        async def followed(w):
            found = [c for c in await w.table("categories") if c["name"] == "Cookware"]
            return found[0]["custom_url"]["url"] == moved["url"]

        await w.until_b(followed)


async def test_given_a_category_url_taken_in_b_then_b_s_category_keeps_its_own_and_the_outcome_says_why(
    world,
):
    async with world(catalog_custom_url="copy") as w:
        kitchen = url_of(await w.table("categories", "storea"), 19)["url"]
        async with w.sandbox.api_client("storeb") as api:
            taken = {"name": "Other", "type": "physical", "price": 1, "weight": 1}
            await api.post("/v3/catalog/products", json={**taken, "custom_url": {"url": kitchen}})
        pid = (await w.create_product(**LAMP, categories=[20]))["id"]
        await w.until_b(lambda w: w.settled(pid))

        b_categories = {c["name"]: c for c in await w.table("categories")}
        assert b_categories["Kitchen"]["custom_url"]["url"] != kitchen
        assert (await w.b_product("LMP"))["categories"] == [b_categories["Cookware"]["id"]]
        last = (await w.state_of(pid))["last"]["destinations"]["B"]
        assert last["status"] == "created"
        assert f"custom_url {kitchen} is taken in B" in last["reason"]
        assert await w.dead_letters() == 0
