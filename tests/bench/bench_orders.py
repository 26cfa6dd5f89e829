"""Order replicator throughput: N orders checked out in the sandbox, 50 ms per API call.

`python -m tests.bench.bench_orders [--orders 500 --runs 3 --latency-ms 50 --cap 3
--quota 3000 --window-ms 30000]`

Per run: a fresh sandbox store, ingress (hooks registered by `sync_all_hooks`), RabbitMQ
namespace and MongoDB database. The orders are checked out first (their webhooks queue in
RabbitMQ), then the API latency is switched on, stats are zeroed and the replicator starts; the
clock runs from the first order the replicator claimed until every order is `replicated` in
MongoDB (stored and moved on), so the app's start-up is not counted. Baseline, same
run: one bare GET through httpx against the same latency. The bound the cap allows is
cap / (calls per order x seconds per call); the quota allows Q / W / calls per order.
Medians over the runs; figures are measured, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from typing import Any

from storebridge_ingress.settings import HooksSettings, IngressSettings
from storebridge_order_replicator.app import running
from storebridge_order_replicator.settings import OrderReplicatorSettings
from storebridge_sandbox.config import SandboxConfig, StoreConfig
from storebridge_sandbox.testing import RunningSandbox, running_sandbox
from storebridge_shared.broker.topology import Topology
from storebridge_shared.hooks.sync import sync_all_hooks
from storebridge_shared.ops.logs import configure_logging
from storebridge_shared.store.client import make_client
from tests.bench.common import mongodb, serving_ingress, settings_for

A = "abc123"
STORES = {A: "tok-a"}
PRODUCTS = (77, 79, 81, 86, 88)


async def bare_call(sandbox: RunningSandbox, samples: int = 20) -> float:
    async with sandbox.api_client(A) as api:
        times = []
        for _ in range(samples):
            started = time.perf_counter()
            await api.get("/v2/orders/100")
            times.append(time.perf_counter() - started)
    return statistics.median(times)


async def all_replicated(db: Any, count: int) -> None:
    """Poll MongoDB every 100 ms until `count` orders are replicated."""
    done = asyncio.Event()
    while not done.is_set():
        if await db.orders.count_documents({"state": "replicated"}) >= count:
            done.set()
        else:
            await asyncio.sleep(0.1)


async def checkout_all(sandbox: RunningSandbox, count: int) -> None:
    semaphore = asyncio.Semaphore(8)

    async def one(i: int) -> None:
        async with semaphore:
            product = PRODUCTS[i % len(PRODUCTS)]
            await sandbox.checkout([{"product_id": product, "quantity": 1}], A)

    await asyncio.gather(*(one(i) for i in range(count)))


async def one_run(uri_base: str, args: argparse.Namespace) -> dict[str, float]:
    namespace = f"bench-{uuid.uuid4().hex[:8]}"
    database = f"bench_orders_{uuid.uuid4().hex[:8]}"
    uri = uri_base.replace("/?", f"/{database}?") if "/?" in uri_base else uri_base
    config = SandboxConfig(
        stores=[StoreConfig.from_spec(f"{A}:tok-a")],
        webhook_time_compression=1e6,
        rate_limit_quota=args.quota,
        rate_limit_window_ms=args.window_ms,
    )
    client = make_client(uri)
    async with running_sandbox(config) as sandbox:
        base = settings_for(IngressSettings, sandbox.url, uri, namespace, STORES)
        async with serving_ingress(base, wait_for_broker=True) as url:
            hooks = settings_for(HooksSettings, sandbox.url, uri, namespace, STORES, app_url=url)
            await sync_all_hooks(hooks)
            settings = settings_for(
                OrderReplicatorSettings,
                sandbox.url,
                uri,
                namespace,
                STORES,
                order_store_concurrency=args.cap,
                consumer_prefetch=args.prefetch,
            )
            db = client[database]
            await checkout_all(sandbox, args.orders)
            await sandbox.wait_for_deliveries(
                args.orders, A, timeout=120, scope="store/cart/converted", outcome="delivered"
            )
            await sandbox.set_faults(A, latency_ms=args.latency_ms)
            per_call = await bare_call(sandbox)
            await sandbox.clear_stats(A)
            async with running(settings, topology=Topology(namespace), poll=False):
                await all_replicated(db, args.orders)
                finished_ms = time.time() * 1000
            first = await db.orders.find_one({}, sort=[("first_seen_ms", 1)])
            elapsed = (finished_ms - first["first_seen_ms"]) / 1000
            calls = (await sandbox.stats(A))["total_calls"]
            puts = await db.order_status_updates.count_documents({})
    await client.drop_database(database)
    await client.close()
    calls_per_order = calls / args.orders
    rate = args.orders / elapsed
    cap_bound = args.cap / (calls_per_order * per_call)
    quota_bound = args.quota / (args.window_ms / 1000) / calls_per_order
    return {
        "seconds": elapsed,
        "orders_per_min": rate * 60,
        "calls_per_order": calls_per_order,
        "status_puts_per_order": puts / args.orders,
        "bare_call_ms": per_call * 1000,
        "bound_orders_per_s": min(cap_bound, quota_bound),
        "share_of_bound": rate / min(cap_bound, quota_bound),
    }


async def main(args: argparse.Namespace) -> None:
    configure_logging("console", "warning")
    results = []
    with mongodb() as uri:
        for run in range(args.runs):
            result = await one_run(uri, args)
            print(f"run {run + 1}: " + ", ".join(f"{k}={v:.3f}" for k, v in result.items()))
            results.append(result)
    print(
        f"\norders={args.orders} latency={args.latency_ms} ms cap={args.cap} "
        f"quota={args.quota}/{args.window_ms} ms prefetch={args.prefetch} runs={args.runs}"
    )
    print(f"{'figure':24} {'median':>10}")
    for key in results[0]:
        print(f"{key:24} {statistics.median(r[key] for r in results):10.3f}")


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--cap", type=int, default=3)
    parser.add_argument("--prefetch", type=int, default=20)
    parser.add_argument("--quota", type=int, default=3000)
    parser.add_argument("--window-ms", type=int, default=30000)
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse()))
