"""Benchmark: does the janitor's purge slow the ingress's writes down?

    python -m tests.bench.bench_janitor [--runs 3] [--events 5000] [--batch 500] [--pause 0.2]

MongoDB: MONGODB_URI, else an nx-27017 stand-in started here (in memory). Each run seeds
`--events` processed events older than the retention, then measures the ingress's hot-path
write (`EventLog.record`, 4 concurrent writers, like concurrent webhooks) in three phases:
  baseline   - nothing else running (same run, same database size);
  batched    - while the janitor's purge runs (bounded batches, pause between them);
  one delete - while a single unbounded `delete_many` removes the same number of events
               (what the janitor avoids), for contrast.
Reports median over runs of p50 / p95 write latency (ms) per phase and the purge rate.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from typing import Any

from storebridge_janitor.purge import purge_processed
from storebridge_shared.events.envelope import EventEnvelope, new_event_id
from storebridge_shared.events.lifecycle import EventStatus
from storebridge_shared.store.client import make_client
from storebridge_shared.store.collections import EVENTS, ensure_indexes
from storebridge_shared.store.event_log import EventLog
from storebridge_shared.store.event_maintenance import EventMaintenance

WRITERS = 4


def envelope(received: datetime) -> EventEnvelope:
    return EventEnvelope(
        event_id=new_event_id(),
        store_hash="bench01",
        scope="store/product/updated",
        resource_type="product",
        resource_id="1",
        bc_hash=uuid.uuid4().hex,
        created_at=received,
        received_at=received,
        payload={"type": "product", "id": 1},
    )


async def seed(db: Any, count: int) -> None:
    old = datetime.now(UTC) - timedelta(days=30)
    for start in range(0, count, 500):
        docs = []
        for _ in range(min(500, count - start)):
            e = envelope(old)
            docs.append(
                {
                    "_id": e.event_id,
                    "store_hash": e.store_hash,
                    "bc_hash": e.bc_hash,
                    "scope": e.scope,
                    "routing_key": e.routing_key,
                    "status": EventStatus.PROCESSED.value,
                    "received_at": e.received_at,
                    "envelope": e.model_dump(mode="python"),
                }
            )
        await db[EVENTS].insert_many(docs, ordered=False)


async def writes_during(
    event_log: EventLog, work: Callable[[], Awaitable[Any]] | None, minimum: int = 200
) -> tuple[list[float], float]:
    """Record events with WRITERS concurrent writers until `work` is done (or `minimum` writes)."""
    latencies: list[float] = []
    done = asyncio.Event()

    async def writer() -> None:
        while not done.is_set() or len(latencies) < minimum:
            started = time.perf_counter()
            await event_log.record(envelope(datetime.now(UTC)))
            latencies.append((time.perf_counter() - started) * 1000)
            if work is None and len(latencies) >= minimum:
                done.set()

    started = time.perf_counter()
    writers = [asyncio.create_task(writer()) for _ in range(WRITERS)]
    if work is not None:
        await work()
        done.set()
    elapsed = time.perf_counter() - started
    await asyncio.gather(*writers)
    return latencies, elapsed


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def one_run(uri: str, events: int, batch: int, pause: float) -> dict[str, float]:
    client = make_client(uri)
    name = f"bench_janitor_{uuid.uuid4().hex[:8]}"
    db = client[name]
    await ensure_indexes(db)
    event_log = EventLog(db)
    store = EventMaintenance(db)
    cutoff = datetime.now(UTC) - timedelta(days=7)
    figures: dict[str, float] = {}
    try:
        await seed(db, events)
        base, _ = await writes_during(event_log, None)

        async def batched() -> None:
            deleted = await purge_processed(
                store, received_before=cutoff, batch_size=batch, pause_secs=pause, keep_going=_yes
            )
            figures["purged"] = deleted

        during, purge_secs = await writes_during(event_log, batched)
        await seed(db, events)

        async def unbounded() -> None:
            await db[EVENTS].delete_many(
                {"status": EventStatus.PROCESSED.value, "received_at": {"$lt": cutoff}}
            )

        single, single_secs = await writes_during(event_log, unbounded)
        figures |= {
            "base_p50": pct(base, 0.5),
            "base_p95": pct(base, 0.95),
            "batched_p50": pct(during, 0.5),
            "batched_p95": pct(during, 0.95),
            "single_p50": pct(single, 0.5),
            "single_p95": pct(single, 0.95),
            "purge_rate": figures["purged"] / purge_secs,
            "single_rate": events / single_secs,
        }
    finally:
        await event_log.close()
        await client.drop_database(name)
        await client.close()
    return figures


async def _yes() -> bool:
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--pause", type=float, default=0.2)
    args = parser.parse_args()
    with ExitStack() as stack:
        uri = os.environ.get("MONGODB_URI")
        backend = "MONGODB_URI"
        if not uri:
            from storebridge_shared.testing.mongodb import stand_in

            uri, backend = stack.enter_context(stand_in()), "nx-27017 stand-in (memory)"
        runs = [
            asyncio.run(one_run(uri, args.events, args.batch, args.pause)) for _ in range(args.runs)
        ]
    med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    print(f"janitor purge vs ingress writes: {backend}, {args.events} old processed events,")
    print(
        f"batch {args.batch}, pause {args.pause} s, {WRITERS} writers, median of {args.runs} runs"
    )
    print("| phase | write p50 ms | write p95 ms | purge events/s |")
    print("|---|---|---|---|")
    print(f"| baseline (no purge) | {med['base_p50']:.1f} | {med['base_p95']:.1f} | - |")
    print(
        f"| janitor purge (batched) | {med['batched_p50']:.1f} | {med['batched_p95']:.1f} "
        f"| {med['purge_rate']:.0f} |"
    )
    print(
        f"| one unbounded delete_many | {med['single_p50']:.1f} | {med['single_p95']:.1f} "
        f"| {med['single_rate']:.0f} |"
    )


if __name__ == "__main__":
    main()
