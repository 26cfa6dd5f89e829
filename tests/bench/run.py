"""`make bench`: run every benchmark, print each table, keep a copy under .run/bench/.

Benchmarks measure; they never assert. Each compares against a baseline measured in the same run
(a bare aiohttp handler, a bare httpx call) and reports medians over several runs.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCHMARKS = (
    ("ingress", "tests.bench.bench_ingress", ["--runs", "3"]),
    ("ingress steps, CPU", "tests.bench.bench_request_cpu", []),
    ("event log group commit", "tests.bench.bench_batch_curve", ["--runs", "3"]),
    ("durable floor: insert, confirm", "tests.bench.bench_durable_floor", ["--runs", "3"]),
    ("ingress, MongoDB cut: 503 latency", "tests.bench.bench_mongodb_outage", ["--runs", "3"]),
    ("bigcommerce client", "tests.bench.bench_client", []),
    ("catalog backfill", "tests.bench.bench_backfill", ["--runs", "3"]),
    (
        "janitor purge",
        "tests.bench.bench_janitor",
        ["--runs", "3", "--secs", "15", "--rate", "300"],
    ),
    (
        "event-keys migration",
        "tests.bench.bench_event_keys",
        ["--runs", "3", "--events", "10000", "--secs", "10", "--rate", "300"],
    ),
    ("catalog sync", "tests.bench.bench_catalog", ["--runs", "3"]),
    ("catalog rules", "tests.bench.bench_rules", ["--runs", "3"]),
    ("catalog reconcile pass", "tests.bench.bench_reconcile", ["--samples", "5"]),
    ("order replicator", "tests.bench.bench_orders", ["--runs", "3"]),
    ("order replicator, Standard quota", "tests.bench.bench_orders_quota", ["--runs", "3"]),
    ("console pages", "tests.bench.bench_console", ["--runs", "3", "--requests", "20"]),
)


def main() -> int:
    """Run each benchmark in its own process; return non-zero if one crashed."""
    out_dir = Path(".run/bench")
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    status = 0
    for name, module, args in BENCHMARKS:
        print(f"== {name}: python -m {module} {' '.join(args)}", flush=True)
        result = subprocess.run(
            [sys.executable, "-m", module, *args], capture_output=True, text=True, check=False
        )
        print(result.stdout, flush=True)
        if result.returncode:
            print(result.stderr[-4000:], file=sys.stderr)
            status = 1
        (out_dir / f"{stamp}-{module.rsplit('.', 1)[-1]}.txt").write_text(result.stdout)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
