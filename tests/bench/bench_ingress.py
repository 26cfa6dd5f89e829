"""Ingress benchmark: durable, confirmed intake vs a bare aiohttp 200, in the same run.

    python -m tests.bench.bench_ingress [--runs 3] [--requests 4000] [--concurrency 64]

Both servers run as their own processes; the load generator (aiohttp client) runs here, on the
same 2-core machine. Two phases per run and target:
- throughput: `--requests` distinct webhooks with `--concurrency` in flight, webhooks/s;
- steady: an open-loop 200 webhooks/s for `--steady-secs`, latency measured from each request's
  scheduled send time (no coordinated omission), p50 and p99; it starts `--settle-secs` (5 s)
  after the throughput burst, whose after-work (RabbitMQ writing quorum-queue segments, the
  stand-in) lifted the first 3-4 s of the steady phase's p99 to 21-41 ms when it followed at once.
Around each throughput phase the CPU time of every process is read from /proc (the ingress
and its workers, the MongoDB stand-in, RabbitMQ, this load generator): CPU ms per webhook,
which a busy machine stretches far less than rates, and which show where the two cores go.
Then the loss check: 200 answers == documents in MongoDB == messages on the broker (once the
relay has repeated, within 15 s, any publish whose confirm timed out; more messages than
documents are such repeats of a late confirm, which consumers deduplicate). The ingress
is measured with each `--workers` count in turn (default 1 then 2 worker processes), each with its
own database and namespace. Each target also reports the mean size of its insert batches (from
its `/metrics`): group commit at work.

The load average is printed before and after each target (with a warning when the machine is
busy: figures taken then are not comparable). `--timeline DIR` keeps, per run, the steady phase's
latency of every request by its scheduled time and the ingress's log (its periodic work: relay
sweeps, published-mark batches), and prints the slowest 100 ms windows with what the ingress
logged in them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aio_pika
import aiohttp
from pymongo import AsyncMongoClient

from storebridge_shared.broker.declaration import delete_topology
from storebridge_shared.broker.topology import Topology
from storebridge_shared.testing.mongodb import free_port, stand_in
from tests.bench import timeline
from tests.bench.cpu import CpuMeter, broker_pids, per_request_ms, stand_in_pids, with_children

SECRET = "bench-secret"
STORE = "bench1"
AMQP_URL = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")


@dataclass
class Phase:
    """Outcome of one load phase."""

    ok: int
    failed: int
    seconds: float
    latencies_ms: list[float]
    timeline: list[tuple[float, float]] = field(default_factory=list)
    """(wall-clock scheduled time, latency ms) of every request, steady phase only."""
    cpu_ms: dict[str, float] = field(default_factory=dict)
    """CPU ms per answered request of each process group (throughput phase only)."""

    @property
    def rate(self) -> float:
        """Successful webhooks per second."""
        return self.ok / self.seconds

    def percentile(self, q: float) -> float:
        """Latency percentile in ms."""
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def body(i: int, run: str) -> bytes:
    """One distinct webhook body."""
    return json.dumps(
        {
            "scope": "store/product/updated",
            "store_id": "1",
            "data": {"type": "product", "id": i},
            "hash": f"{run}{i:020d}",
            "created_at": int(time.time()),
            "producer": f"stores/{STORE}",
        }
    ).encode()


HEADERS = {"Content-Type": "application/json", "X-Storebridge-Secret": SECRET}


async def _send(session: aiohttp.ClientSession, url: str, data: bytes) -> bool:
    try:
        async with session.post(url, data=data, headers=HEADERS) as response:
            await response.read()
            return response.status == 200
    except aiohttp.ClientError:
        return False


async def throughput(url: str, total: int, concurrency: int) -> Phase:
    """Closed loop: `concurrency` requests in flight until `total` are answered."""
    run = uuid.uuid4().hex[:12]
    latencies: list[float] = []
    counter = iter(range(total))
    ok = failed = 0

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal ok, failed
        for i in counter:
            started = time.perf_counter()
            success = await _send(session, url, body(i, run))
            latencies.append((time.perf_counter() - started) * 1000)
            ok, failed = ok + success, failed + (not success)

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        return Phase(ok, failed, time.perf_counter() - started, latencies)


async def steady(url: str, rate: float, seconds: float) -> Phase:
    """Open loop: one request every 1/rate s, latency from its scheduled time."""
    run = uuid.uuid4().hex[:12]
    latencies: list[float] = []
    results: list[bool] = []
    timeline: list[tuple[float, float]] = []
    wall_offset = time.time() - time.perf_counter()

    async def one(session: aiohttp.ClientSession, i: int, scheduled: float) -> None:
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        success = await _send(session, url, body(i, run))
        latency = (time.perf_counter() - scheduled) * 1000
        latencies.append(latency)
        timeline.append((scheduled + wall_offset, latency))
        results.append(success)

    count = int(rate * seconds)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        start = time.perf_counter() + 0.2
        await asyncio.gather(*(one(session, i, start + i / rate) for i in range(count)))
        return Phase(sum(results), count - sum(results), seconds, latencies, sorted(timeline))


RELAY_SETTLE_SECS = 15.0
"""How long the loss check lets the relay repeat publishes that timed out (4 s old) under load."""

READY_IN_A_ROW = 10
"""Consecutive ready answers (each on a new connection) before a server counts as ready."""

BUSY_LOAD = 1.0
"""A 1-minute load average above this (on the 2-core machine) makes figures incomparable."""


def load_note(moment: str) -> str:
    """The load averages now, with a warning when the machine is busy."""
    one, five, fifteen = os.getloadavg()
    warning = f"  WARNING: machine busy (load > {BUSY_LOAD})" if one > BUSY_LOAD else ""
    return f"# load {moment}: {one:.2f} {five:.2f} {fifteen:.2f}{warning}"


@contextlib.contextmanager
def server(
    command: list[str], env: dict[str, str], port: int, log: Path | None = None
) -> Iterator[str]:
    """Run a server process until its /readyz answers; yield its webhook URL."""
    with server_process(command, env, port, log) as (url, _):
        yield url


@contextlib.contextmanager
def server_process(
    command: list[str], env: dict[str, str], port: int, log: Path | None = None
) -> Iterator[tuple[str, int]]:
    """Run a server process until its /readyz answers; yield its webhook URL and its pid."""
    with contextlib.ExitStack() as files:
        stderr = files.enter_context(log.open("wb")) if log else subprocess.DEVNULL
        process = subprocess.Popen(
            command, env=os.environ | env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        try:
            _wait_http(f"http://127.0.0.1:{port}/readyz", process)
            yield f"http://127.0.0.1:{port}/webhooks", process.pid
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_http(url: str, process: subprocess.Popen[bytes]) -> None:
    import urllib.request

    deadline = time.monotonic() + 30
    in_a_row = 0
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        ready = False
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=1) as response:
            ready = response.status == 200
        in_a_row = in_a_row + 1 if ready else 0
        if in_a_row >= READY_IN_A_ROW:  # new connections each: every worker answers by then
            return
        time.sleep(0.1 if not ready else 0.01)
    raise RuntimeError(f"{url} did not become ready")


async def measure(
    url: str, args: argparse.Namespace, processes: dict[str, list[int]]
) -> dict[str, Phase]:
    """One run of both phases against `url`, after a short warm-up; the CPU time of
    `processes` (and of this load generator) is read around the throughput phase."""
    await throughput(url, 200, 16)
    print(load_note("before throughput"), flush=True)
    meter = CpuMeter(processes)
    meter.start()
    phases = {"throughput": await throughput(url, args.requests, args.concurrency)}
    phases["throughput"].cpu_ms = per_request_ms(meter.stop(), phases["throughput"].ok)
    # After the burst, RabbitMQ (quorum queue segments) and the stand-in still work for a few
    # seconds; the steady phase measures a steady state, so it starts once that has passed.
    await asyncio.sleep(args.settle_secs)
    print(load_note("before steady"), flush=True)
    phases["steady"] = await steady(url, args.steady_rate, args.steady_secs)
    print(load_note("after steady"), flush=True)
    return phases


async def count_durable(
    mongodb_uri: str, database: str, namespace: str, *, settle_secs: float = 0.0
) -> tuple[int, int]:
    """Documents in the event log and messages on the broker for this benchmark.

    With `settle_secs`, the ingress still running, waits up to that long for the broker to hold
    at least every stored event: a publish that timed out under load is the relay's to repeat
    (after the publish timeout), and is not lost.
    """
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb_uri)
    stored = await client[database].events.count_documents({})
    await client.close()
    topology = Topology(namespace)
    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel()
        deadline = time.monotonic() + settle_secs
        while True:
            name = topology.queues("catalog-sync").main
            queue = await channel.declare_queue(name, passive=True)
            queued = int(queue.declaration_result.message_count or 0)
            if queued >= stored or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
        if not settle_secs:
            await delete_topology(channel, topology)
    return stored, queued


def ingress_env(uri: str, namespace: str, port: int, *, log_level: str = "info") -> dict[str, str]:
    """The environment of a benchmarked ingress: its database, namespace and port."""
    return {
        "MONGODB_URI": uri,
        "AMQP_URL": AMQP_URL,
        "BROKER_NAMESPACE": namespace,
        "WEBHOOK_SECRET": SECRET,
        "STORE_A_HASH": STORE,
        "PORT": str(port),
        "LOG_LEVEL": log_level,
        "LOG_FORMAT": "json",
    }


def summarise(name: str, runs: list[dict[str, Phase]]) -> dict[str, float]:
    """Median figures over runs."""

    def median(values: list[float]) -> float:
        return statistics.median(values)

    cpu = {
        f"{name}_cpu_ms_{group.replace(' ', '_')}": median(
            [r["throughput"].cpu_ms[group] for r in runs]
        )
        for group in runs[0]["throughput"].cpu_ms
    }
    return cpu | {
        f"{name}_webhooks_per_s": median([r["throughput"].rate for r in runs]),
        f"{name}_throughput_p50_ms": median([r["throughput"].percentile(0.5) for r in runs]),
        f"{name}_throughput_p99_ms": median([r["throughput"].percentile(0.99) for r in runs]),
        f"{name}_steady_p50_ms": median([r["steady"].percentile(0.5) for r in runs]),
        f"{name}_steady_p99_ms": median([r["steady"].percentile(0.99) for r in runs]),
        f"{name}_failed": sum(r["throughput"].failed + r["steady"].failed for r in runs),
    }


async def _run_target(
    url: str, args: argparse.Namespace, processes: dict[str, list[int]]
) -> list[dict[str, Phase]]:
    return [await measure(url, args, processes) for _ in range(args.runs)]


def run(args: argparse.Namespace) -> dict[str, float]:
    """Run the whole benchmark and return its figures."""
    figures: dict[str, float] = {}
    bare_port = free_port()
    with server_process(
        [sys.executable, "-m", "tests.bench.bare_server", str(bare_port)], {}, bare_port
    ) as (url, pid):
        figures |= summarise("bare", asyncio.run(_run_target(url, args, {"server": [pid]})))
    with contextlib.ExitStack() as stack:
        base_uri = os.environ.get("MONGODB_URI") or stack.enter_context(stand_in())
        for workers in args.workers:
            figures |= _ingress_figures(base_uri, workers, args)
    for workers in args.workers:
        name = target_name(workers)
        figures[f"ratio_{name}_to_bare"] = (
            figures[f"{name}_webhooks_per_s"] / figures["bare_webhooks_per_s"]
        )
    return figures


def target_name(workers: int) -> str:
    """`ingress` for one worker, `ingress_<n>w` for n."""
    return "ingress" if workers == 1 else f"ingress_{workers}w"


def _insert_batch_mean(port: int) -> float:
    """Mean size of the ingress's insert batches so far, from its `/metrics`."""
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        text = response.read().decode()
    values = {}
    for line in text.splitlines():
        for key in ("sum", "count"):
            if line.startswith(f"storebridge_ingress_insert_batch_size_{key} "):
                values[key] = float(line.split()[1])
    return values.get("sum", 0.0) / values["count"] if values.get("count") else 0.0


def _ingress_figures(base_uri: str, workers: int, args: argparse.Namespace) -> dict[str, float]:
    """Every run against an ingress of `workers` processes (its own database and namespace)."""
    name = target_name(workers)
    print(f"# {name}: INGRESS_WORKERS={workers}", flush=True)
    database, namespace = f"bench_{uuid.uuid4().hex[:8]}", f"bench-{uuid.uuid4().hex[:8]}"
    uri = base_uri.split("?")[0].rstrip("/") + f"/{database}?" + base_uri.partition("?")[2]
    port = free_port()
    env = ingress_env(uri, namespace, port, log_level="debug" if args.timeline else "info")
    env["INGRESS_WORKERS"] = str(workers)
    log = args.timeline / f"{name}.log" if args.timeline else None
    command = [sys.executable, "-m", "storebridge_ingress"]
    with server_process(command, env, port, log) as (url, pid):
        processes = {
            "ingress": with_children(pid),
            "mongodb": stand_in_pids(base_uri),
            "broker": broker_pids(),
        }
        runs = asyncio.run(_run_target(url, args, processes))
        batch_mean = _insert_batch_mean(port)
        asyncio.run(count_durable(uri, database, namespace, settle_secs=RELAY_SETTLE_SECS))
    if args.timeline and log:
        _report_timeline(args.timeline / name, runs, log)
    answered = sum(r["throughput"].ok + r["steady"].ok for r in runs) + 200 * args.runs
    stored, queued = asyncio.run(count_durable(uri, database, namespace))
    return summarise(name, runs) | {
        f"{name}_200s": answered,
        f"{name}_stored": stored,
        f"{name}_queued": queued,
        f"{name}_insert_batch_mean": batch_mean,
    }


def _report_timeline(directory: Path, runs: list[dict[str, Phase]], log: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    events = timeline.log_events(log)
    for number, phases in enumerate(runs, 1):
        steady_timeline = phases["steady"].timeline
        timeline.write_csv(directory / f"steady-{number}.csv", steady_timeline)
        print(f"# run {number}: slowest steady windows", flush=True)
        print("\n".join(timeline.correlate(steady_timeline, events)), flush=True)


def parser() -> argparse.ArgumentParser:
    """Command-line options."""
    options = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    options.add_argument("--runs", type=int, default=3)
    options.add_argument("--requests", type=int, default=4000)
    options.add_argument("--concurrency", type=int, default=64)
    options.add_argument("--steady-rate", type=float, default=200.0)
    options.add_argument("--steady-secs", type=float, default=10.0)
    options.add_argument(
        "--settle-secs",
        type=float,
        default=5.0,
        help="idle time between the throughput burst and the steady phase (default 5)",
    )
    options.add_argument("--timeline", type=Path, default=None, metavar="DIR")
    options.add_argument(
        "--workers",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1, 2],
        help="INGRESS_WORKERS of each ingress measured, in order (default 1,2)",
    )

    return options


def report(figures: dict[str, float]) -> str:
    """A small table of the figures."""
    lines = [f"{'figure':34} {'value':>12}"]
    lines += [f"{name:34} {value:12.2f}" for name, value in figures.items()]
    return "\n".join(lines)


def main() -> None:
    """Entry point."""
    args = parser().parse_args()
    if args.timeline:
        args.timeline.mkdir(parents=True, exist_ok=True)
    print(report(run(args)))


if __name__ == "__main__":
    main()
