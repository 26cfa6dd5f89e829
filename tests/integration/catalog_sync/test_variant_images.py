"""A variant's own image, end to end: copied to B's variant once, cleared when A clears it."""

from __future__ import annotations

import pytest

from tests.integration.catalog_sync.test_variant_skus import COLORS, MUG, color

pytestmark = pytest.mark.integration


async def b_red(w):
    products = [p for p in await w.table("products") if p["sku"] == "MUG"]
    if not products:
        return None
    found = [v for v in await w.table("variants") if v["product_id"] == products[0]["id"]]
    return next((v for v in found if v["sku"] == "MUG-A"), None)


async def test_given_a_variant_image_set_in_a_then_b_s_variant_has_it_and_a_resync_writes_nothing(
    world,
):
    async with world() as w:
        pid = (await w.create_product(**MUG))["id"]
        async with w.sandbox.api_client("storea") as api:
            await api.post(f"/v3/catalog/products/{pid}/options", json=COLORS)
        red = await w.admin("POST", f"/products/{pid}/variants", color("MUG-A", "Red"))
        await w.until_b(b_red)

        picture = {"image_url": "https://img.example.com/red-mug.jpg"}
        await w.admin("POST", f"/products/{pid}/variants/{red['id']}/image", picture)

        async def pictured(w):
            variant = await b_red(w)
            return bool(variant["image_url"]) and "attribute_rule_images" in variant["image_url"]

        await w.until_b(pictured)
        writes = await w.writes()
        await w.update_product(pid, description="same picture")

        async def described(w):
            state = await w.state_of(pid)
            done = state["state"] == "idle" and state["synced"] >= state["requested"]
            return done and (await w.b_product("MUG"))["description"] == "same picture"

        await w.until_b(described)
        assert await w.writes() == writes + 1, "the description only: the image is B's already"

        await w.admin("PUT", f"/products/{pid}/variants/{red['id']}", {"image_url": ""})

        async def cleared(w):
            return (await b_red(w))["image_url"] == ""

        await w.until_b(cleared)
