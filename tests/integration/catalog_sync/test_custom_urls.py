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
