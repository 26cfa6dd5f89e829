"""The reconcile pass: edits whose webhook never came reach B within a period, with no command;
a pass stopped by its quota share resumes where it stopped."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import AsyncIterator
from typing import Any

import pytest
from prometheus_client import CollectorRegistry

from storebridge_catalog_sync.app import create_app
from storebridge_catalog_sync.reconcile.command import reconcile_now
from storebridge_catalog_sync.reconcile.full import COMPARE_PAGE
from storebridge_catalog_sync.reconcile.passes import PASS_START_COST, Stop
from storebridge_catalog_sync.reconcile.setup import open_reconciler
from storebridge_shared.ops.background import Stopping
from tests.integration.catalog_sync.conftest import AMAZON, A
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

MUG = {
    "name": "Enamel Mug",
    "type": "physical",
    "sku": "MUG-1",
    "price": 12.5,
    "weight": 0.4,
    "categories": [20],
    "brand_id": 35,
}


async def _checkpoint(w: Any) -> dict[str, Any]:
    return await w.db.catalog_reconcile.find_one({"_id": A}) or {}


async def _reconcile_runs(w: Any) -> list[dict[str, Any]]:
    return [r async for r in w.db.sync_runs.find({"kind": "reconcile"})]


async def _synced(w: Any, product_id: int) -> None:
    """Wait until B has the product and every event of it was synced."""

    async def idle(w: Any) -> bool:
        state = await w.state_of(product_id)
        return bool(state and state["state"] == "idle" and state["synced"] == state["requested"])

    await w.until_b(lambda w: w.b_product("MUG-1"))
    await w.until_b(idle)


async def _baselined(w: Any) -> bool:
    found = await _checkpoint(w)
    return bool((found.get("watermark") or {}).get("at") and found.get("digests"))


async def test_given_a_product_edit_whose_webhook_was_lost_when_a_period_passes_then_b_has_it(
    world,
):
    async with world(sync_period_in_secs=1) as w:
        created = await w.create_product(**MUG)
        await _synced(w, created["id"])
        await w.until_b(_baselined)

        await w.sandbox.set_faults(A, webhook_drop_next=1)
        await w.update_product(created["id"], price=19.0, mpn="MPN-1")

        async def repriced(w: Any) -> bool:
            product = await w.b_product("MUG-1")
            return bool(product and product["price"] == 19.0 and product["mpn"] == "MPN-1")

        await w.until_b(repriced, timeout=20)

        async def counted(w: Any) -> bool:
            runs = await _reconcile_runs(w)
            return any(r["status"] == "succeeded" and r["updated"] == 1 for r in runs)

        await w.until_b(counted)
        [run] = [r for r in await _reconcile_runs(w) if r["updated"] == 1]
        assert run["found"] >= 1 and run["failed"] == 0 and run["api_calls"] >= 5
        assert run["note"].startswith("found ")
        assert len(await w.table("products")) == 1


async def test_given_a_category_renamed_without_a_webhook_when_a_period_passes_then_b_renames_it(
    world,
):
    async with world(sync_period_in_secs=1) as w:
        created = await w.create_product(**MUG)
        await _synced(w, created["id"])
        await w.until_b(_baselined)

        await w.sandbox.set_faults(A, webhook_drop_next=1)
        await w.admin("PUT", "/categories/20", {"name": "Pans"})

        async def renamed(w: Any) -> bool:
            return "Pans" in {c["name"] for c in await w.table("categories")}

        await w.until_b(renamed, timeout=20)
        names = sorted(c["name"] for c in await w.table("categories"))
        assert names == ["Kitchen", "Pans"]


async def test_given_a_brand_renamed_in_a_when_a_period_passes_then_b_renames_its_brand(world):
    async with world(sync_period_in_secs=1) as w:
        created = await w.create_product(**MUG)
        await _synced(w, created["id"])
        await w.until_b(_baselined)

        await w.admin("PUT", "/brands/35", {"name": "Common Good Co"})  # no webhook exists

        async def renamed(w: Any) -> bool:
            return [b["name"] for b in await w.table("brands")] == ["Common Good Co"]

        await w.until_b(renamed, timeout=20)


async def test_given_quiet_passes_then_the_register_keeps_only_the_latest_quiet_one(world):
    async with world(sync_period_in_secs=1) as w:

        async def quiet_passes(w: Any) -> bool:
            runs = await _reconcile_runs(w)
            return len(runs) >= 1 and all(r["status"] != "running" for r in runs)

        await w.until_b(_baselined)
        await w.until_b(quiet_passes)
        first = await _reconcile_runs(w)

        async def replaced(w: Any) -> bool:
            runs = await _reconcile_runs(w)
            return len(runs) == 1 and runs[0]["_id"] != first[0]["_id"]

        await w.until_b(replaced, timeout=20)


async def test_given_a_pass_out_of_quota_share_when_the_next_window_comes_then_it_resumes(world):
    limits = {"rate_limit_quota": 40, "rate_limit_window_ms": 2000}
    async with world(sandbox_options=limits, catalog_reconcile_quota_share=0.25) as w:
        ids = []
        for n in range(6):
            body = {**MUG, "name": f"Mug {n}", "sku": f"MUG-{n}"}
            ids.append((await w.create_product(**body))["id"])

        async def all_in_b(w: Any) -> bool:
            return len(await w.table("products")) == 6

        await w.until_b(all_in_b, timeout=30)
        stopping = Stopping()
        async with open_reconciler(w.settings, w.db, "test-owner", stopping) as run:
            reconciler = run.reconciler

            async def budget() -> bool:
                return reconciler.has_budget(PASS_START_COST)

            assert (await reconciler.run_pass()).found == 0  # the first pass sets the watermark
            await w.sandbox.set_faults(A, webhook_drop_next=6)
            for product_id in ids:
                await w.update_product(product_id, price=30.0)
            await w.sandbox.clear_stats(w.settings.store_b_hash)

            results = []
            while not results or results[-1].stopped:
                await wait_until(budget, timeout=10)
                results.append(await reconciler.run_pass())
                assert len(results) < 10, results

        assert results[0].stopped == Stop.QUOTA.value
        assert {r.pass_id for r in results} == {results[0].pass_id}  # resumed, not restarted
        prices = {p["sku"]: p["price"] for p in await w.table("products")}
        assert prices == {f"MUG-{n}": 30.0 for n in range(6)}
        calls = (await w.sandbox.stats(w.settings.store_b_hash))["calls"]
        puts = sum(n for key, n in calls.items() if key.startswith("PUT"))
        assert puts == 6  # each edit written once: nothing done twice across the legs


IMAGES = [
    {"image_url": "https://img.example/front.jpg", "sort_order": 0, "is_thumbnail": True},
    {"image_url": "https://img.example/back.jpg", "sort_order": 1},
]


async def _a_back_image(w: Any) -> dict[str, Any]:
    [back] = [i for i in await w.table("images", store=A) if i["image_url"].endswith("back.jpg")]
    return back


async def _b_image_order(w: Any) -> list[str]:
    product = await w.b_product("MUG-1")
    images = [i for i in await w.table("images") if product and i["product_id"] == product["id"]]
    return [i["image_url"] for i in sorted(images, key=lambda i: (i["sort_order"], i["id"]))]


async def test_given_an_image_reorder_in_a_when_a_full_compare_runs_then_b_has_the_new_order(
    world,
):
    async with world() as w:
        created = await w.create_product(**MUG, images=IMAGES)
        await _synced(w, created["id"])
        async with open_reconciler(w.settings, w.db, "test-owner", Stopping()) as run:
            assert (await run.full.run()).found == 1  # the first compare has no digests yet

            back = await _a_back_image(w)
            path = f"/products/{created['id']}/images/{back['id']}"
            await w.admin("PUT", path, {"sort_order": -1})  # fires no webhook
            assert (await _b_image_order(w))[0].endswith("front.jpg")

            assert (await run.full.run()).found == 1
            assert (await _b_image_order(w))[0].endswith("back.jpg")
            assert (await run.full.run()).found == 1  # B moved by that sync: checked once more
            quiet = await run.full.run()
            # A's ids, one page of A with every part, its two store-wide metafield listings,
            # B's products of that page's SKUs (A has no metafield: B's are not listed)
            assert (quiet.found, quiet.api_calls) == (0, 5)


async def test_given_a_time_slice_when_a_full_compare_outlasts_it_then_it_resumes_past_its_cursor(
    world,
):
    async with world(catalog_reconcile_quota_share=1.0) as w:  # the slice, not the quota, stops it
        ids = []
        for n in range(COMPARE_PAGE + 2):
            created = await w.create_product(**{**MUG, "sku": f"SL-{n}", "name": f"Slice {n}"})
            ids.append(created["id"])
        for product_id in ids:
            await w.until_b(lambda w, product_id=product_id: w.settled(product_id))
        async with open_reconciler(w.settings, w.db, "test-owner", Stopping()) as run:
            first = await run.full.run(slice_s=0)
            cursor = ((await _checkpoint(w)).get("full") or {}).get("cursor")
            rest = await run.full.run(slice_s=0)

    assert (first.found, first.stopped) == (COMPARE_PAGE, Stop.SLICE.value)
    assert cursor == sorted(ids)[COMPARE_PAGE - 1]
    assert (rest.found, rest.stopped) == (2, ""), "the rest, past the cursor, then done"
    assert rest.pass_id == first.pass_id


async def test_given_a_running_service_when_a_full_compare_is_asked_then_the_service_runs_it(
    world,
):
    async with world(sync_period_in_secs=1, catalog_full_compare_hours=0) as w:
        created = await w.create_product(**MUG)
        await _synced(w, created["id"])
        await w.until_b(_baselined)

        lines = await reconcile_now(w.settings, full=True, owner="test-cli")
        assert lines[0].endswith("full compare requested")

        async def compared(w: Any) -> bool:
            return bool(((await _checkpoint(w)).get("full") or {}).get("last_ms"))

        await w.until_b(compared, timeout=20)
        runs = [r async for r in w.db.sync_runs.find({"kind": "full-compare"})]
        assert [r["found"] for r in runs] == [1] and runs[0]["status"] == "succeeded"


def _sample(w: Any, name: str, **labels: str) -> float:
    return w.registry.get_sample_value(name, labels) or 0.0


async def test_given_a_lost_webhook_when_the_pass_syncs_the_edit_then_the_metrics_count_it_as_found_by_reconcile(
    world,
):
    async with world(sync_period_in_secs=1) as w:
        created = await w.create_product(**MUG)
        await _synced(w, created["id"])
        await w.until_b(_baselined)
        changes = "storebridge_catalog_reconcile_changes_total"
        assert _sample(w, changes, found_by="webhook", destination="B") == 1  # the create
        assert _sample(w, changes, found_by="reconcile", destination="B") == 0

        await w.sandbox.set_faults(A, webhook_drop_next=1)
        await w.update_product(created["id"], price=21.0)

        async def counted(w: Any) -> bool:
            return _sample(w, changes, found_by="reconcile", destination="B") == 1

        await w.until_b(counted, timeout=20)
        assert _sample(w, changes, found_by="webhook", destination="B") == 1
        assert _sample(w, "storebridge_catalog_reconcile_last_pass_timestamp_seconds") > 0
        used = _sample(w, "storebridge_catalog_reconcile_quota_share_used", store="A")
        assert 0 <= used <= w.settings.catalog_reconcile_quota_share
        assert w.registry.get_sample_value("storebridge_catalog_reconcile_lag_seconds") is not None
        lag = "storebridge_catalog_sync_lag_seconds_count"  # the create, then the pass's update
        assert _sample(w, lag, destination="B", since="date_modified") == 2


@pytest.mark.parametrize("policy", ["delete", "disable"])
async def test_given_a_product_deleted_in_a_whose_webhook_was_lost_when_a_full_compare_runs_then_b_follows_the_delete_policy(
    world, policy
):
    async with world(catalog_delete_policy=policy) as w:
        created = await w.create_product(**MUG)
        await _synced(w, created["id"])
        async with open_reconciler(w.settings, w.db, "test-owner", Stopping()) as run:
            assert (await run.full.run()).found == 1  # the first compare has no digests yet

            await w.sandbox.set_faults(A, webhook_drop_next=1)
            await w.delete_product(created["id"])
            assert (await w.b_product("MUG-1")) is not None

            assert (await run.full.run()).found == 1
            after = await w.b_product("MUG-1")
            if policy == "delete":
                assert after is None
            else:
                assert after is not None and after["availability"] == "disabled"
            assert (await run.full.run()).found == 0  # handled once, then left alone
        [state] = [s async for s in w.db.sync_status.find({"source_id": str(created["id"])})]
        assert state["status"] == ("deleted" if policy == "delete" else "disabled")


async def _metafield_values(w: Any, store: str, product_id: int) -> dict[str, str]:
    async with w.sandbox.api_client(store) as api:
        listed = await api.get(f"/v3/catalog/products/{product_id}/metafields")
    return {f"{m['namespace']}.{m['key']}": m["value"] for m in listed.json()["data"]}


async def test_given_a_metafield_edit_whose_webhook_was_lost_when_a_full_compare_runs_then_b_has_it(
    world,
):
    async with world() as w:
        created = await w.create_product(**MUG)
        await _synced(w, created["id"])
        path = f"/v3/catalog/products/{created['id']}/metafields"
        async with w.sandbox.api_client(A) as api:
            body = {"namespace": "erp", "key": "code", "value": "M-1", "permission_set": "read"}
            made = (await api.post(path, json=body)).json()["data"]
        b_id = (await w.b_product("MUG-1"))["id"]

        async def copied(w: Any) -> bool:
            return await _metafield_values(w, "storeb", b_id) == {"erp.code": "M-1"}

        await w.until_b(copied)
        async with open_reconciler(w.settings, w.db, "test-owner", Stopping()) as run:
            assert (await run.full.run()).found == 1  # the first compare has no digests yet

            await w.sandbox.set_faults(A, webhook_drop_next=2)  # both metafield events lost
            async with w.sandbox.api_client(A) as api:
                await api.put(f"{path}/{made['id']}", json={"value": "M-2"})
            assert await _metafield_values(w, "storeb", b_id) == {"erp.code": "M-1"}

            assert (await run.full.run()).found == 1, "A's digest holds its metafields"
            assert await _metafield_values(w, "storeb", b_id) == {"erp.code": "M-2"}
            assert (await run.full.run()).found == 1  # B moved by that sync: checked once more

            async with w.sandbox.api_client("storeb") as api:  # B edited by hand
                b_field = (await api.get(f"/v3/catalog/products/{b_id}/metafields")).json()
                b_path = f"/v3/catalog/products/{b_id}/metafields/{b_field['data'][0]['id']}"
                await api.put(b_path, json={"value": "by hand"})
            assert (await run.full.run()).found == 1, "B's digest holds A's namespaces"
            assert await _metafield_values(w, "storeb", b_id) == {"erp.code": "M-2"}
        store_wide = "/v3/catalog/products/metafields"
        assert await w.sandbox.requests("storeb", method="GET", path=store_wide), (
            "the compare reads B's metafields from the store-wide listing"
        )


EVERY_SECOND = 1 / 3600
"""catalog_full_compare_hours for a full compare every second (after each changes pass)."""


async def _compared_once(w: Any) -> bool:
    """A full compare finished (its digests kept: the next one sees an edit)."""
    return bool(((await _checkpoint(w)).get("full") or {}).get("last_ms"))


async def _api(w: Any, method: str, path: str, body: Any = None) -> Any:
    """A call to A's v3 API (the sandbox fires no webhook for the sub-resource edits used)."""
    async with w.sandbox.api_client(A) as api:
        answer = await api.request(method, f"/v3{path}", json=body)
    assert answer.status_code < 300, answer.text
    return answer.json()["data"] if answer.content else None


def _b_holds(table: str, field: str, value: Any) -> Any:
    """A condition: B's product has one row in `table`, its `field` equal to `value`."""

    async def check(w: Any) -> bool:
        product = await w.b_product("MUG-1")
        rows = [r for r in await w.table(table) if product and r["product_id"] == product["id"]]
        return [r[field] for r in rows] == [value]

    return check


async def _edit_reaches_b(
    w: Any, created: dict[str, Any], edit: Any, holds: Any, *, before: Any
) -> None:
    """The product synced and compared once; then `edit` in A (webhooks dropped too) reaches B
    by the service's own periodic full compare."""
    await _synced(w, created["id"])
    await w.until_b(before)
    await w.until_b(_compared_once, timeout=20)
    await w.sandbox.set_faults(A, webhook_drop_next=2)
    await edit()
    await w.until_b(holds, timeout=30)
    runs = [r async for r in w.db.sync_runs.find({"kind": "full-compare"})]
    assert any(r["updated"] == 1 for r in runs), "the full compare wrote it"


async def test_given_a_bulk_pricing_edit_without_a_webhook_when_the_full_compare_period_passes_then_b_has_it(
    world,
):
    rule = {"quantity_min": 5, "quantity_max": 9, "type": "price", "amount": 10}
    async with world(sync_period_in_secs=1, catalog_full_compare_hours=EVERY_SECOND) as w:
        created = await w.create_product(**MUG, bulk_pricing_rules=[rule])
        [a_rule] = await w.table("bulk_pricing_rules", store=A)

        async def edit() -> None:
            path = f"/catalog/products/{created['id']}/bulk-pricing-rules/{a_rule['id']}"
            await _api(w, "PUT", path, {**rule, "amount": 12})

        await _edit_reaches_b(
            w,
            created,
            edit,
            _b_holds("bulk_pricing_rules", "amount", 12),
            before=_b_holds("bulk_pricing_rules", "amount", 10),
        )


async def test_given_an_image_deleted_without_a_webhook_when_the_full_compare_period_passes_then_b_drops_it(
    world,
):
    async with world(sync_period_in_secs=1, catalog_full_compare_hours=EVERY_SECOND) as w:
        created = await w.create_product(**MUG, images=IMAGES)
        back = await _a_back_image(w)

        async def both(w: Any) -> bool:
            return len(await _b_image_order(w)) == 2

        async def front_only(w: Any) -> bool:
            order = await _b_image_order(w)
            return len(order) == 1 and order[0].endswith("front.jpg")

        async def edit() -> None:
            await _api(w, "DELETE", f"/catalog/products/{created['id']}/images/{back['id']}")

        await _edit_reaches_b(w, created, edit, front_only, before=both)


async def test_given_a_custom_field_edit_without_a_webhook_when_the_full_compare_period_passes_then_b_has_it(
    world,
):
    async with world(sync_period_in_secs=1, catalog_full_compare_hours=EVERY_SECOND) as w:
        field = {"name": "Material", "value": "Enamel"}
        created = await w.create_product(**MUG, custom_fields=[field])
        [a_field] = await w.table("custom_fields", store=A)

        async def edit() -> None:
            path = f"/catalog/products/{created['id']}/custom-fields/{a_field['id']}"
            await _api(w, "PUT", path, {"value": "Steel"})

        await _edit_reaches_b(
            w,
            created,
            edit,
            _b_holds("custom_fields", "value", "Steel"),
            before=_b_holds("custom_fields", "value", "Enamel"),
        )


async def test_given_the_channel_rule_and_a_listing_disabled_without_a_webhook_when_the_full_compare_period_passes_then_b_disables_it(
    world,
):
    settings = {"sync_period_in_secs": 1, "catalog_full_compare_hours": EVERY_SECOND}
    async with world(store_b_channel_on_store_a=AMAZON, **settings) as w:
        created = await w.create_product(**MUG, availability="available")
        [listing] = await _api(
            w,
            "POST",
            f"/channels/{AMAZON}/listings",
            [{"product_id": created["id"], "state": "active", "variants": []}],
        )
        await _api(
            w,
            "PUT",
            "/catalog/products/channel-assignments",
            [{"product_id": created["id"], "channel_id": AMAZON}],
        )  # fires store/channel/2/product/assigned

        def availability_is(value: str) -> Any:
            async def check(w: Any) -> bool:
                product = await w.b_product("MUG-1")
                return bool(product and product["availability"] == value)

            return check

        async def edit() -> None:  # BigCommerce has no webhook for a listing's state
            body = {**listing, "state": "disabled", "variants": []}
            await _api(w, "PUT", f"/channels/{AMAZON}/listings", [body])

        await _edit_reaches_b(
            w, created, edit, availability_is("disabled"), before=availability_is("available")
        )


async def test_given_the_service_alone_when_an_image_is_reordered_in_a_then_its_own_full_compare_brings_b_the_order(
    world,
):
    async with world(sync_period_in_secs=1, catalog_full_compare_hours=EVERY_SECOND) as w:
        created = await w.create_product(**MUG, images=IMAGES)
        back = await _a_back_image(w)

        async def front_first(w: Any) -> bool:
            order = await _b_image_order(w)
            return len(order) == 2 and order[0].endswith("front.jpg")

        async def back_first(w: Any) -> bool:
            return (await _b_image_order(w))[:1] == [IMAGES[1]["image_url"]]

        async def edit() -> None:
            path = f"/catalog/products/{created['id']}/images/{back['id']}"
            await _api(w, "PUT", path, {"sort_order": -1})  # fires no webhook

        await _edit_reaches_b(w, created, edit, back_first, before=front_first)


LAST_PASS = "storebridge_catalog_reconcile_last_pass_timestamp_seconds"


@contextlib.asynccontextmanager
async def _replica(w: Any, topology: Any, registry: CollectorRegistry) -> AsyncIterator[None]:
    """One more catalog-sync replica (its own metrics), stopped when the block ends."""
    app = create_app(w.settings, topology=topology, registry=registry)
    async with app.lifespan_context(), app:
        yield


async def test_given_two_replicas_then_one_runs_the_passes_and_the_other_takes_over_when_it_stops(
    world, topology
):
    async with world(consumers=0, sync_period_in_secs=1) as w:
        first, second = CollectorRegistry(), CollectorRegistry()
        runs: dict[str, tuple[int, int]] = {}

        async def passes_of(registry: CollectorRegistry, more_than: float) -> bool:
            for run in await _reconcile_runs(w):  # quiet runs replace each other: keep each
                if run["finished_ms"] is not None:
                    runs[run["_id"]] = (run["started_ms"], run["finished_ms"])
            return (registry.get_sample_value(LAST_PASS) or 0) > more_than

        async with contextlib.AsyncExitStack() as holder, contextlib.AsyncExitStack() as other:
            await holder.enter_async_context(_replica(w, topology, first))
            await w.until_b(lambda w: passes_of(first, 0))
            await other.enter_async_context(_replica(w, topology, second))
            for _ in range(3):  # three more passes of the holder while both run
                seen = first.get_sample_value(LAST_PASS) or 0
                await w.until_b(lambda w, seen=seen: passes_of(first, seen))
            assert not second.get_sample_value(LAST_PASS), "the second ran no pass"

            held_until = first.get_sample_value(LAST_PASS) or 0
            held_by = (await w.db.leases.find_one({"_id": f"catalog-reconcile:{A}"}))["owner"]
            await holder.aclose()  # the holder stops and releases the lease
            await w.until_b(lambda w: passes_of(second, held_until), timeout=20)
            lease = await w.db.leases.find_one({"_id": f"catalog-reconcile:{A}"})
            assert lease is not None and lease["owner"] not in ("", held_by)

        spans = sorted(runs.values())
        assert len(spans) >= 5
        assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans)), spans
