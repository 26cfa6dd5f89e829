"""The floor under the ingress's steady latency: its two durable round trips, without HTTP.

    python -m tests.bench.bench_durable_floor [--runs 3] [--rate 200] [--secs 10]

An open loop at `--rate` per second for `--secs` (latency from each operation's scheduled time,
as `bench_ingress`'s steady phase), three ways, each with its own database and broker namespace
(deleted afterwards):
- insert: one event document inserted with the ingress's write concern (w=majority, j=true)
  into an event log with the production indexes (the stand-in unless MONGODB_URI is set);
- confirm: one persistent message published with publisher confirms, mandatory, to a quorum
  queue through aio-pika (the ingress's publish);
- insert then confirm: both in sequence, which is what the ingress waits for before its 200.
Medians over runs of p50 / p99. The ingress's steady p99 cannot be below the third line's: what
it adds on top is HTTP (the bare server's steady p99 in `bench_ingress`) and its own CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import aio_pika
from pymongo import AsyncMongoClient

from storebridge_shared.store.collections import ensure_indexes
from tests.bench.bench_batch_curve import event_document
from tests.bench.bench_ingress import load_note
from tests.bench.common import AMQP_URL, mongodb

Operation = Callable[[int], Awaitable[None]]


async def open_loop(operation: Operation, rate: float, seconds: float) -> list[float]:
    """Latencies (ms, from the scheduled time) of `rate * seconds` operations."""
    latencies: list[float] = []

    async def one(number: int, scheduled: float) -> None:
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await operation(number)
        latencies.append((time.perf_counter() - scheduled) * 1000)

    start = time.perf_counter() + 0.2
    count = int(rate * seconds)
    await asyncio.gather(*(one(n, start + n / rate) for n in range(count)))
    return sorted(latencies)


def _percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))]


async def _measure(uri: str, args: argparse.Namespace) -> dict[str, list[tuple[float, float]]]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(uri, w="majority", journal=True)
    database = client[f"floor_{uuid.uuid4().hex[:8]}"]
    await ensure_indexes(database)
    connection = await aio_pika.connect(AMQP_URL)
    channel = await connection.channel(publisher_confirms=True)
    queue_name = f"t-floor-{uuid.uuid4().hex[:8]}"
    queue = await channel.declare_queue(
        queue_name, durable=True, arguments={"x-queue-type": "quorum"}
    )
    body = b'{"event_id": "x", "payload": {"type": "product", "id": 1}}'.ljust(600, b" ")
    figures: dict[str, list[tuple[float, float]]] = {"insert": [], "confirm": [], "both": []}
    try:
        for _ in range(args.runs):
            run = uuid.uuid4().hex[:8]

            async def insert(number: int, run: str = run) -> None:
                await database.events.insert_one(event_document(f"{run}{number:010d}", number))

            async def confirm(number: int) -> None:
                message = aio_pika.Message(
                    body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT, message_id=str(number)
                )
                await channel.default_exchange.publish(
                    message, routing_key=queue_name, mandatory=True
                )

            async def both(number: int, run: str = run) -> None:
                await insert(number + 10_000_000, run)
                await confirm(number)

            for name, operation in (("insert", insert), ("confirm", confirm), ("both", both)):
                latencies = await open_loop(operation, args.rate, args.secs)
                figures[name].append((_percentile(latencies, 0.5), _percentile(latencies, 0.99)))
            await queue.purge()
    finally:
        await queue.delete(if_unused=False, if_empty=False)
        await connection.close()
        await client.drop_database(database.name)
        await client.close()
    return figures


def main() -> None:
    """Entry point."""
    options = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    options.add_argument("--runs", type=int, default=3)
    options.add_argument("--rate", type=float, default=200.0)
    options.add_argument("--secs", type=float, default=10.0)
    args = options.parse_args()
    print(load_note("before"), flush=True)
    with mongodb() as uri:
        figures = asyncio.run(_measure(uri, args))
    print(load_note("after"), flush=True)
    labels = {"insert": "insert", "confirm": "confirm", "both": "insert then confirm"}
    print(
        f"{'at a steady ' + format(args.rate, 'g') + '/s':24} {'p50 ms':>8} {'p99 ms':>8}  runs (p99)"
    )
    for name, runs in figures.items():
        p50 = statistics.median(r[0] for r in runs)
        p99 = statistics.median(r[1] for r in runs)
        each = ", ".join(f"{r[1]:.1f}" for r in runs)
        print(f"{labels[name]:24} {p50:8.2f} {p99:8.2f}  {each}")


if __name__ == "__main__":
    main()
