"""Order replicator throughput: N orders checked out in the sandbox, 50 ms per API call; then
what keeping the stored copies current costs.

`python -m tests.bench.bench_orders [--orders 500 --runs 3 --latency-ms 50 --cap 3
--quota 3000 --window-ms 30000 --refreshes 100]`

Per run: a fresh sandbox store, ingress (hooks registered by `sync_all_hooks`), RabbitMQ
namespace and MongoDB database. The orders are checked out first (their webhooks queue in
RabbitMQ), then the API latency is switched on, stats are zeroed and the replicator starts; the
clock runs from the first order the replicator claimed until every order is `replicated` in
MongoDB (stored and moved on), so the app's start-up is not counted. Baseline, same
run: one bare GET through httpx against the same latency. The bound the cap allows is
cap / (calls per order x seconds per call); the quota allows Q / W / calls per order. Calls per
order are counted once every webhook is handled (the echo of our own status update included).
Then a merchant edits `--refreshes` of the orders (a note: `store/order/updated`), then ships
them (`updated` + `statusUpdated`): calls per edit, per status change, status PUTs added.
Medians over the runs; figures are measured, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
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
from tests.bench.common import bench_namespace, broker, mongodb, serving_ingress, settings_for
from tests.support.waiting import wait_until

Figures = dict[str, float]
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


async def all_handled(db: Any, count: int) -> None:
    """Poll MongoDB until `count` webhook events are processed."""

    async def handled() -> bool:
        return int(await db.events.count_documents({"status": "processed"})) >= count

    await wait_until(handled, timeout=600, interval=0.1)


async def merchant_edits(
    sandbox: RunningSandbox, db: Any, count: int, edit: Any, events: int
) -> float:
    """`edit(order_id)` on `count` replicated orders; API calls per edit once its `events`
    webhooks per order are handled."""
    docs = [doc async for doc in db.orders.find({}, {"order_id": 1, "own_update_s": 1})]
    ids = [int(doc["order_id"]) for doc in docs[:count]]
    newest = max(int(doc.get("own_update_s") or 0) for doc in docs)

    async def past_our_puts() -> bool:  # an edit in the second of our own PUT is its echo
        return time.time() >= newest + 1

    await wait_until(past_our_puts, timeout=5)
    handled = await db.events.count_documents({"status": "processed"})
    await sandbox.clear_stats(A)
    semaphore = asyncio.Semaphore(8)

    async def one(order_id: int) -> None:
        async with semaphore:
            await edit(order_id)

    await asyncio.gather(*(one(order_id) for order_id in ids))
    await all_handled(db, handled + events * len(ids))
    return int((await sandbox.stats(A))["total_calls"]) / len(ids)


async def refresh_costs(sandbox: RunningSandbox, db: Any, count: int) -> dict[str, float]:
    """Calls per note edit and per status change of a replicated order; PUTs they added."""
    puts = await db.order_status_updates.count_documents({})

    async def note(order_id: int) -> None:
        await sandbox.update_order(order_id, {"staff_notes": f"bench {order_id}"}, A)

    async def ship(order_id: int) -> None:
        await sandbox.update_order_status(order_id, 2, A)

    return {
        "calls_per_edit": await merchant_edits(sandbox, db, count, note, 1),
        "calls_per_status_change": await merchant_edits(sandbox, db, count, ship, 2),
        "puts_added_by_refreshes": await db.order_status_updates.count_documents({}) - puts,
    }


async def checkout_all(sandbox: RunningSandbox, count: int) -> None:
    semaphore = asyncio.Semaphore(8)

    async def one(i: int) -> None:
        async with semaphore:
            product = PRODUCTS[i % len(PRODUCTS)]
            await sandbox.checkout([{"product_id": product, "quantity": 1}], A)

    await asyncio.gather(*(one(i) for i in range(count)))


@dataclass(frozen=True)
class OrderStack:
    """One run's sandbox store, its database and the settings of a replicator for them."""

    sandbox: RunningSandbox
    db: Any
    settings: OrderReplicatorSettings
    topology: Topology


@contextlib.asynccontextmanager
async def order_stack(
    uri_base: str, amqp: str, args: argparse.Namespace, **replicator: Any
) -> AsyncIterator[OrderStack]:
    """A fresh sandbox store with the run's quota, an ingress its hooks point at, a RabbitMQ
    namespace and a MongoDB database (dropped after)."""
    database = f"bench_orders_{uuid.uuid4().hex[:8]}"
    uri = uri_base.replace("/?", f"/{database}?") if "/?" in uri_base else uri_base
    config = SandboxConfig(
        stores=[StoreConfig.from_spec(f"{A}:tok-a")],
        webhook_time_compression=1e6,
        rate_limit_quota=args.quota,
        rate_limit_window_ms=args.window_ms,
    )
    client = make_client(uri)
    try:
        async with bench_namespace(amqp) as namespace, running_sandbox(config) as sandbox:
            base = settings_for(IngressSettings, sandbox.url, uri, namespace, STORES, amqp_url=amqp)
            async with serving_ingress(base, wait_for_broker=True) as url:
                hooks = settings_for(
                    HooksSettings, sandbox.url, uri, namespace, STORES, app_url=url
                )
                await sync_all_hooks(hooks)
                settings = settings_for(
                    OrderReplicatorSettings,
                    sandbox.url,
                    uri,
                    namespace,
                    STORES,
                    amqp_url=amqp,
                    **replicator,
                )
                yield OrderStack(sandbox, client[database], settings, Topology(namespace))
    finally:
        await client.drop_database(database)
        await client.close()


async def one_run(uri_base: str, amqp: str, args: argparse.Namespace) -> Figures:
    replicator = {"order_store_concurrency": args.cap, "consumer_prefetch": args.prefetch}
    async with order_stack(uri_base, amqp, args, **replicator) as stack:
        sandbox, db = stack.sandbox, stack.db
        await checkout_all(sandbox, args.orders)
        await sandbox.wait_for_deliveries(
            args.orders, A, timeout=120, scope="store/cart/converted", outcome="delivered"
        )
        await sandbox.set_faults(A, latency_ms=args.latency_ms)
        per_call = await bare_call(sandbox)
        await sandbox.clear_stats(A)
        async with running(stack.settings, topology=stack.topology, poll=False):
            await all_replicated(db, args.orders)
            finished_ms = time.time() * 1000
            await all_handled(db, 4 * args.orders)  # created, converted, our PUT's echo
            calls = (await sandbox.stats(A))["total_calls"]
            puts = await db.order_status_updates.count_documents({})
            refreshes = await refresh_costs(sandbox, db, args.refreshes)
        first = await db.orders.find_one({}, sort=[("first_seen_ms", 1)])
        elapsed = (finished_ms - first["first_seen_ms"]) / 1000
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
        **refreshes,
    }


async def runs_and_medians(
    args: argparse.Namespace, one: Callable[[str, str, argparse.Namespace], Awaitable[Figures]]
) -> None:
    """`args.runs` runs of `one(mongodb_uri, amqp_url, args)`, each printed, then the medians."""
    configure_logging("console", "warning")
    results = []
    with mongodb() as uri, broker() as amqp:
        for run in range(args.runs):
            result = await one(uri, amqp, args)
            print(f"run {run + 1}: " + ", ".join(f"{k}={v:.3f}" for k, v in result.items()))
            results.append(result)
    print("\n" + " ".join(f"{key}={value}" for key, value in vars(args).items()))
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
    parser.add_argument("--refreshes", type=int, default=100)
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(runs_and_medians(parse(), one_run))
