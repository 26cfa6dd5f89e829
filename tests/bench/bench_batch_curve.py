"""The event log's group-commit curve: CPU per event against the insert batch size.

    python -m tests.bench.bench_batch_curve [--runs 3] [--sizes 1,2,5,10,20,50,100]

For each batch size, events are written as the ingress writes them (`insert_many` of the batch,
then the `published` mark of the same ids in one `update_many`) into an event log with the
production indexes. Reported per event: the MongoDB server's CPU (from /proc, the stand-in
unless `MONGODB_URI` is set) and this client's (PyMongo), and the wall time of one
insert + mark round trip pair. The ingress's insert batches are as large as the arrivals during
one round trip (`bench_ingress` prints their mean size): this curve shows what a size costs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from pymongo import AsyncMongoClient

from storebridge_shared.store.collections import ensure_indexes
from tests.bench.bench_ingress import load_note
from tests.bench.common import mongodb
from tests.bench.cpu import cpu_seconds, stand_in_pids


def event_document(event_id: str, number: int) -> dict[str, Any]:
    """An event log document as the ingress stores it (received now, state `received`)."""
    now = datetime.now(UTC)
    return {
        "_id": event_id,
        "store_hash": "bench1",
        "bc_hash": event_id,
        "scope": "store/product/updated",
        "routing_key": "bench1.product.updated",
        "subject": f"product:{number}",
        "status": "received",
        "received_at": now,
        "received_ms": int(now.timestamp() * 1000),
        "envelope": {"event_id": event_id, "data": {"type": "product", "id": number}},
    }


async def _curve(uri: str, server_pids: list[int], args: argparse.Namespace) -> list[str]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(uri, w="majority", journal=True)
    database = client[f"curve_{uuid.uuid4().hex[:8]}"]
    await ensure_indexes(database)
    events, number, lines = database.events, 0, []
    try:
        for size in args.sizes:
            server, own, wall = [], [], []
            for _ in range(args.runs):
                total = max(args.events // size, 20) * size
                server_before = sum(cpu_seconds(pid) for pid in server_pids)
                own_before, started = time.process_time(), time.perf_counter()
                for _ in range(total // size):
                    batch = [event_document(f"{number + i:016d}", number + i) for i in range(size)]
                    number += size
                    await events.insert_many(batch, ordered=False)
                    await events.update_many(
                        {"_id": {"$in": [e["_id"] for e in batch]}, "status": {"$eq": "received"}},
                        {"$set": {"status": "published"}, "$currentDate": {"published_at": True}},
                    )
                elapsed = time.perf_counter() - started
                server_after = sum(cpu_seconds(pid) for pid in server_pids)
                server.append((server_after - server_before) / total * 1e6)
                own.append((time.process_time() - own_before) / total * 1e6)
                wall.append(elapsed / (total // size) * 1e3)
            lines.append(
                f"batch {size:4d}: server {statistics.median(server):6.0f} µs/event, "
                f"client {statistics.median(own):5.0f} µs/event, "
                f"insert + mark {statistics.median(wall):6.2f} ms"
            )
    finally:
        await client.drop_database(database.name)
        await client.close()
    return lines


def main() -> None:
    """Entry point."""
    options = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    options.add_argument("--runs", type=int, default=3)
    options.add_argument("--events", type=int, default=2000, help="events per run and size")
    options.add_argument(
        "--sizes",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1, 2, 5, 10, 20, 50, 100],
    )
    args = options.parse_args()
    print(load_note("before"), flush=True)
    with mongodb() as uri:
        pids = stand_in_pids(uri) if "MONGODB_URI" not in os.environ else []
        lines = asyncio.run(_curve(uri, pids, args))
    print("\n".join(lines))
    print(load_note("after"), flush=True)


if __name__ == "__main__":
    main()
