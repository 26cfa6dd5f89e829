"""A write B applies after the client gave up does not undo a newer one (issue 14, item 2)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

CUP = {"name": "Cup", "type": "physical", "sku": "CUP", "price": 5, "weight": 1}


async def test_given_a_held_put_applied_after_a_newer_sync_then_the_recheck_restores_a_s_price(
    world,
):
    timing = {"catalog_read_timeout_secs": 0.8, "catalog_recheck_after_secs": 5.0}
    async with world(**timing) as w:
        pid = (await w.create_product(**CUP))["id"]
        await w.until_b(lambda w: w.settled(pid))
        b_id = (await w.b_product("CUP"))["id"]
        held = {"path": f"/v3/catalog/products/{b_id}", "method": "PUT", "count": 1}
        await w.sandbox.set_faults(
            "storeb", hold_then_apply=[{**held, "hold_ms": 2000, "apply_after_ms": 3500}]
        )

        requested = (await w.state_of(pid))["requested"]
        await w.update_product(pid, price=11)  # B holds this PUT; the client's retry lands
        await w.until_b(lambda w: _price_is(w, 11))
        await w.until_b(lambda w: w.settled(pid, requested=requested + 1))
        await w.update_product(pid, price=22)  # the newer change, synced before the held one
        await w.until_b(lambda w: _price_is(w, 22))
        assert (await w.sandbox.stats("storeb"))["pending_late_writes"] == 1, "not applied yet"

        async def late_write_applied(w):
            return len((await w.sandbox.stats("storeb"))["late_writes"]) == 1

        await w.until_b(late_write_applied)

        async def rechecked(w):
            state = await w.state_of(pid)
            idle = state["state"] == "idle" and state["synced"] >= state["requested"]
            return idle and state.get("rechecks", 0) >= 1 and await _price_is(w, 22)

        await w.until_b(rechecked, timeout=20.0)
        assert await w.dead_letters() == 0


async def _price_is(w, price):
    product = await w.b_product("CUP")
    return product is not None and float(product["price"]) == price
