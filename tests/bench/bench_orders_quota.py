"""Orders per minute at a Standard plan's quota (150 requests per 30 s), with the webhooks and a
poll running together.

`python -m tests.bench.bench_orders_quota [--orders 300 --runs 3 --latency-ms 50 --quota 150
--window-ms 30000 --poll-every-s 20]`

Per run: a fresh sandbox store with the plan's quota (its X-Rate-Limit-* headers pace the
client), ingress, hooks, RabbitMQ namespace and MongoDB database. The replicator starts first,
with its poll loop (a store never polled is polled at once); while shoppers check out `--orders`
orders (8 at a time, each order's webhooks delivered as it comes), a second poller polls the
store every `--poll-every-s`. The clock runs from the first checkout until every order is
replicated. Bound: Q / W / calls per order (the last quota window is partly used, so a run of
k windows can exceed it by up to 1/k). Medians over the runs; measured, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import time

from storebridge_order_replicator.app import OrderReplicatorService, running
from tests.bench.bench_orders import (
    A,
    Figures,
    all_handled,
    all_replicated,
    checkout_all,
    order_stack,
    runs_and_medians,
)


async def poll_every(service: OrderReplicatorService, seconds: float) -> int:
    """A second poller beside the service's own loop; how many polls it ran (until cancelled)."""
    assert service.backstop is not None
    polls = 0
    with contextlib.suppress(asyncio.CancelledError):
        while True:
            await asyncio.sleep(seconds)
            polls += len(await service.backstop.poll_all())
    return polls


async def one_run(uri_base: str, amqp: str, args: argparse.Namespace) -> Figures:
    async with order_stack(uri_base, amqp, args) as stack:
        sandbox, db = stack.sandbox, stack.db
        await sandbox.set_faults(A, latency_ms=args.latency_ms)
        await sandbox.clear_stats(A)
        async with running(stack.settings, topology=stack.topology) as service:
            poller = asyncio.create_task(poll_every(service, args.poll_every_s))
            started = time.monotonic()
            await checkout_all(sandbox, args.orders)
            await all_replicated(db, args.orders)
            elapsed = time.monotonic() - started
            poller.cancel()
            extra_polls = await poller
            await all_handled(db, 4 * args.orders)
            stats = await sandbox.stats(A)
        puts = await db.order_status_updates.count_documents({})
    calls = int(stats["total_calls"])
    listing = int(stats["calls"].get("GET /v2/orders", 0))
    calls_per_order = calls / args.orders
    bound = args.quota / (args.window_ms / 1000) / calls_per_order * 60
    rate = args.orders / elapsed * 60
    return {
        "seconds": elapsed,
        "orders_per_min": rate,
        "calls_per_order": calls_per_order,
        "poll_listing_calls": listing,
        "extra_polls": extra_polls,
        "answered_429": int(stats["rate_limited"]),
        "status_puts_per_order": puts / args.orders,
        "quota_windows": len(stats["served_per_window"]),
        "bound_orders_per_min": bound,
        "share_of_bound": rate / bound,
    }


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--quota", type=int, default=150)
    parser.add_argument("--window-ms", type=int, default=30000)
    parser.add_argument("--poll-every-s", type=float, default=20.0)
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(runs_and_medians(parse(), one_run))
