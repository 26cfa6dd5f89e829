"""Benchmark: the event-keys migration's rate, and what it costs the ingress's latency.

    python -m tests.bench.bench_event_keys [--runs 3] [--events 20000] [--rate 300] [--secs 15]
                                           [--batch 100] [--duty 0.1]

MongoDB: MONGODB_URI, else an nx-27017 stand-in started here (in memory); RabbitMQ: AMQP_URL,
else 127.0.0.1:5672. The ingress runs as its own process; an open-loop load of `--rate`
webhooks/s is sent to it (latency from each request's scheduled time). Each run seeds
`--events` old events without `subject` and `received_ms` (as stored before either existed),
then three phases under the same load:
  paced     - `fill_event_keys` with batch `--batch` and duty cycle `--duty` (the janitor's and
              `storebridge events migrate`'s defaults), start to end, and at least `--secs`;
  baseline  - no migration, as long as the paced phase (the ingress's own periodic work, its
              relay's sweeps, falls into both alike);
  unpaced   - after seeding again, the migration with duty cycle 1 (no pause), for contrast.
Reports the medians over runs of p50 / p99 (ms), the p99 ratio to the run's baseline, failed
requests, how long each migration took and its rate (events/s).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from storebridge_janitor.event_keys import BATCH, fill_event_keys
from storebridge_janitor.purge import Pacing
from storebridge_shared.store.client import make_client
from storebridge_shared.store.collections import ensure_indexes
from storebridge_shared.store.event_keys import EventKeys
from tests.bench.bench_ingress import server
from tests.bench.bench_janitor import (
    IngressRun,
    _delete_topology,
    load,
    measured,
    options,
    seed,
)


async def one_run(mongodb_uri: str, args: argparse.Namespace) -> dict[str, float]:
    """Seed, then the three phases through one ingress process."""
    run = IngressRun.fresh(mongodb_uri)
    client = make_client(run.uri)
    db = client[run.database]
    keys = EventKeys(db)
    figures: dict[str, float] = {}
    try:
        await ensure_indexes(db)
        await seed(db, args.events, args.rate)
        with server([sys.executable, "-m", "storebridge_ingress"], run.env, run.port) as url:
            await load(url, args.rate, 2.0, None)  # warm-up
            phases: dict[str, Any] = {}
            for name, duty in (("paced", args.duty), ("unpaced", 1.0)):
                if name == "unpaced":  # a baseline as long as the paced migration, then again
                    secs = max(args.secs, figures["paced_secs"])
                    phases["base"], _ = await load(url, args.rate, secs, None)
                    await seed(db, args.events, args.rate)

                async def migrate(duty: float = duty, name: str = name) -> None:
                    report = await fill_event_keys(keys, Pacing(args.batch, duty))
                    figures[f"{name}_filled"] = report.filled
                    figures[f"{name}_batch_ms"] = report.busy_secs / report.batches * 1000

                phases[name], figures[f"{name}_secs"] = await load(
                    url, args.rate, args.secs, migrate
                )
        for name, phase in phases.items():
            figures[f"{name}_p50"] = phase.percentile(0.5)
            figures[f"{name}_p99"] = phase.percentile(0.99)
            figures[f"{name}_failed"] = phase.failed
        for name in ("paced", "unpaced"):
            figures[f"{name}_ratio"] = figures[f"{name}_p99"] / figures["base_p99"]
            figures[f"{name}_rate"] = figures[f"{name}_filled"] / figures[f"{name}_secs"]
    finally:
        await client.drop_database(run.database)
        await client.close()
        await _delete_topology(run.namespace)
    return figures


def main() -> None:
    """Entry point."""
    args = options(__doc__, secs=15.0, batch=BATCH)
    backend, med, _, loads = measured(args, one_run)
    print(f"event-keys migration vs ingress latency: {backend}, {args.events} old events,")
    print(
        f"{args.rate:.0f} webhooks/s open loop through the HTTP ingress, batch {args.batch}, "
        f"median of {args.runs} runs (1-min load at start {loads})"
    )
    print(
        "| phase | p50 ms | p99 ms | p99 / baseline | failed | migration s | events/s | batch ms |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(f"| baseline | {med['base_p50']:.1f} | {med['base_p99']:.1f} | 1 | 0 | - | - | - |")
    for name, label in (("paced", f"duty {args.duty}"), ("unpaced", "duty 1 (no pause)")):
        print(
            f"| migration, {label} | {med[f'{name}_p50']:.1f} | {med[f'{name}_p99']:.1f} | "
            f"{med[f'{name}_ratio']:.2f} | {med[f'{name}_failed']:.0f} | "
            f"{med[f'{name}_secs']:.1f} | {med[f'{name}_rate']:.0f} | "
            f"{med[f'{name}_batch_ms']:.1f} |"
        )


if __name__ == "__main__":
    main()
