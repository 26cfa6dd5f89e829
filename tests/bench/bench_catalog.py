"""Benchmark: how fast a change in store A is in store B, and what a sync costs in API calls.

    python -m tests.bench.bench_catalog [--runs 3] [--samples 7] [--latency-ms 50]

Everything runs in this process on the real RabbitMQ (AMQP_URL) and MongoDB (MONGODB_URI, else an
nx-27017 stand-in started here): the sandbox with stores A and B, each adding `--latency-ms` to
every API call; the ingress with hooks registered by `sync_all_hooks`; one catalog-sync consumer.
The sandbox's quota is raised (1,000 per 30 s) so pacing does not enter the figures.

Scenarios, each `--samples` times per run:
  plain      - a product without variants or images: its price changes in A;
  variants   - a product with 3 variants and 2 images: its price changes in A;
  extras     - a product with a modifier (2 values, one with a price adjuster), 2 bulk pricing
               rules and a video: its price changes in A;
  duplicate  - a second event for the variants product with nothing changed (a new hash);
  swap       - the SKUs of two variants of the variants product are swapped in A (as a merchant
               must: S to a spare SKU, M to S's, S to M's: 3 admin calls, 3 webhooks) until B
               holds the new pairing and the sync is recorded; a sync that never gets there
               (a 409 dead-lettered) counts as failed and is left out of the latencies;
  create     - a new product with 3 variants and 2 images is made in A (product with images,
               option, then 3 variants: 4 admin calls and 4 webhooks) until B holds all of it.
Reads count GETs on A and B; writes count B only (the sync never writes to A).
Latency: from the merchant's change in A (just before the admin call) until B's state holds it
(for the duplicate: until the sync is recorded). Calls: reads (GET) and writes on A and B per
sync, from the sandbox's counters. Baseline (same run): one GET with the same added latency.
Reports medians over runs of each run's p50 / p95.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import time
import uuid
from contextlib import AsyncExitStack, ExitStack
from typing import Any

from storebridge_catalog_sync.app import create_app as create_catalog_sync
from storebridge_catalog_sync.settings import CatalogSyncSettings
from storebridge_ingress.settings import HooksSettings, IngressSettings
from storebridge_sandbox.config import SandboxConfig, StoreConfig
from storebridge_sandbox.testing import RunningSandbox, running_sandbox
from storebridge_shared.broker.topology import Topology
from storebridge_shared.hooks.sync import sync_all_hooks
from storebridge_shared.ops.logs import configure_logging
from storebridge_shared.store.client import make_client
from tests.bench.common import (
    AMQP_URL,
    SECRET,
    bench_namespace,
    serving_ingress,
    settings_for,
    wait_for,
)
from tests.support.waiting import wait_until

A, B = "bencha", "benchb"
STORES = {A: "tok-a", B: "tok-b"}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Bench:
    """One run's system and its measuring helpers."""

    def __init__(self, sandbox: RunningSandbox, db: Any, ingress_url: str) -> None:
        self.sandbox, self.db, self.ingress_url = sandbox, db, ingress_url

    async def admin(self, method: str, path: str, body: Any = None) -> Any:
        found = await self.sandbox._call(method, f"/_sandbox/stores/{A}{path}", json=body)
        return found["data"] if isinstance(found, dict) and "data" in found else found

    async def calls(self) -> dict[str, int]:
        counts = {"reads": 0, "writes": 0}
        for store in (A, B):
            for key, n in (await self.sandbox.stats(store))["calls"].items():
                if key.startswith("GET "):
                    counts["reads"] += n
                elif store == B:  # the sync never writes to A; A's writes are the bench's own
                    counts["writes"] += n
        return counts

    async def settled(self, product_id: int) -> int:
        state = await self.db.catalog_sync_state.find_one({"_id": f"{A}:product:{product_id}"})
        if not state or state["state"] != "idle" or state["synced"] < state["requested"]:
            return -1
        return int(state["synced"])

    async def b_price(self, sku: str) -> float | None:
        products = (await self.sandbox.state(B))["tables"]["products"]
        return next((float(p["price"]) for p in products if p["sku"] == sku), None)

    async def change(self, product_id: int, sku: str, price: float) -> tuple[float, dict[str, int]]:
        before = await self.calls()
        synced = await self.settled(product_id)
        started = time.perf_counter()
        await self.admin("PUT", f"/products/{product_id}", {"price": price})

        async def landed() -> bool:
            return await self.b_price(sku) == price

        await wait_for(landed)
        elapsed = time.perf_counter() - started

        async def recorded() -> bool:
            return await self.settled(product_id) > synced

        await wait_for(recorded)
        after = await self.calls()
        return elapsed, {k: after[k] - before[k] for k in after}

    async def duplicate(self, product_id: int) -> tuple[float, dict[str, int]]:
        import httpx

        before = await self.calls()
        synced = await self.settled(product_id)
        body = {
            "scope": "store/product/updated",
            "store_id": "1",
            "data": {"type": "product", "id": product_id},
            "hash": uuid.uuid4().hex,
            "created_at": int(time.time()),
            "producer": f"stores/{A}",
        }
        started = time.perf_counter()
        async with httpx.AsyncClient() as http:
            await http.post(
                f"{self.ingress_url}/webhooks", json=body, headers={"X-Storebridge-Secret": SECRET}
            )

        async def recorded() -> bool:
            return await self.settled(product_id) > synced

        await wait_for(recorded)
        elapsed = time.perf_counter() - started
        after = await self.calls()
        return elapsed, {k: after[k] - before[k] for k in after}

    async def baseline(self) -> float:
        async with self.sandbox.api_client(B) as api:
            started = time.perf_counter()
            await api.get("/v3/catalog/products", params={"limit": 1})
            return time.perf_counter() - started


async def one_run(mongodb_uri: str, samples: int, latency_ms: int) -> dict[str, dict[str, float]]:
    database = f"bench_catalog_{uuid.uuid4().hex[:8]}"
    uri = mongodb_uri.replace("/?", f"/{database}?") if "/?" in mongodb_uri else mongodb_uri
    config = SandboxConfig(
        stores=[StoreConfig.from_spec(f"{A}:tok-a"), StoreConfig.from_spec(f"{B}:tok-b")],
        seed_fixture=None,
        webhook_time_compression=1e6,
        rate_limit_quota=1000,
    )
    client = make_client(uri)
    async with (
        bench_namespace(AMQP_URL) as namespace,
        running_sandbox(config) as sandbox,
        AsyncExitStack() as stack,
    ):
        base = settings_for(IngressSettings, sandbox.url, uri, namespace, STORES)
        url = await stack.enter_async_context(serving_ingress(base))
        await sync_all_hooks(
            settings_for(HooksSettings, sandbox.url, uri, namespace, STORES, app_url=url)
        )
        settings = settings_for(CatalogSyncSettings, sandbox.url, uri, namespace, STORES)
        app = create_catalog_sync(settings, topology=Topology(namespace))
        await stack.enter_async_context(app.lifespan_context())
        await stack.enter_async_context(app)
        bench = Bench(sandbox, client[database], url)
        for store in (A, B):
            await sandbox.set_faults(store, latency_ms=latency_ms)
        figures = await scenarios(bench, samples)
    await client.drop_database(database)
    await client.close()
    return figures


async def scenarios(bench: Bench, samples: int) -> dict[str, dict[str, float]]:
    plain = await bench.admin(
        "POST",
        "/products",
        {"name": "Plain", "type": "physical", "sku": "P1", "price": 1, "weight": 1},
    )
    rich = await bench.admin("POST", "/products", rich_product())
    await add_variants(bench, rich["id"])
    extras = await bench.admin("POST", "/products", extras_product())
    await bench.admin("POST", f"/products/{extras['id']}/modifiers", WRAP)
    async with bench.sandbox.api_client(A) as api:
        for key in ("code", "tier"):
            body = {"namespace": "erp", "key": key, "value": "1", "permission_set": "read"}
            await api.post(f"/v3/catalog/products/{extras['id']}/metafields", json=body)
    await bench.admin("PUT", f"/products/{extras['id']}", {"description": "with a modifier"})
    await wait_for(lambda: _ready(bench, plain["id"], rich["id"], extras["id"]))
    rows: dict[str, dict[str, float]] = {}
    rows["baseline GET"] = summary([await bench.baseline() for _ in range(samples)], [])
    cases = (
        ("plain", plain["id"], "P1"),
        ("variants", rich["id"], "R1"),
        ("extras", extras["id"], "X1"),
    )
    for name, pid, sku in cases:
        measured = [await bench.change(pid, sku, 10 + i) for i in range(samples)]
        rows[name] = summary([m[0] for m in measured], [m[1] for m in measured])
    edits = [await metafield_edit(bench, extras["id"], i) for i in range(samples)]
    rows["metafield"] = summary([e[0] for e in edits], [e[1] for e in edits])
    duplicates = [await bench.duplicate(rich["id"]) for _ in range(samples)]
    rows["duplicate"] = summary([d[0] for d in duplicates], [d[1] for d in duplicates])
    swaps = [s for s in [await swap(bench, rich["id"], i) for i in range(samples)] if s]
    rows["swap"] = summary([s[0] for s in swaps], [s[1] for s in swaps]) if swaps else {}
    rows["swap"]["failed"] = samples - len(swaps)
    created = [await create(bench, f"C{i}") for i in range(samples)]
    rows["create"] = summary([c[0] for c in created], [c[1] for c in created])
    return rows


async def create(bench: Bench, sku: str) -> tuple[float, dict[str, int]]:
    """A product with 3 variants and 2 images made in A, until B holds all of it."""
    before = await bench.calls()
    started = time.perf_counter()
    product = await bench.admin("POST", "/products", rich_product(sku))
    await add_variants(bench, product["id"], sku)

    async def complete() -> bool:
        tables = (await bench.sandbox.state(B))["tables"]
        found = [p for p in tables["products"] if p["sku"] == sku]
        if not found:
            return False
        pid = found[0]["id"]
        variants = [v for v in tables["variants"] if v["product_id"] == pid and v["option_values"]]
        images = [i for i in tables["images"] if i["product_id"] == pid]
        return len(variants) == 3 and len(images) == 2

    await wait_for(complete)
    elapsed = time.perf_counter() - started

    async def recorded() -> bool:
        return await bench.settled(product["id"]) > 0

    await wait_for(recorded)
    after = await bench.calls()
    return elapsed, {k: after[k] - before[k] for k in after}


async def swap(bench: Bench, product_id: int, turn: int) -> tuple[float, dict[str, int]] | None:
    """Swap the SKUs of variants S and M of the variants product in A; None when B never
    holds the new pairing (the sync failed)."""
    before = await bench.calls()
    synced = await bench.settled(product_id)
    variants = (await bench.sandbox.state(A))["tables"]["variants"]
    by_size = {
        v["option_values"][0]["label"]: v
        for v in variants
        if v["product_id"] == product_id and v["option_values"]
    }
    small, medium = by_size["S"], by_size["M"]
    started = time.perf_counter()
    path = f"/products/{product_id}/variants"
    await bench.admin("PUT", f"{path}/{small['id']}", {"sku": f"R1-T{turn}"})
    await bench.admin("PUT", f"{path}/{medium['id']}", {"sku": small["sku"]})
    await bench.admin("PUT", f"{path}/{small['id']}", {"sku": medium["sku"]})

    async def swapped() -> bool:
        tables = (await bench.sandbox.state(B))["tables"]
        pid = next(p["id"] for p in tables["products"] if p["sku"] == "R1")
        pairs = {
            v["option_values"][0]["label"]: v["sku"]
            for v in tables["variants"]
            if v["product_id"] == pid and v["option_values"]
        }
        return pairs.get("S") == medium["sku"] and pairs.get("M") == small["sku"]

    try:
        await wait_until(swapped, timeout=10.0, interval=0.005)
    except AssertionError:  # never got there: B answered 409 and the event was dead-lettered
        return None
    elapsed = time.perf_counter() - started

    async def recorded() -> bool:
        state = await bench.db.catalog_sync_state.find_one({"_id": f"{A}:product:{product_id}"})
        return bool(state) and state["state"] == "idle" and state["synced"] > synced

    await wait_for(recorded)
    after = await bench.calls()
    return elapsed, {k: after[k] - before[k] for k in after}


async def metafield_edit(bench: Bench, product_id: int, turn: int) -> tuple[float, dict[str, int]]:
    """A's `erp.code` metafield of the extras product set to a new value; until B's holds it
    and the sync is recorded."""
    value = f"v{turn}"
    async with bench.sandbox.api_client(A) as api:
        path = f"/v3/catalog/products/{product_id}/metafields"
        [code] = (await api.get(path, params={"key": "code"})).json()["data"]
        requested = await bench.settled(product_id)
        before = await bench.calls()
        started = time.perf_counter()
        await api.put(f"{path}/{code['id']}", json={"value": value})

    async def landed() -> bool:
        rows = (await bench.sandbox.state(B))["tables"].get("metafields", [])
        return any(m["key"] == "code" and m["value"] == value for m in rows)

    await wait_until(landed, timeout=30)
    elapsed = time.perf_counter() - started

    async def recorded() -> bool:
        return await bench.settled(product_id) > requested

    await wait_until(recorded, timeout=30)
    after = await bench.calls()
    return elapsed, {k: after[k] - before[k] for k in after}


async def _ready(bench: Bench, *product_ids: int) -> bool:
    tables = (await bench.sandbox.state(B))["tables"]
    extras = [p["id"] for p in tables["products"] if p["sku"] == "X1"]
    modified = bool(extras) and any(
        m["product_id"] == extras[0] for m in tables.get("modifiers", [])
    )
    settled = all([await bench.settled(pid) > 0 for pid in product_ids])
    return settled and modified and bool(await bench.b_price("R1"))


WRAP = {
    "display_name": "Gift wrap",
    "type": "dropdown",
    "required": False,
    "option_values": [
        {"label": "Paper", "sort_order": 0, "is_default": True},
        {
            "label": "Cloth",
            "sort_order": 1,
            "adjusters": {"price": {"adjuster": "relative", "adjuster_value": 2}},
        },
    ],
}


def extras_product() -> dict[str, Any]:
    return {
        "name": "Extras X1",
        "type": "physical",
        "sku": "X1",
        "price": 1,
        "weight": 1,
        "bulk_pricing_rules": [
            {"quantity_min": 5, "quantity_max": 9, "type": "percent", "amount": 5},
            {"quantity_min": 10, "quantity_max": 0, "type": "percent", "amount": 10},
        ],
        "videos": [{"video_id": "dQw4w9WgXcQ", "type": "youtube", "title": "Intro"}],
    }


def rich_product(sku: str = "R1") -> dict[str, Any]:
    return {
        "name": f"Rich {sku}",
        "type": "physical",
        "sku": sku,
        "price": 1,
        "weight": 1,
        "images": [
            {"image_url": "https://img.example.com/r1-a.jpg", "is_thumbnail": True},
            {"image_url": "https://img.example.com/r1-b.jpg"},
        ],
    }


async def add_variants(bench: Bench, product_id: int, sku: str = "R1") -> None:
    async with bench.sandbox.api_client(A) as api:
        values = [{"label": s, "sort_order": i} for i, s in enumerate("SML")]
        option = {"display_name": "Size", "type": "rectangles", "option_values": values}
        await api.post(f"/v3/catalog/products/{product_id}/options", json=option)
    for size in "SML":
        value = [{"option_display_name": "Size", "label": size}]
        await bench.admin(
            "POST",
            f"/products/{product_id}/variants",
            {"sku": f"{sku}-{size}", "option_values": value},
        )


def summary(latencies: list[float], calls: list[dict[str, int]]) -> dict[str, float]:
    row = {"p50_ms": pct(latencies, 0.5) * 1000, "p95_ms": pct(latencies, 0.95) * 1000}
    if calls:
        row["reads"] = statistics.median(c["reads"] for c in calls)
        row["writes"] = statistics.median(c["writes"] for c in calls)
    return row


def report(runs: list[dict[str, dict[str, float]]], args: argparse.Namespace) -> str:
    failed = {name: sum(int(run[name].get("failed", 0)) for run in runs) for name in runs[0]}
    lines = [
        f"catalog sync, sandbox latency {args.latency_ms} ms per API call, "
        f"median of {len(runs)} runs x {args.samples} samples",
        f"{'scenario':14} {'p50 ms':>8} {'p95 ms':>8} {'reads/sync':>11} {'writes/sync':>12}",
    ]
    for name in runs[0]:

        def med(key: str, name: str = name) -> str:
            values = [run[name][key] for run in runs if key in run[name]]
            return f"{statistics.median(values):.0f}" if values else "-"

        lines.append(
            f"{name:14} {med('p50_ms'):>8} {med('p95_ms'):>8} {med('reads'):>11} {med('writes'):>12}"
            + (f"  ({failed[name]} failed)" if failed[name] else "")
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=7)
    parser.add_argument("--latency-ms", type=int, default=50)
    args = parser.parse_args()
    configure_logging("console", "warning", service="bench")
    logging.disable(logging.INFO)  # FastStream's per-message lines would bury the table
    with ExitStack() as stack:
        uri = os.environ.get("MONGODB_URI")
        if not uri:
            from storebridge_shared.testing.mongodb import stand_in

            uri = stack.enter_context(stand_in())
        runs = [asyncio.run(one_run(uri, args.samples, args.latency_ms)) for _ in range(args.runs)]
    print(report(runs, args))


if __name__ == "__main__":
    main()
