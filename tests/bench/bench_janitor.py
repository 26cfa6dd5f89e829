"""Benchmark: does the janitor's purge slow the ingress down? Measured through the HTTP ingress.

    python -m tests.bench.bench_janitor [--runs 3] [--events 20000] [--rate 300] [--secs 20]
                                        [--batch 500] [--duty 0.1]

MongoDB: MONGODB_URI, else an nx-27017 stand-in started here (in memory); RabbitMQ: AMQP_URL,
else 127.0.0.1:5672. The ingress runs as its own process (`python -m storebridge_ingress`); an
open-loop load of `--rate` webhooks/s is sent to it (latency from each request's scheduled time,
so a stall is counted in full). Each run seeds `--events` processed events older than the
retention (received at `--rate` per second, ending an hour past the retention), then three phases
under the same load:
  baseline   - no purge, `--secs` seconds;
  purge      - the janitor's purge (`purge_processed`: `_id` range deletes, duty cycle `--duty`)
               from start to end, and at least `--secs`;
  before     - after seeding again, the purge as it was before issue 14 (a bounded find of ids on
               (status, received_at), one delete by id, a fixed 0.2 s pause), for contrast.
The database holds a purge state as a running janitor leaves it (no random ids left), so the
purge measured is a periodic one. Reports the medians over runs of p50 / p99 (ms), the p99 ratio
to the same run's baseline, the requests that failed, and how long each purge took.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp

from storebridge_janitor.purge import Pacing, purge_processed
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.event_ids import new_event_id
from storebridge_shared.events.lifecycle import EventStatus, PurgeState
from storebridge_shared.store.client import make_client
from storebridge_shared.store.collections import EVENTS, ensure_indexes
from storebridge_shared.store.event_maintenance import EventMaintenance
from storebridge_shared.testing.mongodb import free_port, stand_in
from tests.bench.bench_ingress import AMQP_URL, HEADERS, SECRET, STORE, Phase, body, server

RETENTION = timedelta(days=7)


class TimedStore(EventMaintenance):
    """The real store, timing each range delete (what the duty cycle paces)."""

    deletes: list[tuple[int, float]]

    async def delete_range(self, low: str, high: str, received_before: datetime) -> int:
        started = time.perf_counter()
        deleted = await super().delete_range(low, high, received_before)
        self.deletes.append((deleted, time.perf_counter() - started))
        return deleted


def old_document(received: datetime) -> dict[str, Any]:
    """An event-log document of a processed event received at `received`."""
    envelope = EventEnvelope(
        event_id=new_event_id(received),
        store_hash=STORE,
        scope="store/product/updated",
        resource_type="product",
        resource_id="1",
        bc_hash=uuid.uuid4().hex,
        created_at=received,
        received_at=received,
        payload={"type": "product", "id": 1},
    )
    return {
        "_id": envelope.event_id,
        "store_hash": envelope.store_hash,
        "bc_hash": envelope.bc_hash,
        "scope": envelope.scope,
        "routing_key": envelope.routing_key,
        "status": EventStatus.PROCESSED.value,
        "received_at": envelope.received_at,
        "envelope": envelope.model_dump(mode="python"),
    }


async def seed(db: Any, count: int, rate: float) -> None:
    """`count` processed events received at `rate` per second, ending an hour past retention
    (what a periodic purge finds: the events that aged past the cut-off since the last one)."""
    start = datetime.now(UTC) - RETENTION - timedelta(hours=1, seconds=count / rate)
    for first in range(0, count, 500):
        docs = [
            old_document(start + timedelta(seconds=n / rate))
            for n in range(first, min(first + 500, count))
        ]
        await db[EVENTS].insert_many(docs, ordered=False)


async def load(url: str, rate: float, secs: float, work: Callable[[], Awaitable[Any]] | None):
    """Open-loop webhooks at `rate` until `secs` passed and `work` (if any) is done."""
    run = uuid.uuid4().hex[:12]
    latencies: list[float] = []
    outcomes: list[bool] = []
    finished = asyncio.Event()

    async def one(session: aiohttp.ClientSession, i: int, scheduled: float) -> None:
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        try:
            async with session.post(url, data=body(i, run), headers=HEADERS) as response:
                await response.read()
                outcomes.append(response.status == 200)
        except aiohttp.ClientError:
            outcomes.append(False)
        latencies.append((time.perf_counter() - scheduled) * 1000)

    async def timed_work() -> float:
        started = time.perf_counter()
        if work is not None:
            await work()
        finished.set()
        return time.perf_counter() - started

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        start = time.perf_counter() + 0.2
        worker = asyncio.create_task(timed_work())
        tasks, i = [], 0
        while True:
            scheduled = start + i / rate
            if scheduled - start >= secs and finished.is_set():
                break
            await asyncio.sleep(max(0.0, scheduled - time.perf_counter() - 0.05))
            tasks.append(asyncio.create_task(one(session, i, scheduled)))
            i += 1
        await asyncio.gather(*tasks)
        work_secs = await worker
    ok = sum(outcomes)
    return Phase(ok, len(outcomes) - ok, time.perf_counter() - start, latencies), work_secs


async def before_purge(store: EventMaintenance, received_before: datetime, batch: int) -> int:
    """The purge before issue 14: find ids on (status, received_at), delete by id, 0.2 s pause."""
    deleted = 0
    while ids := await store.processed_ids(received_before, batch):
        deleted += await store.delete(ids)
        if len(ids) < batch:
            break
        await asyncio.sleep(0.2)
    return deleted


async def _yes() -> bool:
    return True


@dataclass(frozen=True)
class IngressRun:
    """One run's database (its own) and broker namespace, and its ingress's environment."""

    database: str
    namespace: str
    uri: str
    port: int

    @classmethod
    def fresh(cls, mongodb_uri: str) -> IngressRun:
        """A new database and namespace on `mongodb_uri`, and a free port for the ingress."""
        database, namespace = f"bench_{uuid.uuid4().hex[:8]}", f"bench-{uuid.uuid4().hex[:8]}"
        base, _, query = mongodb_uri.partition("?")
        return cls(database, namespace, base.rstrip("/") + f"/{database}?{query}", free_port())

    @property
    def env(self) -> dict[str, str]:
        """The ingress process's settings."""
        return {
            "MONGODB_URI": self.uri,
            "AMQP_URL": AMQP_URL,
            "BROKER_NAMESPACE": self.namespace,
            "WEBHOOK_SECRET": SECRET,
            "STORE_A_HASH": STORE,
            "PORT": str(self.port),
            "LOG_LEVEL": "warning",
            "LOG_FORMAT": "json",
        }


def measured(
    args: argparse.Namespace,
    one_run: Callable[[str, argparse.Namespace], Awaitable[dict[str, float]]],
) -> tuple[str, dict[str, float], list[dict[str, float]], str]:
    """`args.runs` runs on MONGODB_URI or a stand-in: backend, medians, runs, the loads."""
    with contextlib.ExitStack() as stack:
        uri = os.environ.get("MONGODB_URI")
        backend = "MONGODB_URI"
        if not uri:
            uri, backend = stack.enter_context(stand_in()), "nx-27017 stand-in (memory)"
        runs = []
        for _ in range(args.runs):
            loads = os.getloadavg()[0]
            runs.append(asyncio.run(one_run(uri, args)) | {"load": loads})
    med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    return backend, med, runs, ", ".join(f"{r['load']:.1f}" for r in runs)


async def one_run(mongodb_uri: str, args: argparse.Namespace) -> dict[str, float]:
    """Seed, then the three phases through one ingress process."""
    run = IngressRun.fresh(mongodb_uri)
    database, namespace, uri, port, env = run.database, run.namespace, run.uri, run.port, run.env
    client = make_client(uri)
    db = client[database]
    store = TimedStore(db)
    store.deletes = []
    figures: dict[str, float] = {}
    try:
        await ensure_indexes(db)
        await store.save_purge_state(PurgeState(resume_id=None, legacy_done=True))
        await seed(db, args.events, args.rate)
        with server([sys.executable, "-m", "storebridge_ingress"], env, port) as url:
            await load(url, args.rate, 2.0, None)  # warm-up
            baseline, _ = await load(url, args.rate, args.secs, None)
            cutoff = datetime.now(UTC) - RETENTION
            pacing = Pacing(args.batch, args.duty)

            async def purge() -> None:
                figures["purged"] = await purge_processed(
                    store, received_before=cutoff, pacing=pacing, keep_going=_yes
                )

            during, purge_secs = await load(url, args.rate, args.secs, purge)
            await seed(db, args.events, args.rate)

            async def before() -> None:
                figures["before_purged"] = await before_purge(store, cutoff, args.batch)

            old, before_secs = await load(url, args.rate, args.secs, before)
        for name, phase in (("base", baseline), ("purge", during), ("before", old)):
            figures[f"{name}_p50"] = phase.percentile(0.5)
            figures[f"{name}_p99"] = phase.percentile(0.99)
            figures[f"{name}_failed"] = phase.failed
            figures[f"{name}_rate"] = (phase.ok + phase.failed) / phase.seconds
        figures |= {"purge_secs": purge_secs, "before_secs": before_secs}
        figures["deletes"] = len(store.deletes)
        figures["delete_ms"] = statistics.median(ms for _, ms in store.deletes) * 1000
        figures["delete_events"] = statistics.median(n for n, _ in store.deletes)
        figures["purge_ratio"] = figures["purge_p99"] / figures["base_p99"]
        figures["before_ratio"] = figures["before_p99"] / figures["base_p99"]
    finally:
        await client.drop_database(database)
        await client.close()
        await _delete_topology(namespace)
    return figures


async def _delete_topology(namespace: str) -> None:
    import aio_pika

    from storebridge_shared.broker.declaration import delete_topology
    from storebridge_shared.broker.topology import Topology

    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        await delete_topology(await connection.channel(), Topology(namespace))


def options(doc: str | None, *, secs: float, batch: int) -> argparse.Namespace:
    """The options of a benchmark of paced maintenance under an ingress load."""
    parser = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--rate", type=float, default=300.0)
    parser.add_argument("--secs", type=float, default=secs)
    parser.add_argument("--batch", type=int, default=batch)
    parser.add_argument("--duty", type=float, default=0.1)
    return parser.parse_args()


def main() -> None:
    """Entry point."""
    args = options(__doc__, secs=20.0, batch=500)
    backend, med, runs, loads = measured(args, one_run)
    print(f"janitor purge vs ingress latency: {backend}, {args.events} old processed events,")
    print(
        f"{args.rate:.0f} webhooks/s open loop through the HTTP ingress, batch {args.batch}, "
        f"duty cycle {args.duty}, median of {args.runs} runs (1-min load at start {loads})"
    )
    print("| phase | p50 ms | p99 ms | p99 / baseline | failed | purge s |")
    print("|---|---|---|---|---|---|")
    print(f"| baseline (no purge) | {med['base_p50']:.1f} | {med['base_p99']:.1f} | 1 | 0 | - |")
    print(
        f"| purge (range deletes, duty {args.duty}) | {med['purge_p50']:.1f} | "
        f"{med['purge_p99']:.1f} | {med['purge_ratio']:.2f} | {med['purge_failed']:.0f} | "
        f"{med['purge_secs']:.1f} |"
    )
    print(
        f"| purge before issue 14 (find + delete, 0.2 s) | {med['before_p50']:.1f} | "
        f"{med['before_p99']:.1f} | {med['before_ratio']:.2f} | {med['before_failed']:.0f} | "
        f"{med['before_secs']:.1f} |"
    )
    per_run = ", ".join(f"{r['purge_ratio']:.2f}" for r in runs)
    before = ", ".join(f"{r['before_ratio']:.2f}" for r in runs)
    print(f"p99 ratios per run: purge {per_run}; before {before}")
    print(f"load sent (webhooks/s, median): {med['purge_rate']:.0f}")
    print(
        f"range deletes per purge: {med['deletes']:.0f}, each {med['delete_events']:.0f} events "
        f"in {med['delete_ms']:.1f} ms (medians)"
    )


if __name__ == "__main__":
    main()
