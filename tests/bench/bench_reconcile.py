"""Benchmark of the reconcile pass: what a pass and a full compare cost over 1,000 products, and
how long an edit BigCommerce sends no webhook for takes to reach B.

    python -m tests.bench.bench_reconcile [--products 1000] [--latency-ms 50] [--samples 5]

The sandbox runs as a subprocess with stores A and B, both loaded with the same generated
catalog (`bench_backfill.catalog_fixture`, each product with its own `date_modified` second), its
quota unbounded so pacing stays out of the figures. Setup (at no added latency): the first
changes pass (it sets the watermark) and the first full compare (no digests kept yet: it syncs
and links every product). Then the sandbox adds `--latency-ms` to every API call of A and B, and
each figure is measured `--samples` times (API calls: what A and B served; time: wall clock):

  nothing changed  - a changes pass with no edit in A, after the passes that settle the last
                     second's syncs (`settle`): what a pass that finds nothing costs;
  10 changed       - 10 products' prices edited in A (no hooks: no webhook), then a pass;
  full, nothing    - a full compare with nothing changed since the last;
  full, 10 images  - 10 products' image descriptions edited in A (no `date_modified` move),
                     then a full compare (and one more, unmeasured: B moved by its syncs);
  brand rename     - catalog-sync running at the default SYNC_PERIOD_IN_SECS (15 s): a brand
                     renamed in A (no webhook exists) until B's brand has the name;
  image reorder    - the same with a full compare every REORDER_FULL_S (30 s): a product's
                     image moved in A (no webhook, no `date_modified` move) until B's has the
                     new sort order.

Reports medians (and the range) over the samples, and the load average before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from storebridge_catalog_sync.app import create_app as create_catalog_sync
from storebridge_catalog_sync.reconcile.decide import SETTLE_MS
from storebridge_catalog_sync.reconcile.passes import PassResult
from storebridge_catalog_sync.reconcile.setup import open_reconciler
from storebridge_catalog_sync.settings import CatalogSyncSettings
from storebridge_shared.broker.topology import Topology
from storebridge_shared.ops.background import Stopping
from storebridge_shared.ops.logs import configure_logging
from storebridge_shared.store.client import make_client
from storebridge_shared.store.collections import ensure_indexes
from storebridge_shared.testing.mongodb import stand_in
from tests.bench.bench_backfill import catalog_fixture
from tests.bench.common import (
    UNBOUNDED_QUOTA,
    bench_namespace,
    broker,
    sandbox_process,
    settings_for,
)
from tests.support.waiting import wait_until

A, B = "recona", "reconb"
STORES = {A: "tok-a", B: "tok-b"}
DEFAULT_PERIOD_S = 15
REORDER_FULL_S = 30
"""The full compare's period for the image reorder figure (the default is 24 h)."""


def fixture(products: int) -> dict[str, Any]:
    """The catalog, each product modified at its own second (long ago), with an image."""
    doc = catalog_fixture(products)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for index, product in enumerate(doc["products"]):
        product["date_modified"] = (start + timedelta(seconds=index)).isoformat()
        product.setdefault("images", [])
        if not product["images"]:
            url = f"https://img.example.com/p{index}.jpg"
            product["images"] = [{"image_url": url, "is_thumbnail": True}]
    return doc


class Bench:
    """The sandbox's admin API and the sandbox's call counters."""

    def __init__(self, admin: httpx.AsyncClient) -> None:
        self.admin = admin

    async def call(self, method: str, path: str, body: Any = None) -> Any:
        kwargs = {"json": body} if body is not None else {}
        found = await self.admin.request(method, f"/_sandbox/stores/{A}{path}", **kwargs)
        found.raise_for_status()
        data = found.json() if found.content else None
        return data["data"] if isinstance(data, dict) and "data" in data else data

    async def faults(self, **faults: Any) -> None:
        for store in STORES:
            url = f"/_sandbox/stores/{store}/faults"
            (await self.admin.put(url, json=faults)).raise_for_status()

    async def calls(self) -> int:
        total = 0
        for store in STORES:
            stats = (await self.admin.get(f"/_sandbox/stores/{store}/stats")).json()
            total += int(stats["total_calls"])
        return total

    async def table(self, store: str, name: str) -> list[dict[str, Any]]:
        state = (await self.admin.get(f"/_sandbox/stores/{store}/state")).json()
        return list(state["tables"].get(name, []))

    async def b_brands(self) -> set[str]:
        return {b["name"] for b in await self.table(B, "brands")}


async def measured(bench: Bench, work: Callable[[], Awaitable[Any]]) -> tuple[int, float, Any]:
    """API calls A and B served and the wall time of `work`."""
    before = await bench.calls()
    started = time.perf_counter()
    result = await work()
    elapsed = time.perf_counter() - started
    return await bench.calls() - before, elapsed, result


async def passes(
    bench: Bench, settings: CatalogSyncSettings, db: Any, samples: int, latency_ms: int
) -> dict[str, list[tuple[int, float]]]:
    """Setup, then each pass figure `samples` times."""
    rows: dict[str, list[tuple[int, float]]] = {}
    products = sorted(await bench.table(A, "products"), key=lambda p: p["id"])
    images = {i["product_id"]: i for i in await bench.table(A, "images")}
    async with open_reconciler(settings, db, "bench", Stopping()) as run:
        await run.reconciler.run_pass()  # the first pass sets the watermark
        calls, wall, _ = await measured(bench, run.full.run)
        rows["first full compare (0 ms)"] = [(calls, wall)]
        await run.full.run()  # B moved by those syncs: compared once more
        await bench.faults(latency_ms=latency_ms)
        for turn in range(samples):
            await settle(run.reconciler.run_pass)
            rows.setdefault("pass, nothing changed", []).append(
                (await measured(bench, run.reconciler.run_pass))[:2]
            )
            for product in products[:10]:
                price = 100 + turn + product["id"] / 1000
                await bench.call("PUT", f"/products/{product['id']}", {"price": price})
            rows.setdefault("pass, 10 changed", []).append(
                (await measured(bench, run.reconciler.run_pass))[:2]
            )
            await run.full.run()  # the price syncs moved B's digests: seen once more
            rows.setdefault("full compare, nothing", []).append(
                (await measured(bench, run.full.run))[:2]
            )
            for product in products[10:20]:
                path = f"/products/{product['id']}/images/{images[product['id']]['id']}"
                await bench.call("PUT", path, {"description": f"edit {turn}"})
            rows.setdefault("full compare, 10 image edits", []).append(
                (await measured(bench, run.full.run))[:2]
            )
            await run.full.run()
        await bench.faults()
        await run.keeper.lease.try_release()
    return rows


async def settle(run_pass: Callable[[], Awaitable[PassResult]]) -> None:
    """Passes until one finds nothing: the products synced less than `SETTLE_MS` after their
    `date_modified` second are synced once more by the next pass (an edit later in that second
    would look the same), so the quiet pass is measured after that."""
    await asyncio.sleep(SETTLE_MS / 1000)
    for _ in range(3):
        if (await run_pass()).found == 0:
            return


async def brand_renames(
    bench: Bench, settings: CatalogSyncSettings, namespace: str, samples: int, latency_ms: int
) -> list[float]:
    """catalog-sync at the default period; each sample renames a brand in A and waits for B."""
    await bench.faults(latency_ms=latency_ms)
    app = create_catalog_sync(settings, topology=Topology(namespace))
    times = []
    async with AsyncExitStack() as stack:
        await stack.enter_async_context(app.lifespan_context())
        await stack.enter_async_context(app)
        brands = sorted(await bench.table(A, "brands"), key=lambda b: b["id"])
        for turn in range(samples):
            brand = brands[turn % len(brands)]
            name = f"{brand['name']} {turn}"
            started = time.perf_counter()
            await bench.call("PUT", f"/brands/{brand['id']}", {"name": name})

            async def renamed(name: str = name) -> bool:
                return name in await bench.b_brands()

            await wait_until(renamed, timeout=4 * DEFAULT_PERIOD_S, interval=0.05)
            times.append(time.perf_counter() - started)
    await bench.faults()
    return times


async def image_reorders(
    bench: Bench, settings: CatalogSyncSettings, namespace: str, samples: int, latency_ms: int
) -> list[float]:
    """catalog-sync at the default period with a full compare every `REORDER_FULL_S`; each
    sample moves the image of a product in the middle of the catalog (no webhook, no
    `date_modified` move) and waits until B's image has the new sort order."""
    await bench.faults(latency_ms=latency_ms)
    hours = REORDER_FULL_S / 3600
    app = create_catalog_sync(
        settings.model_copy(update={"catalog_full_compare_hours": hours}),
        topology=Topology(namespace),
    )
    products = sorted(await bench.table(A, "products"), key=lambda p: p["id"])
    images = {i["product_id"]: i for i in await bench.table(A, "images")}
    times = []
    async with AsyncExitStack() as stack:
        await stack.enter_async_context(app.lifespan_context())
        await stack.enter_async_context(app)
        for turn in range(samples):
            product = products[len(products) // 2 + turn]
            image = images[product["id"]]
            order = 10 + turn
            started = time.perf_counter()
            path = f"/products/{product['id']}/images/{image['id']}"
            await bench.call("PUT", path, {"sort_order": order})

            async def moved(sku: str = product["sku"], order: int = order) -> bool:
                [theirs] = [p for p in await bench.table(B, "products") if p["sku"] == sku]
                found = [
                    i for i in await bench.table(B, "images") if i["product_id"] == theirs["id"]
                ]
                return [i["sort_order"] for i in found] == [order]

            await wait_until(moved, timeout=4 * REORDER_FULL_S + 120, interval=0.2)
            times.append(time.perf_counter() - started)
    await bench.faults()
    return times


async def run_benchmark(products: int, samples: int, latency_ms: int) -> dict[str, Any]:
    """The whole benchmark on a fresh sandbox, MongoDB database and broker namespace."""
    database = f"bench_reconcile_{uuid.uuid4().hex[:8]}"
    with stand_in() as mongodb_uri, broker() as amqp_url:
        uri = mongodb_uri.replace("/?", f"/{database}?") if "/?" in mongodb_uri else mongodb_uri
        client = make_client(uri)
        try:
            async with (
                bench_namespace(amqp_url) as namespace,
                sandbox_process(STORES, UNBOUNDED_QUOTA, 30_000) as admin,
            ):
                doc = fixture(products)
                for store in STORES:
                    url = f"/_sandbox/stores/{store}/fixture"
                    (await admin.post(url, json=doc)).raise_for_status()
                settings = settings_for(
                    CatalogSyncSettings,
                    str(admin.base_url),
                    uri,
                    namespace,
                    STORES,
                    amqp_url=amqp_url,
                    sync_period_in_secs=DEFAULT_PERIOD_S,
                )
                bench = Bench(admin)
                db = client[database]
                await ensure_indexes(db)
                rows: dict[str, Any] = await passes(bench, settings, db, samples, latency_ms)
                rows["brand rename -> B"] = await brand_renames(
                    bench, settings, namespace, samples, latency_ms
                )
                rows["image reorder -> B"] = await image_reorders(
                    bench, settings, namespace, samples, latency_ms
                )
        finally:
            await client.drop_database(database)
            await client.close()
    return rows


def render(rows: dict[str, Any], args: argparse.Namespace, loads: tuple[str, str]) -> str:
    lines = [
        f"reconcile pass, {args.products} products in A and B, {args.latency_ms} ms per API call, "
        f"medians of {args.samples} samples (range); load before {loads[0]}, after {loads[1]}",
        f"{'figure':32} {'API calls':>10} {'seconds':>18}",
    ]
    for name, samples in rows.items():
        if name.endswith("-> B"):
            calls, secs = "-", list(samples)
        else:
            calls = f"{statistics.median(c for c, _ in samples):.0f}"
            secs = [s for _, s in samples]
        span = f"{statistics.median(secs):.2f} ({min(secs):.2f}-{max(secs):.2f})"
        lines.append(f"{name:32} {calls:>10} {span:>18}")
    lines.append(f"brand rename: catalog-sync at SYNC_PERIOD_IN_SECS={DEFAULT_PERIOD_S}")
    lines.append(
        f"image reorder: the same, with a full compare every {REORDER_FULL_S} s "
        f"(CATALOG_FULL_COMPARE_HOURS={REORDER_FULL_S / 3600:.4f})"
    )
    return "\n".join(lines)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args()
    configure_logging("console", "warning", service="bench")
    logging.disable(logging.INFO)
    before = load()
    rows = asyncio.run(run_benchmark(args.products, args.samples, args.latency_ms))
    print(render(rows, args, (before, load())))


if __name__ == "__main__":
    main()
