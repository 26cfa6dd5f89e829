"""A write B applies after the client gave up does not undo a newer one (issue 14, item 2)."""

from __future__ import annotations

import pytest

from storebridge_catalog_sync.backfill.entry import run_backfill
from storebridge_catalog_sync.settings import BackfillSettings
from tests.support.settings import settings_of, values_of

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
        await _newer_sync_then_late_write_then_recheck(w, pid)


async def test_given_a_held_backfill_put_applied_after_a_newer_sync_then_the_service_rechecks_and_restores_a_s_price(
    world,
):
    timing = {"catalog_read_timeout_secs": 0.8, "catalog_recheck_after_secs": 8.0}
    async with world(**timing) as w:
        pid = (await w.create_product(**CUP))["id"]
        await w.until_b(lambda w: w.settled(pid))
        b_id = (await w.b_product("CUP"))["id"]
        async with w.sandbox.api_client("storeb") as b:  # B drifted: the backfill will update it
            (await b.put(f"/v3/catalog/products/{b_id}", json={"price": 4})).raise_for_status()
        await w.update_product(pid, price=11)
        await w.until_b(lambda w: w.settled(pid, requested=2))
        async with w.sandbox.api_client("storeb") as b:
            (await b.put(f"/v3/catalog/products/{b_id}", json={"price": 4})).raise_for_status()
        batch = {"path": "/v3/catalog/products", "method": "PUT", "count": 1}
        await w.sandbox.set_faults(
            "storeb", hold_then_apply=[{**batch, "hold_ms": 2000, "apply_after_ms": 5000}]
        )

        backfill = settings_of(BackfillSettings, **values_of(w.settings))
        [report] = await run_backfill(backfill, progress=False)  # the retried batch PUT lands

        assert report.counts["product"]["updated"] == 1, report.lines()
        assert await _price_is(w, 11)
        assert (await w.state_of(pid)).get("recheck_at"), "the uncertain write asked for one"
        await _newer_sync_then_late_write_then_recheck(w, pid)


async def _newer_sync_then_late_write_then_recheck(w, pid):
    """A's newer price synced before B applies the held write; then B applies it (the old
    price); then the recheck puts A's price back, once."""
    await w.update_product(pid, price=22)
    await w.until_b(lambda w: _price_is(w, 22))
    assert (await w.sandbox.stats("storeb"))["pending_late_writes"] == 1, "not applied yet"

    async def late_write_applied(w):
        return len((await w.sandbox.stats("storeb"))["late_writes"]) == 1

    await w.until_b(late_write_applied)

    async def rechecked(w):
        state = await w.state_of(pid)
        idle = state["state"] == "idle" and state["synced"] >= state["requested"]
        return idle and state.get("rechecks", 0) == 1 and await _price_is(w, 22)

    await w.until_b(rechecked, timeout=20.0)
    assert await w.dead_letters() == 0


async def _price_is(w, price):
    product = await w.b_product("CUP")
    return product is not None and float(product["price"]) == price
