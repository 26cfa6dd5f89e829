"""Variant SKUs swapped between two variants in A, end to end: B follows with no 409."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

COLORS = {
    "display_name": "Color",
    "type": "swatch",
    "option_values": [{"label": "Red", "sort_order": 0}, {"label": "Blue", "sort_order": 1}],
}
MUG = {"name": "Mug", "type": "physical", "sku": "MUG", "price": 9, "weight": 1}


def color(sku, label):
    return {"sku": sku, "option_values": [{"option_display_name": "Color", "label": label}]}


async def pairing(w, store):
    """{color: SKU} of the mug's option variants in a store."""
    products = [p for p in await w.table("products", store) if p["sku"] == "MUG"]
    if not products:
        return {}
    return {
        v["option_values"][0]["label"]: v["sku"]
        for v in await w.table("variants", store)
        if v["product_id"] == products[0]["id"] and v["option_values"]
    }


async def test_given_two_variant_skus_swapped_in_a_then_b_holds_the_new_pairing_without_a_409(
    world,
):
    async with world() as w:
        pid = (await w.create_product(**MUG))["id"]
        async with w.sandbox.api_client("storea") as api:
            await api.post(f"/v3/catalog/products/{pid}/options", json=COLORS)
        red = await w.admin("POST", f"/products/{pid}/variants", color("MUG-A", "Red"))
        blue = await w.admin("POST", f"/products/{pid}/variants", color("MUG-B", "Blue"))

        async def both(w):
            return await pairing(w, "storeb") == {"Red": "MUG-A", "Blue": "MUG-B"}

        await w.until_b(both)
        ids_before = {v["id"] for v in await w.table("variants")}

        # the merchant swaps them as A's own uniqueness rule demands: through a spare SKU
        await w.admin("PUT", f"/products/{pid}/variants/{red['id']}", {"sku": "MUG-X"})
        await w.admin("PUT", f"/products/{pid}/variants/{blue['id']}", {"sku": "MUG-A"})
        await w.admin("PUT", f"/products/{pid}/variants/{red['id']}", {"sku": "MUG-B"})

        async def swapped(w):
            state = await w.state_of(pid)
            settled = state and state["state"] == "idle" and state["synced"] >= state["requested"]
            return settled and await pairing(w, "storeb") == {"Red": "MUG-B", "Blue": "MUG-A"}

        await w.until_b(swapped)
        assert await pairing(w, "storeb") == await pairing(w, "storea"), "B equals A"
        assert {v["id"] for v in await w.table("variants")} == ids_before, "B kept its variants"
        assert await w.dead_letters() == 0
        assert not w.alerts
        assert (await w.state_of(pid))["last"]["destinations"]["B"]["status"] != "failed"


async def test_given_option_values_reordered_in_a_then_b_s_values_follow_in_place(world):
    async with world() as w:
        pid = (await w.create_product(**MUG))["id"]
        async with w.sandbox.api_client("storea") as api:
            option = (await api.post(f"/v3/catalog/products/{pid}/options", json=COLORS)).json()
        option = option["data"]
        await w.admin("POST", f"/products/{pid}/variants", color("MUG-A", "Red"))

        async def b_values(w):
            product = await w.b_product("MUG")
            options = [
                o for o in await w.table("options") if product and o["product_id"] == product["id"]
            ]
            return {
                v["label"]: (v["id"], v["sort_order"]) for o in options for v in o["option_values"]
            }

        await w.until_b(lambda w: _has_labels(w, b_values, {"Red", "Blue"}))
        before = await b_values(w)
        blue = next(v for v in option["option_values"] if v["label"] == "Blue")
        await w.admin(
            "PUT", f"/products/{pid}/options/{option['id']}/values/{blue['id']}", {"sort_order": 9}
        )
        await w.update_product(pid, description="reordered")  # option edits fire no webhook

        async def reordered(w):
            return (await b_values(w)).get("Blue", (0, 0))[1] == 9

        await w.until_b(reordered)
        assert (await b_values(w))["Blue"][0] == before["Blue"][0], "updated in place"


async def _has_labels(w, values, labels):
    return set(await values(w)) == labels
