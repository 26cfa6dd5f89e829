"""Console page render time with a big database: the activity register and the event-log
search, with 100,000 events and 1,000 runs stored.

`python -m tests.bench.bench_console [--events 100000 --runs-stored 1000 --runs 3
--requests 100]`

One database is loaded once (MONGODB_URI, else an nx-27017 stand-in in memory): `--events`
events of store A over the last 7 days (product, SKU, category and order scopes, a quarter
processed), through the event log's own insert; `--runs-stored` hourly runs over 4 destinations
through the register's own store. A console is served in this process (its indexes made as in
production) and logged in; each run then asks, one at a time, `--requests` times each: the
register (`/runs`: 19 runs per destination), the event-log search of the last 24 h of product
scopes (the first page, 50 of ~5,700, shown) and of every scope (`*`), and, as the same run's
baseline, `/healthz` (the same server and middlewares, no query). Reported per page: p50 and p95
in ms, median over the runs, with each run's 1-minute load average. The target (issue 12) is a
p95 under 200 ms; figures are measured, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from storebridge_console.settings import ConsoleSettings
from storebridge_shared.events.envelope import EventEnvelope, new_event_id
from storebridge_shared.ops.logs import configure_logging
from storebridge_shared.records.activity import HOUR_MS
from storebridge_shared.store.client import make_client
from storebridge_shared.store.collections import ensure_indexes
from storebridge_shared.store.event_log import EventLog
from storebridge_shared.store.register import RunStore
from tests.bench.common import bench_namespace, broker, mongodb, settings_for
from tests.support.console import PASSWORD, running_console
from tests.support.settings import values_of

A = "abc123"
DESTINATIONS = ("B", "C", "D", "E")
SCOPES = (
    ("store/product/updated", "product"),
    ("store/sku/updated", "sku"),
    ("store/category/updated", "category"),
    ("store/order/created", "order"),
    ("store/order/statusUpdated", "order"),
)
PAGES = {
    "baseline /healthz": ("/healthz", {}),
    "register /runs": ("/runs", {}),
    "event log, product scopes, 24 h": (
        "/events",
        {"store": A, "scope": "store/product/*,store/sku/*", "since": "24h"},
    ),
    "event log, every scope, 24 h": ("/events", {"store": A, "scope": "*", "since": "24h"}),
}


def event(now: datetime, rng: random.Random) -> EventEnvelope:
    """One event of store A received in the last 7 days."""
    received = now - timedelta(seconds=rng.uniform(0, 7 * 86400))
    scope, kind = rng.choice(SCOPES)
    ident = rng.randint(1, 5000)
    payload: dict[str, Any] = {"type": kind, "id": ident}
    if kind == "sku":
        payload["sku"] = {"product_id": rng.randint(1, 5000), "variant_id": ident}
    return EventEnvelope(
        event_id=new_event_id(received),
        store_hash=A,
        scope=scope,
        resource_type=kind,
        resource_id=str(ident),
        bc_hash=uuid.uuid4().hex,
        created_at=received,
        received_at=received,
        payload=payload,
    )


async def load_events(db: Any, count: int) -> None:
    rng, now, log = random.Random(12), datetime.now(UTC), EventLog(db, max_batch=1000)
    for start in range(0, count, 5000):
        batch = [event(now, rng) for _ in range(min(5000, count - start))]
        await asyncio.gather(*(log.record(e) for e in batch))
        ids = [e.event_id for e in batch[: len(batch) // 4]]
        await db.events.update_many({"_id": {"$in": ids}}, {"$set": {"status": "processed"}})
    await log.close()


async def load_runs(db: Any, count: int) -> None:
    runs, hour = RunStore(db), int(time.time() * 1000) // HOUR_MS * HOUR_MS
    for index in range(count):
        destination = DESTINATIONS[index % len(DESTINATIONS)]
        at = hour - (index // len(DESTINATIONS)) * HOUR_MS + 1000
        counts = {"created": index % 3, "updated": index % 7, "failed": index % 11 == 0}
        await runs.add_to_hour("events", destination, counts, at_ms=at, api_calls=index % 13)


def percentile(samples: Sequence[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def measure(http: httpx.AsyncClient, requests: int) -> dict[str, float]:
    """p50 and p95 (ms) of each page, `requests` sequential asks after 3 warm-up ones."""
    figures: dict[str, float] = {}
    for name, (path, params) in PAGES.items():
        for _ in range(3):
            assert (await http.get(path, params=params)).status_code == 200
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            answer = await http.get(path, params=params)
            times.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, (path, answer.status_code)
        figures[f"{name} p50"] = statistics.median(times)
        figures[f"{name} p95"] = percentile(times, 0.95)
    return figures


async def bench(uri_base: str, amqp_url: str, args: argparse.Namespace) -> None:
    database = f"bench_{uuid.uuid4().hex[:8]}"
    uri = uri_base.split("?")[0].rstrip("/") + f"/{database}?" + uri_base.partition("?")[2]
    client = make_client(uri)
    db = client[database]
    try:
        await ensure_indexes(db)
        started = time.perf_counter()
        await load_events(db, args.events)
        await load_runs(db, args.runs_stored)
        loaded = time.perf_counter() - started
        async with bench_namespace(amqp_url) as namespace:
            settings = settings_for(
                ConsoleSettings,
                "http://127.0.0.1:9",
                uri,
                namespace,
                {A: "tok-a"},
                amqp_url=amqp_url,
                console_password=PASSWORD,
                mongodb_timeout_ms=30_000,
            )
            async with running_console(**values_of(settings)) as console:
                assert (await console.log_in()).status_code == 303
                results = []
                for _ in range(args.runs):
                    load = os.getloadavg()[0]
                    results.append(await measure(console.http, args.requests) | {"load": load})
    finally:
        await client.drop_database(database)
        await client.close()
    report(args, results, loaded)


def report(args: argparse.Namespace, results: list[dict[str, float]], loaded: float) -> None:
    backend = "MONGODB_URI" if os.environ.get("MONGODB_URI") else "nx-27017 stand-in (memory)"
    loads = ", ".join(f"{r['load']:.1f}" for r in results)
    print(
        f"console pages: {backend}, {args.events} events and {args.runs_stored} runs stored "
        f"(loaded in {loaded:.0f} s), {args.requests} sequential requests per page per run, "
        f"median of {args.runs} runs (1-min load at each run's start {loads})"
    )
    print("| page | p50 ms | p95 ms | p95 per run |")
    print("|---|---|---|---|")
    for name in PAGES:
        p50 = statistics.median(r[f"{name} p50"] for r in results)
        p95 = statistics.median(r[f"{name} p95"] for r in results)
        per_run = ", ".join(f"{r[f'{name} p95']:.0f}" for r in results)
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {per_run} |")


def main() -> None:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs-stored", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    configure_logging("console", "warning")
    with mongodb() as uri, broker() as amqp_url:
        asyncio.run(bench(uri, amqp_url, args))


if __name__ == "__main__":
    main()
