"""Benchmark: how long a webhook waits for its 503 while MongoDB is cut under the ingress.

    python -m tests.bench.bench_mongodb_outage [--runs 3] [--count 100] [--secs 6]
                                               [--timeout-ms 3000]

MongoDB: MONGODB_URI, else an nx-27017 stand-in started here (in memory); RabbitMQ: AMQP_URL,
else 127.0.0.1:5672. The ingress runs as its own process (`python -m storebridge_ingress`,
MONGODB_TIMEOUT_MS=`--timeout-ms`) and reaches MongoDB through a TCP proxy in this process. Each
run: the ingress serves while MongoDB is up; the proxy is cut (every open connection dropped, new
ones refused); `--count` webhooks are sent open loop over `--secs` seconds (latency from each
request's scheduled time); MongoDB is restored and as many webhooks again are sent while it
comes back. Then every webhook answered 2xx, in both phases, is looked up in the event log by its
hash (the relay's publishing is not measured). Reports the medians over runs of the 503s' p50,
p99 and max, their count, the other answers, and the 2xx answers that were not stored (lost).
A queued delivery fails with the insert that failed (docs/ingress.md, "Group commit"), so a 503
takes about one MONGODB_TIMEOUT_MS, not two.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import os
import statistics
import sys
import time
import uuid
from dataclasses import dataclass

import aiohttp

from storebridge_shared.store.client import make_client
from storebridge_shared.store.collections import EVENTS
from tests.bench.bench_ingress import HEADERS, body, load_note, server
from tests.bench.bench_janitor import IngressRun, _delete_topology
from tests.bench.common import mongodb
from tests.support.mongo import host_port, uri_with_database
from tests.support.tcp_proxy import TcpProxy


@dataclass(frozen=True)
class Answer:
    """One webhook's answer: its hash, HTTP status (0: no answer) and latency in ms."""

    bc_hash: str
    status: int
    latency_ms: float


async def open_loop(url: str, count: int, secs: float) -> list[Answer]:
    """`count` distinct webhooks, one every `secs / count` s; latency from the scheduled time."""
    run = uuid.uuid4().hex[:12]
    answers: list[Answer] = []

    async def one(session: aiohttp.ClientSession, i: int, scheduled: float) -> None:
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        status = 0
        with contextlib.suppress(aiohttp.ClientError, asyncio.TimeoutError):
            async with session.post(url, data=body(i, run), headers=HEADERS) as response:
                await response.read()
                status = response.status
        latency = (time.perf_counter() - scheduled) * 1000
        answers.append(Answer(f"{run}{i:020d}", status, latency))

    timeout = aiohttp.ClientTimeout(total=60)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        start = time.perf_counter() + 0.1
        await asyncio.gather(*(one(session, i, start + i * secs / count) for i in range(count)))
    return answers


def percentile(values: list[float], q: float) -> float:
    """The `q` quantile of `values` (nearest rank), 0 for none."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


async def one_run(mongodb_uri: str, args: argparse.Namespace) -> dict[str, float]:
    """Cut MongoDB under a serving ingress, send webhooks, restore it, count what was stored."""
    proxy = await TcpProxy(*host_port(mongodb_uri)).start()
    run = IngressRun.fresh(mongodb_uri)
    via_proxy = uri_with_database(mongodb_uri, run.database, port=proxy.port)
    run = dataclasses.replace(run, uri=via_proxy)
    env = run.env | {"MONGODB_TIMEOUT_MS": str(args.timeout_ms)}
    client = make_client(uri_with_database(mongodb_uri, run.database))
    try:
        with contextlib.ExitStack() as ingress:  # started in a thread: the proxy runs on this loop
            command = [sys.executable, "-m", "storebridge_ingress"]
            url = await asyncio.to_thread(ingress.enter_context, server(command, env, run.port))
            warm = await open_loop(url, 20, 1.0)
            await proxy.cut()
            cut = await open_loop(url, args.count, args.secs)
            await proxy.restore()
            back = await open_loop(url, args.count, args.secs)
            await asyncio.to_thread(ingress.close)
        answered = [a for a in warm + cut + back if 200 <= a.status < 300]
        hashes = [a.bc_hash for a in answered]
        stored = await client[run.database][EVENTS].count_documents({"bc_hash": {"$in": hashes}})
    finally:
        await proxy.cut()
        await client.drop_database(run.database)
        await client.close()
        await _delete_topology(run.namespace)
    failed = [a.latency_ms for a in cut if a.status == 503]
    return {
        "p50": percentile(failed, 0.5),
        "p99": percentile(failed, 0.99),
        "max": max(failed, default=0.0),
        "count_503": len(failed),
        "other": sum(1 for a in cut if a.status != 503),
        "back_2xx": sum(1 for a in back if 200 <= a.status < 300),
        "answered_2xx": len(answered),
        "lost": len(answered) - stored,
    }


def main() -> None:
    """Entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--secs", type=float, default=6.0)
    parser.add_argument("--timeout-ms", type=int, default=3000)
    args = parser.parse_args()
    runs, loads = [], []
    with mongodb() as uri:
        for _ in range(args.runs):
            loads.append(load_note("at the run's start"))
            runs.append(asyncio.run(one_run(uri, args)))
    med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    backend = "MONGODB_URI" if os.environ.get("MONGODB_URI") else "nx-27017 stand-in (memory)"
    print(
        f"MongoDB cut under the ingress: {backend}, MONGODB_TIMEOUT_MS={args.timeout_ms}, "
        f"{args.count} webhooks over {args.secs:g} s while cut, median of {args.runs} runs"
    )
    print("\n".join(loads))
    print("| 503 p50 s | 503 p99 s | 503 max s | 503s | other answers | 2xx lost |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {med['p50'] / 1000:.2f} | {med['p99'] / 1000:.2f} | {med['max'] / 1000:.2f} | "
        f"{med['count_503']:.0f} | {med['other']:.0f} | {med['lost']:.0f} |"
    )
    for key, label in (("p50", "p50 s"), ("max", "max s")):
        print(f"{label} per run: " + ", ".join(f"{r[key] / 1000:.2f}" for r in runs))
    print(
        "2xx per run (answered, after the restore, lost): "
        + ", ".join(f"{r['answered_2xx']:.0f}/{r['back_2xx']:.0f}/{r['lost']:.0f}" for r in runs)
    )


if __name__ == "__main__":
    main()
