"""How catalog-sync behaves under duplicates, bursts, replicas, outages, rejections and deletes."""

from __future__ import annotations

import asyncio

import pytest

from tests.integration.catalog_sync.conftest import A
from tests.support.ingress import webhook

pytestmark = pytest.mark.integration

LAMP = {"name": "Desk Lamp", "type": "physical", "sku": "LAMP", "price": 30, "weight": 2}


async def test_given_a_synced_product_when_a_duplicate_event_arrives_then_b_gets_no_write(world):
    async with world() as w:
        pid = (await w.create_product(**LAMP))["id"]
        await w.until_b(lambda w: w.settled(pid))
        writes = await w.writes()
        state = await w.state_of(pid)

        response = await w.ingress.post(webhook("store/product/updated", store=A, resource_id=pid))
        assert response.status_code == 200

        await w.until_b(lambda w: w.settled(pid, state["requested"] + 1))
        assert await w.writes() == writes


async def test_given_a_burst_of_50_updates_to_one_product_then_b_ends_with_the_last_and_fewer_syncs(
    world,
):
    async with world() as w:
        pid = (await w.create_product(**LAMP))["id"]
        await w.until_b(lambda w: w.settled(pid))
        await w.sandbox.clear_stats("storeb")

        for price in range(1, 51):
            await w.update_product(pid, price=100 + price)

        async def last_price(w):
            product = await w.b_product("LAMP")
            return product["price"] == 150 and await w.settled(pid, 51)

        await w.until_b(last_price, timeout=20)
        product_puts = (await w.sandbox.stats("storeb"))["calls"].get(
            "PUT /v3/catalog/products/{product_id}", 0
        )
        assert product_puts < 50, "a burst is coalesced into fewer syncs"
        assert len(await w.table("products")) == 1


async def test_given_two_consumers_when_a_burst_hits_several_products_then_b_has_no_duplicates(
    world,
):
    async with world(consumers=2) as w:
        created = await asyncio.gather(
            *(
                w.create_product(**{**LAMP, "name": f"Lamp {i}", "sku": f"LAMP-{i}"})
                for i in range(5)
            )
        )
        ids = [p["id"] for p in created]
        for round_ in range(10):
            await asyncio.gather(*(w.update_product(pid, price=40 + round_) for pid in ids))

        async def all_done(w):
            products = await w.table("products")
            return (
                len(products) >= 5
                and all(p["price"] == 49 for p in products)
                and all([await w.settled(pid) for pid in ids])
            )

        await w.until_b(all_done, timeout=20)
        skus = [p["sku"] for p in await w.table("products")]
        assert sorted(skus) == [f"LAMP-{i}" for i in range(5)]


async def test_given_b_answers_500_once_when_a_product_is_created_then_it_is_retried_and_lands(
    world,
):
    async with world() as w:
        await w.sandbox.set_faults(
            "storeb",
            failures=[
                {"path": "/v3/catalog/products", "method": "POST", "status": 500, "count": 1}
            ],
        )

        await w.create_product(**LAMP)

        await w.until_b(lambda w: w.b_product("LAMP"), timeout=15)
        assert len(await w.table("products")) == 1
        assert await w.dead_letters() == 0


async def test_given_b_rejects_a_product_with_422_then_it_is_dead_lettered_with_an_alert_and_others_sync(
    world,
):
    async with world() as w:
        await w.sandbox.set_faults(
            "storeb",
            failures=[
                {"path": "/v3/catalog/products", "method": "POST", "status": 422, "count": 1}
            ],
        )
        await w.create_product(**LAMP)

        async def dead(w):
            return await w.dead_letters() == 1 and w.alerts

        await w.until_b(dead)
        assert "422" in str(w.alerts[0])
        await w.create_product(**{**LAMP, "name": "Floor Lamp", "sku": "FLOOR"})
        await w.until_b(lambda w: w.b_product("FLOOR"))
        assert await w.b_product("LAMP") is None


@pytest.mark.parametrize(
    ("policy", "expect"), [("ignore", "kept"), ("disable", "disabled"), ("delete", "gone")]
)
async def test_given_a_delete_policy_when_a_product_is_deleted_in_a_then_b_follows_it(
    world, policy, expect
):
    async with world(catalog_delete_policy=policy) as w:
        pid = (await w.create_product(**LAMP))["id"]
        await w.until_b(lambda w: w.settled(pid))

        await w.delete_product(pid)

        await w.until_b(lambda w: w.settled(pid, 2))
        product = await w.b_product("LAMP")
        if expect == "gone":
            assert product is None
        elif expect == "disabled":
            assert product["availability"] == "disabled" and product["is_visible"] is False
        else:
            assert product["availability"] == "available" and product["is_visible"] is True


async def test_given_a_category_in_a_when_renamed_and_deleted_then_b_renames_it_and_applies_the_policy(
    world,
):
    async with world(catalog_delete_policy="delete") as w:
        parent = await w.admin("POST", "/categories", {"name": "Lighting", "parent_id": 0})
        child = await w.admin("POST", "/categories", {"name": "Lamps", "parent_id": parent["id"]})

        async def named(w, name):
            return any(c["name"] == name for c in await w.table("categories"))

        await w.until_b(lambda w: named(w, "Lamps"))
        await w.admin("PUT", f"/categories/{child['id']}", {"name": "Desk Lamps"})
        await w.until_b(lambda w: named(w, "Desk Lamps"))
        assert not await named(w, "Lamps"), "renamed, not duplicated"

        await w.admin("DELETE", f"/categories/{child['id']}")

        async def deleted(w):
            return not await named(w, "Desk Lamps")

        await w.until_b(deleted)
        assert await named(w, "Lighting")
