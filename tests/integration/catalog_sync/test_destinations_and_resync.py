"""Several destinations from a file, and a forced re-sync after a listing change (no webhook)."""

from __future__ import annotations

import pytest

from storebridge_catalog_sync.resync import ResyncRequest, resync
from tests.integration.catalog_sync.conftest import AMAZON, A

pytestmark = pytest.mark.integration

KETTLE = {"name": "Kettle", "type": "physical", "sku": "KTL", "price": 25, "weight": 1.2}


async def test_given_a_destinations_file_then_every_destination_gets_the_product_with_its_own_rules(
    world, tmp_path
):
    path = tmp_path / "destinations.yaml"
    path.write_text(
        "destinations:\n"
        "  - {name: B, store_hash: storeb, access_token: tok-b}\n"
        f"  - {{name: C, store_hash: storec, access_token: tok-storec, channel_id: {AMAZON},"
        " delete_policy: delete}\n"
    )
    async with world(extra_stores=("storec",), catalog_destinations_file=str(path)) as w:
        pid = (await w.create_product(**KETTLE))["id"]

        async def in_both(w):
            c = [p for p in await w.table("products", "storec") if p["sku"] == "KTL"]
            return await w.b_product("KTL") and c

        await w.until_b(in_both)
        [c_product] = [p for p in await w.table("products", "storec") if p["sku"] == "KTL"]
        assert (await w.b_product("KTL"))["availability"] == "available"
        assert c_product["availability"] == "disabled", "not listed on C's channel of A"

        await w.delete_product(pid)

        async def gone_from_c(w):
            return not [p for p in await w.table("products", "storec") if p["sku"] == "KTL"]

        await w.until_b(gone_from_c)
        assert await w.b_product("KTL") is not None, "B's policy is ignore"


async def test_given_a_listing_change_without_a_webhook_when_resynced_by_sku_then_b_follows(world):
    async with world(store_b_channel_on_store_a=AMAZON) as w:
        pid = (await w.create_product(**KETTLE))["id"]
        await w.until_b(lambda w: w.settled(pid))
        assert (await w.b_product("KTL"))["availability"] == "disabled"
        await w.sandbox.set_faults(A, webhook_drop_next=1)  # the assignment's webhook is lost
        await w.admin(
            "PUT", "/products/channel-assignments", [{"product_id": pid, "channel_id": AMAZON}]
        )
        await w.admin(
            "POST",
            f"/channels/{AMAZON}/listings",
            [{"product_id": pid, "state": "active", "variants": []}],
        )

        outcomes = await resync(w.settings, ResyncRequest(skus=["KTL"]), owner="cli-test")

        assert [r.status.value for o in outcomes for r in o.results] == ["updated"]
        assert (await w.b_product("KTL"))["availability"] == "available"
