"""Per-destination outcomes in the register: one destination failing leaves the others' syncs
counted as done, in the event path and in a reconcile pass."""

from __future__ import annotations

from typing import Any

import pytest

from storebridge_catalog_sync.reconcile.setup import open_reconciler
from storebridge_shared.ops.background import Stopping
from storebridge_shared.store.register import ResourceStatusStore, RunStore
from tests.integration.catalog_sync.conftest import A

pytestmark = pytest.mark.integration

C = "storec"
LAMP = {"name": "Desk Lamp", "type": "physical", "sku": "LAMP-1", "price": 30, "weight": 1.1}
REFUSE_PRODUCT_WRITES = [
    {"path": "/v3/catalog/products*", "method": method, "status": 422} for method in ("POST", "PUT")
]


def _destinations_file(tmp_path: Any) -> str:
    path = tmp_path / "destinations.yaml"
    path.write_text(
        "destinations:\n"
        "  - {name: B, store_hash: storeb, access_token: tok-b}\n"
        "  - {name: C, store_hash: storec, access_token: tok-storec}\n"
    )
    return str(path)


async def _runs(w: Any, kind: str) -> dict[str, Any]:
    return {r.destination: r for r in await RunStore(w.db).latest(19) if r.kind == kind}


async def test_given_c_refusing_writes_when_a_product_is_created_then_b_counts_created_and_c_failed(
    world, tmp_path
):
    async with world(
        extra_stores=(C,), catalog_destinations_file=_destinations_file(tmp_path)
    ) as w:
        await w.sandbox.set_faults(C, failures=REFUSE_PRODUCT_WRITES)
        created = await w.create_product(**LAMP)

        async def both_counted(w: Any) -> bool:
            runs = await _runs(w, "events")
            return {"B", "C"} <= set(runs) and runs["C"].counters["failed"] >= 1

        await w.until_b(both_counted)
        runs = await _runs(w, "events")
        assert runs["B"].counters["created"] == 1 and runs["B"].counters["failed"] == 0
        assert await w.b_product("LAMP-1") is not None
        assert not [p for p in await w.table("products", C) if p["sku"] == "LAMP-1"]
        statuses = {s.destination: s for s in await ResourceStatusStore(w.db).by_sku("LAMP-1")}
        assert statuses["B"].status == "created"
        assert statuses["C"].status == "failed" and "422" in statuses["C"].reason
        assert created["id"]


async def test_given_c_refusing_writes_when_a_reconcile_pass_syncs_an_edit_then_b_counts_updated(
    world, tmp_path
):
    async with world(
        extra_stores=(C,), catalog_destinations_file=_destinations_file(tmp_path)
    ) as w:
        created = await w.create_product(**LAMP)

        async def in_both(w: Any) -> bool:
            in_c = [p for p in await w.table("products", C) if p["sku"] == "LAMP-1"]
            return bool(in_c) and await w.settled(created["id"])

        await w.until_b(in_both)
        async with open_reconciler(w.settings, w.db, "test-owner", Stopping()) as run:
            assert (await run.reconciler.run_pass()).found == 0  # sets the watermark
            await w.sandbox.set_faults(C, failures=REFUSE_PRODUCT_WRITES)
            await w.sandbox.set_faults(A, webhook_drop_next=1)
            await w.update_product(created["id"], price=35)
            result = await run.reconciler.run_pass()

        assert result.found == 1 and not result.stopped
        runs = {
            r.destination: r
            for r in await RunStore(w.db).latest(19)
            if r.kind == "reconcile" and r.run_id.split(":")[1] == result.pass_id
        }
        assert runs["B"].counters["updated"] == 1 and runs["B"].status == "succeeded"
        assert runs["C"].counters["failed"] == 1 and runs["C"].status == "failures"
        assert (await w.b_product("LAMP-1"))["price"] == 35
