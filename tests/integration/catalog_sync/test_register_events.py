"""The activity register fed by the running catalog-sync service (sandbox -> ingress -> broker)."""

from __future__ import annotations

import io

import pytest
from structlog.testing import capture_logs

from storebridge_cli.commands.status import print_catalog_status
from storebridge_cli.main import build_parser
from storebridge_shared.store.register import ResourceStatusStore, RunStore

pytestmark = pytest.mark.integration

MUG = {
    "name": "Enamel Mug",
    "type": "physical",
    "sku": "REG-MUG-1",
    "price": 12.5,
    "weight": 0.4,
    "categories": [20],
    "brand_id": 35,
}


async def events_run(db):
    runs = [r for r in await RunStore(db).latest(19) if r.kind == "events"]
    return runs[0] if runs else None


async def test_given_the_service_syncing_events_then_the_hourly_run_counts_each_outcome_and_status_shows_it(
    world,
):
    with capture_logs() as logs:
        await _sync_and_check(world, logs)


async def _sync_and_check(world, logs) -> None:
    async with world() as w:
        created = await w.create_product(**MUG)
        await w.until_b(lambda w: w.b_product("REG-MUG-1"))

        async def counted(created=0, updated=0):
            async def check(w):
                run = await events_run(w.db)
                return (
                    run is not None
                    and run.counters["created"] >= created
                    and run.counters["updated"] >= updated
                )

            return check

        await w.until_b(await counted(created=1))
        await w.update_product(created["id"], price=14)
        await w.until_b(await counted(created=1, updated=1))
        await w.until_b(lambda w: w.settled(created["id"], 2))

        run = await events_run(w.db)
        assert run is not None and run.destination == "B"
        assert run.counters["created"] == 1 and run.counters["failed"] == 0
        assert run.api_calls > 0
        logged = [line for line in logs if line.get("event") == "catalog.synced"]
        hours = [r for r in await RunStore(w.db).latest(19) if r.kind == "events"]
        assert sum(r.api_calls for r in hours) == sum(line["api_calls"] for line in logged)
        [state] = await ResourceStatusStore(w.db).by_sku("REG-MUG-1")
        assert state.resource_type == "product" and state.source_id == str(created["id"])
        assert state.status in {"updated", "unchanged"}
        assert state.api_calls is not None and state.api_calls >= 1  # at least A's read
        arguments = build_parser().parse_args(["status", "--sku", "REG-MUG-1"])
        out = io.StringIO()
        await print_catalog_status(w.settings, arguments, out)
        assert out.getvalue().startswith(f"product {created['id']} (SKU REG-MUG-1) -> B: ")
