"""Benchmark of the BigCommerce client against the sandbox: quota use under pressure, overhead.

    python -m tests.bench.bench_client [--quota 150] [--window-ms 3000] [--runs 5]

The sandbox runs as a subprocess (`python -m storebridge_cli sandbox ...`), so the server never
shares the client's event loop or CPU time slice.
Part 1: a store allowing Q requests per W ms; each run fires 10 x Q requests at once through one
client and reports wall time, quota utilisation (served per window / Q, from the sandbox's
stats), the 429s the sandbox answered and those reaching callers. Runs start on a fresh window.
Part 2: median microseconds per sequential call, client versus a bare httpx.AsyncClient GET plus
`.json()`, interleaved call by call on the same endpoint of a second sandbox whose quota never
binds. `collect_figures()` (or async `run_benchmark()`) returns the figures as a dict.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import time
from typing import Any

import httpx
import structlog
from pydantic import SecretStr

from storebridge_shared.bigcommerce import BigCommerceClient, RateLimited
from storebridge_shared.settings import StoreCredentials
from tests.bench.common import UNBOUNDED_QUOTA, sandbox_process

STORE, TOKEN = "bench01", "bench-token"
PATH = "/catalog/brands/35"
CREDENTIALS = StoreCredentials(name="bench", store_hash=STORE, access_token=SecretStr(TOKEN))


async def quota_run(admin: httpx.AsyncClient, quota: int, window_ms: int) -> dict[str, float]:
    """One burst of 10 x quota concurrent calls on a fresh window of the metered sandbox."""
    await asyncio.sleep(window_ms / 1000 + 0.05)  # the previous window has run out
    (await admin.delete(f"/_sandbox/stores/{STORE}/stats")).raise_for_status()
    async with BigCommerceClient(CREDENTIALS, api_url=str(admin.base_url)) as bc:
        started = time.perf_counter()
        results = await asyncio.gather(
            *(bc.v3.get(PATH) for _ in range(10 * quota)), return_exceptions=True
        )
        wall = time.perf_counter() - started
    stats = (await admin.get(f"/_sandbox/stores/{STORE}/stats")).json()
    served = stats["served_per_window"]
    failures = [r for r in results if isinstance(r, BaseException)]
    return {
        "wall_s": wall,
        "windows": len(served),
        "utilisation": sum(served) / (len(served) * quota),
        "server_429": stats["rate_limited"],
        "caller_429": sum(isinstance(r, RateLimited) for r in failures),
        "caller_errors": len(failures),
    }


async def _timed(call: Any) -> int:
    started = time.perf_counter_ns()
    await call()
    return time.perf_counter_ns() - started


async def overhead_run(calls: int) -> dict[str, float]:
    """Median µs per sequential call, bare httpx (GET + .json()) versus the client, interleaved
    call by call on the same sandbox endpoint, with a quota that never binds."""
    async with sandbox_process({STORE: TOKEN}, UNBOUNDED_QUOTA, 60_000) as admin:
        url = str(admin.base_url).rstrip("/")
        async with (
            httpx.AsyncClient(
                base_url=f"{url}/stores/{STORE}", headers={"X-Auth-Token": TOKEN}
            ) as bare,
            BigCommerceClient(CREDENTIALS, api_url=url) as bc,
        ):

            async def bare_call() -> Any:
                return (await bare.get("/v3" + PATH)).json()

            async def client_call() -> Any:
                return await bc.v3.get(PATH)

            samples: dict[str, list[int]] = {"bare": [], "client": []}
            for index in range(calls + 50):
                bare_ns, client_ns = await _timed(bare_call), await _timed(client_call)
                if index >= 50:
                    samples["bare"].append(bare_ns)
                    samples["client"].append(client_ns)
    bare_us = statistics.median(samples["bare"]) / 1000
    client_us = statistics.median(samples["client"]) / 1000
    return {"bare_us": bare_us, "client_us": client_us, "overhead_us": client_us - bare_us}


async def run_benchmark(
    quota: int = 150, window_ms: int = 3000, runs: int = 5, overhead_calls: int = 2000
) -> dict[str, Any]:
    """All figures: per-run quota results, their medians, and the per-call overhead."""
    async with sandbox_process({STORE: TOKEN}, quota, window_ms) as admin:
        per_run = [await quota_run(admin, quota, window_ms) for _ in range(runs)]
    medians = {key: statistics.median(run[key] for run in per_run) for key in per_run[0]}
    return {
        "quota": quota,
        "window_ms": window_ms,
        "requests_per_run": 10 * quota,
        "ideal_wall_s": 9 * window_ms / 1000,
        "runs": per_run,
        "median": medians,
        "overhead": await overhead_run(overhead_calls),
    }


def collect_figures(
    quota: int = 150, window_ms: int = 3000, runs: int = 5, overhead_calls: int = 2000
) -> dict[str, Any]:
    """`run_benchmark` for synchronous callers (a `make bench` runner)."""
    return asyncio.run(run_benchmark(quota, window_ms, runs, overhead_calls))


def render(figures: dict[str, Any]) -> str:
    """A small text table of the figures."""
    lines = [
        f"BigCommerce client vs sandbox subprocess: {figures['requests_per_run']} requests, "
        f"quota {figures['quota']} per {figures['window_ms']} ms (ideal wall ≈ "
        f"{figures['ideal_wall_s']:.1f} s)",
        f"{'run':>6} {'wall s':>8} {'windows':>8} {'util %':>7} {'srv 429':>8} {'caller 429':>11}",
    ]
    rows = [*enumerate(figures["runs"], 1), ("median", figures["median"])]
    for name, run in rows:
        lines.append(
            f"{name!s:>6} {run['wall_s']:8.2f} {run['windows']:8.0f} "
            f"{100 * run['utilisation']:7.1f} {run['server_429']:8.0f} {run['caller_429']:11.0f}"
        )
    o = figures["overhead"]
    lines.append(
        f"per call (median, sequential): bare httpx {o['bare_us']:.0f} µs, client "
        f"{o['client_us']:.0f} µs, overhead {o['overhead_us']:.0f} µs"
    )
    return "\n".join(lines)


def main() -> None:
    """Parse options, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quota", type=int, default=150)
    parser.add_argument("--window-ms", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--overhead-calls", type=int, default=2000)
    args = parser.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))
    figures = asyncio.run(run_benchmark(args.quota, args.window_ms, args.runs, args.overhead_calls))
    print(render(figures))


if __name__ == "__main__":
    main()
