"""Channel assignment events: assigning or unassigning a product on the channel that stands for
a destination re-applies the availability rule at once, with no other edit in A."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.catalog_sync.conftest import AMAZON, A

pytestmark = pytest.mark.integration

KETTLE = {"name": "Kettle", "type": "physical", "sku": "KTL", "price": 25, "weight": 1.2}
ASSIGNMENTS = "/products/channel-assignments"


def _availability_is(sku: str, expected: str, store: str = "storeb"):
    async def check(w: Any) -> bool:
        found = [p for p in await w.table("products", store) if p["sku"] == sku]
        return bool(found) and found[0]["availability"] == expected

    return check


async def _hook_scopes(w: Any) -> set[str]:
    return {h["scope"] for h in await w.table("hooks", A)}


async def test_given_store_b_s_channel_when_a_product_is_assigned_then_unassigned_then_b_follows(
    world,
):
    async with world(store_b_channel_on_store_a=AMAZON) as w:
        assert {
            f"store/channel/{AMAZON}/product/assigned",
            f"store/channel/{AMAZON}/product/unassigned",
        } <= await _hook_scopes(w)
        pid = (await w.create_product(**KETTLE))["id"]
        await w.until_b(_availability_is("KTL", "disabled"))  # not assigned to B's channel
        [before] = await w.table("products", A)

        await w.admin("PUT", ASSIGNMENTS, [{"product_id": pid, "channel_id": AMAZON}])
        await w.until_b(_availability_is("KTL", "available"))

        await w.admin("DELETE", f"{ASSIGNMENTS}?product_id:in={pid}&channel_id:in={AMAZON}")
        await w.until_b(_availability_is("KTL", "disabled"))

        async def both_processed(w: Any) -> bool:
            query = {"store_hash": A, "status": "processed", "scope": {"$regex": "^store/channel"}}
            return {e["scope"] async for e in w.db.events.find(query)} == {
                f"store/channel/{AMAZON}/product/assigned",
                f"store/channel/{AMAZON}/product/unassigned",
            }

        await w.until_b(both_processed)
        [after] = await w.table("products", A)
        assert after["date_modified"] == before["date_modified"]  # no product edit in A


async def test_given_a_destinations_file_channel_when_assigned_then_that_destination_follows(
    world, tmp_path
):
    path = tmp_path / "destinations.yaml"
    path.write_text(
        "destinations:\n"
        "  - {name: B, store_hash: storeb, access_token: tok-b}\n"
        f"  - {{name: C, store_hash: storec, access_token: tok-storec, channel_id: {AMAZON}}}\n"
    )
    async with world(extra_stores=("storec",), catalog_destinations_file=str(path)) as w:
        assert f"store/channel/{AMAZON}/product/assigned" in await _hook_scopes(w)
        pid = (await w.create_product(**KETTLE))["id"]
        await w.until_b(_availability_is("KTL", "disabled", "storec"))

        await w.admin("PUT", ASSIGNMENTS, [{"product_id": pid, "channel_id": AMAZON}])

        await w.until_b(_availability_is("KTL", "available", "storec"))
        assert (await w.b_product("KTL"))["availability"] == "available"  # B has no channel rule
