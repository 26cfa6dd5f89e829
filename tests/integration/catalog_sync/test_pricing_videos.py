"""Bulk pricing rules and videos of a product, end to end from A to B."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

RULES = [
    {"quantity_min": 5, "quantity_max": 9, "type": "percent", "amount": 5},
    {"quantity_min": 10, "quantity_max": 0, "type": "percent", "amount": 10},
]
VIDEO = {"video_id": "dQw4w9WgXcQ", "type": "youtube", "title": "How to brew", "sort_order": 0}
KETTLE = {
    "name": "Kettle",
    "type": "physical",
    "sku": "KTL",
    "price": 25,
    "weight": 1,
    "bulk_pricing_rules": RULES,
    "videos": [VIDEO],
}


async def b_parts(w, table):
    product = await w.b_product("KTL")
    if product is None:
        return []
    return [r for r in await w.table(table) if r["product_id"] == product["id"]]


def ranges(rules):
    return sorted((r["quantity_min"], r["quantity_max"], r["amount"]) for r in rules)


async def test_given_bulk_pricing_and_videos_in_a_then_b_holds_them_and_follows_their_edits(world):
    async with world() as w:
        pid = (await w.create_product(**KETTLE))["id"]

        async def created(w):
            return len(await b_parts(w, "bulk_pricing_rules")) == 2 and await b_parts(w, "videos")

        await w.until_b(created)
        assert ranges(await b_parts(w, "bulk_pricing_rules")) == [(5, 9, 5), (10, 0, 10)]
        [b_video] = await b_parts(w, "videos")
        assert (b_video["video_id"], b_video["title"]) == ("dQw4w9WgXcQ", "How to brew")

        a_rules = [
            r for r in await w.table("bulk_pricing_rules", "storea") if r["product_id"] == pid
        ]
        top = next(r for r in a_rules if r["quantity_min"] == 10)
        await w.admin("PUT", f"/products/{pid}/bulk-pricing-rules/{top['id']}", {"amount": 12})
        [a_video] = [v for v in await w.table("videos", "storea") if v["product_id"] == pid]
        await w.admin("PUT", f"/products/{pid}/videos/{a_video['id']}", {"title": "Brewing"})
        await w.admin("POST", f"/products/{pid}/videos", {**VIDEO, "video_id": "9bZkp7q19f0"})
        await w.update_product(pid, description="poke")  # these edits fire no webhook

        async def followed(w):
            titles = sorted(v["title"] for v in await b_parts(w, "videos"))
            rules = ranges(await b_parts(w, "bulk_pricing_rules"))
            return titles == ["Brewing", "How to brew"] and rules == [(5, 9, 5), (10, 0, 12)]

        await w.until_b(followed)
        assert b_video["id"] in {v["id"] for v in await b_parts(w, "videos")}, "updated in place"
        writes = await w.writes()
        await w.update_product(pid, description="poke again")

        async def described(w):
            state = await w.state_of(pid)
            done = state["state"] == "idle" and state["synced"] >= state["requested"]
            return done and (await w.b_product("KTL"))["description"] == "poke again"

        await w.until_b(described)
        assert await w.writes() == writes + 1, "only the description: rules and videos equal"
