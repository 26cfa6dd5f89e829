"""`backfill_catalog` against the sandbox: store A copied into store B, restartably."""

from __future__ import annotations

import asyncio
from collections import Counter
from contextlib import asynccontextmanager
from dataclasses import replace

import pytest
from pydantic import SecretStr

from storebridge_catalog_sync.backfill import backfill_catalog
from storebridge_catalog_sync.backfill.runner import BackfillBusy
from storebridge_catalog_sync.context import Destination, SyncContext
from storebridge_catalog_sync.linking import LinkKind
from storebridge_catalog_sync.planning.rules.config import DestinationRules
from storebridge_catalog_sync.store.links import LinkRepository
from storebridge_catalog_sync.sync import sync_product
from storebridge_sandbox.config import SandboxConfig, StoreConfig
from storebridge_sandbox.testing import running_sandbox
from storebridge_shared.bigcommerce import BigCommerceClient
from storebridge_shared.settings import StoreCredentials
from storebridge_shared.store.register import ResourceStatusStore, RunStore
from tests.bench.bench_backfill import catalog_fixture, half_fixture
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

A, B = "srca01", "dstb01"
CONFIG = SandboxConfig(
    stores=[StoreConfig.from_spec(f"{A}:tok-a"), StoreConfig.from_spec(f"{B}:tok-b")],
    seed_fixture=None,
)


def credentials(name: str, store_hash: str, token: str) -> StoreCredentials:
    return StoreCredentials(name=name, store_hash=store_hash, access_token=SecretStr(token))


@asynccontextmanager
async def clients(sandbox, db):
    async with (
        BigCommerceClient(credentials("A", A, "tok-a"), api_url=sandbox.url) as source,
        BigCommerceClient(credentials("B", B, "tok-b"), api_url=sandbox.url) as target,
    ):
        yield source, Destination("B", target, LinkRepository(db, A, B))


async def backfill(sandbox, db, **options):
    async with clients(sandbox, db) as (source, dest):
        return await backfill_catalog(db, source, dest, **options)


def table(state, name):
    return state["tables"][name]


def products_by_sku(state):
    return {p["sku"]: p for p in table(state, "products")}


def paths(state):
    by_id = {c["id"]: c for c in table(state, "categories")}

    def path(category):
        names = [category["name"]]
        while category["parent_id"]:
            category = by_id[category["parent_id"]]
            names.insert(0, category["name"])
        return "/".join(names)

    return {c["id"]: path(c) for c in by_id.values()}


async def writes(sandbox, store_hash):
    calls = (await sandbox.stats(store_hash))["calls"]
    return {k: n for k, n in calls.items() if not k.startswith("GET ")}


async def test_given_an_empty_b_when_backfilled_then_b_mirrors_a_and_a_second_run_writes_nothing(
    db,
):
    async with running_sandbox(CONFIG) as sandbox:
        await sandbox.load_fixture(catalog_fixture(12), A)

        report = await backfill(sandbox, db)

        assert report.status == "succeeded", report.lines()
        assert report.counts["product"]["created"] == 12
        assert report.counts["category"]["created"] == 12
        assert report.counts["brand"]["created"] == 5
        a, b = await sandbox.state(A), await sandbox.state(B)
        assert sorted(products_by_sku(b)) == sorted(products_by_sku(a))
        assert sorted(paths(b).values()) == sorted(paths(a).values())
        assert sorted(v["sku"] for v in table(b, "variants") if v.get("option_values")) == sorted(
            v["sku"] for v in table(a, "variants") if v.get("option_values")
        )
        assert sorted(i["image_url"] for i in table(b, "images")) == sorted(
            i["image_url"] for i in table(a, "images")
        )
        a_paths, b_paths = paths(a), paths(b)
        a0, b0 = products_by_sku(a)["BF-00003"], products_by_sku(b)["BF-00003"]
        assert [b_paths[c] for c in b0["categories"]] == [a_paths[c] for c in a0["categories"]]
        assert b0["price"] == a0["price"] and b0["inventory_level"] == a0["inventory_level"]
        link = await LinkRepository(db, A, B).get(LinkKind.PRODUCT, a0["id"])
        assert link is not None and link.destination_id == b0["id"]

        await sandbox.clear_stats(B)
        again = await backfill(sandbox, db)

        assert again.counts["product"] == Counter(unchanged=12)
        assert await writes(sandbox, B) == {}


async def test_given_b_holding_half_the_products_when_backfilled_then_the_half_is_linked_and_updated_not_recreated(
    db,
):
    source = catalog_fixture(12)
    async with running_sandbox(CONFIG) as sandbox:
        await sandbox.load_fixture(source, A)
        await sandbox.load_fixture(half_fixture(source), B)
        before = products_by_sku(await sandbox.state(B))

        report = await backfill(sandbox, db)

        assert report.counts["product"] == Counter(created=6, updated=2, unchanged=4), (
            report.lines()
        )
        assert report.counts["category"] == Counter(unchanged=12)
        assert report.counts["brand"] == Counter(unchanged=5)
        a, b = await sandbox.state(A), await sandbox.state(B)
        skus = [p["sku"] for p in table(b, "products")]
        assert len(skus) == len(set(skus)) == 12
        after = products_by_sku(b)
        assert all(after[sku]["id"] == product["id"] for sku, product in before.items())
        assert {s: p["price"] for s, p in after.items()} == {
            s: p["price"] for s, p in products_by_sku(a).items()
        }
        calls = (await sandbox.stats(B))["calls"]
        assert calls["POST /v3/catalog/products"] == 6
        assert calls["PUT /v3/catalog/products"] == 1  # the two updates in one batch
        assert len(table(b, "categories")) == 12 and len(table(b, "brands")) == 5


async def test_given_a_backfill_killed_midway_when_run_again_then_it_resumes_without_redoing_finished_work(
    db,
):
    async with running_sandbox(CONFIG) as sandbox:
        await sandbox.load_fixture(catalog_fixture(40), A)
        await sandbox.set_faults(B, latency_ms=15)
        task = asyncio.create_task(backfill(sandbox, db, concurrency=2))

        async def some_created() -> bool:
            return len(table(await sandbox.state(B), "products")) >= 12

        await wait_until(some_created, timeout=30)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

        async def settled() -> bool:  # POSTs in flight at the cancel have finished in B
            posted = (await sandbox.stats(B))["calls"]["POST /v3/catalog/products"]
            return len(table(await sandbox.state(B), "products")) == posted

        await wait_until(settled)
        created_first = len(table(await sandbox.state(B), "products"))
        await sandbox.set_faults(B)
        await sandbox.clear_stats(B)

        report = await backfill(sandbox, db)

        assert report.resumed and report.status == "succeeded", report.lines()
        calls = (await sandbox.stats(B))["calls"]
        assert calls["POST /v3/catalog/products"] == 40 - created_first
        assert "GET /v3/catalog/categories" not in calls  # the finished phase is not redone
        assert "POST /v3/catalog/categories" not in calls
        skus = [p["sku"] for p in table(await sandbox.state(B), "products")]
        assert len(skus) == len(set(skus)) == 40
        [run] = await RunStore(db).latest(19)
        assert run.kind == "backfill" and run.status == "succeeded"
        # a product whose options and variants the cancel cut off after its create is
        # completed (updated) on resume
        done = ("created", "updated", "unchanged")
        assert sum(run.counters[k] for k in done) >= 40 + 12 + 5
        assert run.counters["failed"] == 0


async def test_given_a_product_without_weight_and_a_variant_without_product_then_both_are_reported_and_skipped(
    db,
):
    async with running_sandbox(CONFIG) as sandbox:
        await sandbox.load_fixture(catalog_fixture(6), A)
        dump = await sandbox.state(A)
        products = table(dump, "products")
        products[1]["weight"] = None
        products[2]["price"] = -5
        variant = dict(next(v for v in table(dump, "variants") if v.get("option_values")))
        variant.update(id=99999, product_id=424242, sku="ORPHAN-1", sku_id=99999)
        table(dump, "variants").append(variant)
        await sandbox.load_fixture(dump, A)

        report = await backfill(sandbox, db)

        reasons = {(r.kind, r.sku): r.reason for r in report.rejected}
        assert "weight" in reasons[("product", products[1]["sku"])]
        assert "price" in reasons[("product", products[2]["sku"])]
        assert "does not exist" in reasons[("variant", "ORPHAN-1")]
        assert report.counts["product"]["created"] == 4
        b_skus = set(products_by_sku(await sandbox.state(B)))
        assert products[1]["sku"] not in b_skus and products[2]["sku"] not in b_skus
        [status] = await ResourceStatusStore(db).by_sku(products[1]["sku"])
        assert status.status == "skipped" and "weight" in status.reason
        [run] = await RunStore(db).latest(1)
        assert run.counters["skipped"] == 3
        assert any("ORPHAN-1" in line for line in report.lines())


async def test_given_b_rejecting_one_product_then_it_is_reported_failed_and_the_rest_are_created(
    db,
):
    async with running_sandbox(CONFIG) as sandbox:
        await sandbox.load_fixture(catalog_fixture(8), A)
        await sandbox.set_faults(
            B,
            failures=[
                {"path": "/v3/catalog/products", "method": "POST", "status": 422, "count": 1}
            ],
        )

        report = await backfill(sandbox, db, concurrency=1)

        assert report.status == "failures"
        assert report.counts["product"] == Counter(created=7, failed=1)
        [(kind, sku, reason)] = report.failures
        assert kind == "product" and "422" in reason
        assert len(table(await sandbox.state(B), "products")) == 7
        [status] = await ResourceStatusStore(db).by_sku(sku)
        assert status.status == "failed"


async def test_given_a_dry_run_then_the_plan_is_reported_and_b_is_untouched(db):
    async with running_sandbox(CONFIG) as sandbox:
        await sandbox.load_fixture(catalog_fixture(5), A)

        report = await backfill(sandbox, db, dry_run=True)

        assert report.counts["product"] == Counter(created=5)
        assert report.counts["category"] == Counter(created=12)
        assert await writes(sandbox, B) == {}
        assert await RunStore(db).latest(19) == []
        assert "dry run" in report.lines()[0]


async def test_given_the_channel_rule_then_only_products_assigned_and_listed_active_on_the_channel_are_available_in_b(
    db,
):
    source = catalog_fixture(3)
    for position, product in enumerate(source["products"]):
        product["id"] = 300 + position
    source["channels"] = [{"id": 2, "name": "Store B", "type": "marketplace", "platform": "custom"}]
    source["listings"] = [
        {"channel_id": 2, "product_id": 300, "state": "active"},
        {"channel_id": 2, "product_id": 301, "state": "disabled"},
        {"channel_id": 2, "product_id": 302, "state": "active"},  # not assigned: not sold there
    ]
    source["channel_assignments"] = [{"channel_id": 2, "product_id": p} for p in (300, 301)]
    async with running_sandbox(CONFIG) as sandbox:
        await sandbox.load_fixture(source, A)
        async with clients(sandbox, db) as (client, dest):
            dest.channel_id = 2
            report = await backfill_catalog(db, client, dest, channel_rule=True)

        assert report.status == "succeeded", report.lines()
        b = products_by_sku(await sandbox.state(B))
        assert [b[f"BF-0000{i}"]["availability"] for i in range(3)] == [
            "available",
            "disabled",
            "disabled",
        ]


async def test_given_a_backfill_running_when_a_second_one_starts_for_the_same_destination_then_it_is_refused(
    db,
):
    async with running_sandbox(CONFIG) as sandbox:
        await sandbox.load_fixture(catalog_fixture(20), A)
        await sandbox.set_faults(B, latency_ms=10)
        first = asyncio.create_task(backfill(sandbox, db, concurrency=1))

        async def started() -> bool:
            return len(table(await sandbox.state(B), "categories")) > 0

        await wait_until(started)
        with pytest.raises(BackfillBusy, match="another backfill of B is running"):
            await backfill(sandbox, db)
        report = await first

        assert report.status == "succeeded"
        skus = [p["sku"] for p in table(await sandbox.state(B), "products")]
        assert len(skus) == len(set(skus)) == 20


def options_by_sku(state):
    products = {p["id"]: p["sku"] for p in table(state, "products")}
    found = {}
    for option in table(state, "options"):
        values = sorted((v["label"], v.get("value_data")) for v in option["option_values"])
        found.setdefault(products[option["product_id"]], []).append(
            (option["display_name"], option["type"], values)
        )
    return found


async def test_given_options_of_several_types_when_backfilled_then_b_s_options_have_a_s_types_and_values(
    db,
):
    async with running_sandbox(CONFIG) as sandbox:
        fixture = catalog_fixture(6)
        swatch = fixture["products"][5]
        swatch["options"] = [
            {
                "display_name": "Colour",
                "type": "swatch",
                "option_values": [
                    {"label": "Red", "sort_order": 0, "value_data": {"colors": ["#ff0000"]}},
                    {"label": "Blue", "sort_order": 1, "value_data": {"colors": ["#0000ff"]}},
                ],
            }
        ]
        for variant, colour in zip(swatch["variants"], ("Red", "Blue"), strict=True):
            variant["option_values"] = [{"option_display_name": "Colour", "label": colour}]
        fixture["products"][0]["options"][0]["type"] = "dropdown"
        await sandbox.load_fixture(fixture, A)

        report = await backfill(sandbox, db)

        assert report.status == "succeeded", report.lines()
        a, b = await sandbox.state(A), await sandbox.state(B)
        assert options_by_sku(b) == options_by_sku(a)
        assert {t for opts in options_by_sku(b).values() for _, t, _ in opts} == {
            "dropdown",
            "swatch",
        }
        a_variants = sorted(v["sku"] for v in table(a, "variants") if v["option_values"])
        b_variants = sorted(v["sku"] for v in table(b, "variants") if v["option_values"])
        assert b_variants == a_variants
        writes_before = await writes(sandbox, B)

        again = await backfill(sandbox, db)

        assert again.counts["product"]["unchanged"] == 6, again.lines()
        assert await writes(sandbox, B) == writes_before


async def test_given_one_product_unreadable_in_a_then_it_is_reported_failed_and_the_rest_are_copied(
    db,
):
    async with running_sandbox(CONFIG) as sandbox:
        fixture = catalog_fixture(8)
        await sandbox.load_fixture(fixture, A)
        broken = table(await sandbox.state(A), "products")[3]
        include = "variants,images,custom_fields,options,modifiers,bulk_pricing_rules,videos"
        await sandbox.set_faults(
            A,
            failures=[
                {
                    "path": "/v3/catalog/products",
                    "method": "GET",
                    "query": {"include": include},
                    "status": 400,
                    "count": 1,
                },
                {"path": f"/v3/catalog/products/{broken['id']}", "method": "GET", "status": 400},
            ],
        )

        report = await backfill(sandbox, db)

        assert report.status == "failures"
        assert report.counts["product"] == Counter(created=7, failed=1)
        [(kind, key, reason)] = report.failures
        assert (kind, key) == ("product", str(broken["id"]))
        assert "read from A failed" in reason and "400" in reason
        assert broken["sku"] not in products_by_sku(await sandbox.state(B))
        assert len(table(await sandbox.state(B), "products")) == 7


def mf(namespace, key, value, permission_set="read"):
    return {"namespace": namespace, "key": key, "value": value, "permission_set": permission_set}


def metafields_by_sku(state, kind):
    """{SKU of the product or variant: {(namespace, key): value}}."""
    owners = table(state, "products" if kind == "product" else "variants")
    sku_of = {o["id"]: o["sku"] for o in owners}
    found: dict[str, dict[tuple[str, str], str]] = {}
    for m in table(state, "metafields"):
        if m["resource_type"] == kind and m["resource_id"] in sku_of:
            found.setdefault(sku_of[m["resource_id"]], {})[(m["namespace"], m["key"])] = m["value"]
    return found


async def test_given_product_and_variant_metafields_in_a_when_backfilled_then_b_holds_them_read_store_wide(
    db,
):
    async with running_sandbox(CONFIG) as sandbox:
        fixture = catalog_fixture(6)
        plain, sized = fixture["products"][1], fixture["products"][5]  # no options; 2 variants
        plain["metafields"] = [
            mf("erp", "code", "P-1"),
            mf("erp", "legacy", "old", "write"),
            mf("secret", "token", "s3cr3t", "app_only"),
        ]
        await sandbox.load_fixture(fixture, A)
        variants = {v["sku"]: v for v in table(await sandbox.state(A), "variants")}
        async with sandbox.api_client(A) as api:
            a_ids = {p["sku"]: p["id"] for p in table(await sandbox.state(A), "products")}
            base = variants[plain["sku"]]["id"]
            small = next(s for s in variants if s.startswith(sized["sku"] + "-"))
            for pid, vid, body in (
                (a_ids[plain["sku"]], base, mf("wms", "bin", "B-7")),
                (a_ids[sized["sku"]], variants[small]["id"], mf("wms", "bin", "S-1")),
            ):
                path = f"/v3/catalog/products/{pid}/variants/{vid}/metafields"
                (await api.post(path, json=body)).raise_for_status()

        report = await backfill(sandbox, db)

        assert report.status == "succeeded", report.lines()
        b = await sandbox.state(B)
        assert metafields_by_sku(b, "product") == {
            plain["sku"]: {("erp", "code"): "P-1", ("erp", "legacy"): "old"}
        }, "the app_only one is not copied"
        assert metafields_by_sku(b, "variant") == {
            plain["sku"]: {("wms", "bin"): "B-7"},
            small: {("wms", "bin"): "S-1"},
        }, "the base variant's and an option variant's"
        made = {k: n for k, n in (await sandbox.stats(B))["calls"].items() if "metafields" in k}
        assert made == {
            "POST /v3/catalog/products/metafields": 1,
            "POST /v3/catalog/variants/metafields": 2,
        }, "a product's new metafields in one call per kind, never one call each"

        b_pid = products_by_sku(b)[plain["sku"]]["id"]
        async with sandbox.api_client(B) as api:
            own = mf("b_notes", "shelf", "B's own")
            (
                await api.post(f"/v3/catalog/products/{b_pid}/metafields", json=own)
            ).raise_for_status()
        async with sandbox.api_client(A) as api:
            base_path = f"/v3/catalog/products/{a_ids[plain['sku']]}/metafields"
            ids = {m["key"]: m["id"] for m in (await api.get(base_path)).json()["data"]}
            await api.put(f"{base_path}/{ids['code']}", json={"value": "P-2"})
            await api.delete(f"{base_path}/{ids['legacy']}")
        await sandbox.clear_stats(A)
        await sandbox.clear_stats(B)

        again = await backfill(sandbox, db)

        assert again.status == "succeeded", again.lines()
        b = await sandbox.state(B)
        assert metafields_by_sku(b, "product") == {
            plain["sku"]: {("erp", "code"): "P-2", ("b_notes", "shelf"): "B's own"}
        }, "updated in place, deleted in A's namespace, B's own namespace kept"
        for store in (A, B):
            calls = (await sandbox.stats(store))["calls"]
            listed = {k: n for k, n in calls.items() if "metafields" in k}
            assert listed == {
                "GET /v3/catalog/products/metafields": 1,
                "GET /v3/catalog/variants/metafields": 1,
            } | (
                {}
                if store == A
                else {
                    "PUT /v3/catalog/products/{product_id}/metafields/{metafield_id}": 1,
                    "DELETE /v3/catalog/products/{product_id}/metafields/{metafield_id}": 1,
                }
            ), f"store-wide listings only, never one read per product ({store})"
        assert again.counts["product"] == Counter(updated=1, unchanged=5), again.lines()


async def test_given_a_brand_b_lost_before_a_resumed_backfill_then_no_product_fails_and_b_gets_the_brand_again(
    db,
):
    async with running_sandbox(CONFIG) as sandbox:
        fixture = catalog_fixture(12)
        await sandbox.load_fixture(fixture, A)
        await sandbox.load_fixture(half_fixture(fixture), B)  # every second product, linked by SKU
        await sandbox.set_faults(B, latency_ms=300)  # the products phase starts slowly
        task = asyncio.create_task(backfill(sandbox, db))

        async def taxonomy_done() -> bool:
            found = await db.backfill_checkpoints.find_one({"kind": "phase", "key": "brands"})
            return found is not None

        await wait_until(taxonomy_done, timeout=30)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await sandbox.set_faults(B)
        name = fixture["brands"][0]["name"]
        [lost] = [b for b in table(await sandbox.state(B), "brands") if b["name"] == name]
        async with sandbox.api_client(B) as api:  # B loses a brand the checkpoints map to
            (await api.delete(f"/v3/catalog/brands/{lost['id']}")).raise_for_status()

        async with clients(sandbox, db) as (source, dest):
            ctx = SyncContext(source=source, destinations=[dest])

            async def deep_sync(product_id):
                return await sync_product(ctx, product_id)

            report = await backfill_catalog(db, source, dest, deep_sync=deep_sync)

        assert report.resumed and report.status == "succeeded", report.lines()
        b = await sandbox.state(B)
        names = {x["id"]: x["name"] for x in table(b, "brands")}
        a_names = {x["id"]: x["name"] for x in fixture["brands"]}
        by_sku = products_by_sku(b)
        for product in fixture["products"]:
            assert names.get(by_sku[product["sku"]]["brand_id"]) == a_names[product["brand_id"]]


async def test_given_a_scope_rule_on_a_metafield_when_backfilled_then_it_is_decided_from_the_store_wide_listing(
    db,
):
    async with running_sandbox(CONFIG) as sandbox:
        fixture = catalog_fixture(4)
        hidden = fixture["products"][2]
        hidden["metafields"] = [mf("b2b", "hidden", "true")]
        await sandbox.load_fixture(fixture, A)
        rules = DestinationRules.model_validate(
            {"scope": {"exclude": [{"metafield": {"b2b.hidden": "true"}}]}}
        )

        async with clients(sandbox, db) as (source, dest):
            report = await backfill_catalog(db, source, replace(dest, rules=rules))

        assert report.status == "succeeded", report.lines()
        assert report.counts["product"] == Counter(created=3, skipped=1), report.lines()
        assert hidden["sku"] not in products_by_sku(await sandbox.state(B))
        calls = (await sandbox.stats(A))["calls"]
        assert "GET /v3/catalog/products/{product_id}/metafields" not in calls
