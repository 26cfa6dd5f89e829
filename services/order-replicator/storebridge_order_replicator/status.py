"""What `storebridge status orders` prints: recent poll runs, orders by state, dead letters."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from storebridge_order_replicator.settings import OrderStatusSettings
from storebridge_order_replicator.store.dead_orders import DeadOrders
from storebridge_order_replicator.store.orders import OrderStore
from storebridge_shared.broker.dead_letters import DeadMessage, dead_letter_queue
from storebridge_shared.broker.topology import Topology
from storebridge_shared.store.client import open_database
from storebridge_shared.store.poll_runs import PollRun, PollRuns

SERVICE = "order-replicator"


def _when(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S")


def run_lines(runs: list[PollRun]) -> list[str]:
    """One line per poll run, newest first."""
    if not runs:
        return ["  (no poll yet)"]
    lines = [
        f"  {'started (UTC)':19}  {'store':10} {'secs':>6} {'found':>6} {'new':>5} {'dead':>5}"
        "  status"
    ]
    for run in runs:
        secs = (run.finished_ms - run.started_ms) / 1000
        error = f"  {run.errors[0][:80]}" if run.errors else ""
        lines.append(
            f"  {_when(run.started_ms)}  {run.store_hash:10} {secs:6.1f} {run.found:6} "
            f"{run.new:5} {run.dead:5}  {run.status}{error}"
        )
    return lines


@dataclass(frozen=True)
class OrdersReport:
    """What `storebridge status orders` reports, read once for the lines and for `--json`."""

    runs: list[PollRun]
    counts: dict[str, int]
    dead_orders: int
    dead_queue: str = ""
    dead_total: int = 0
    dead_letters: list[DeadMessage] = field(default_factory=list)
    broker_error: str = ""
    """Why the dead letters could not be read (empty when they were)."""


async def read_report(
    settings: OrderStatusSettings, limit: int = 10, dead: int = 20
) -> OrdersReport:
    """Read the poll runs, the counts and the dead letters (the broker may be unreachable)."""
    async with open_database(settings, indexes=False) as db:
        runs = await PollRuns(db).recent(limit)
        counts = await OrderStore(db).count_by_state()
        dead_orders = await DeadOrders(db).count()
    report = OrdersReport(runs, counts, dead_orders)
    try:
        topology = Topology(namespace=settings.broker_namespace)
        async with dead_letter_queue(settings.amqp_url, topology, SERVICE) as dlq:
            total, peeked = await dlq.count(), await dlq.peek(dead)
    except Exception as error:
        return replace(report, broker_error=str(error).splitlines()[0][:150])
    return replace(
        report, dead_queue=topology.queues(SERVICE).dead, dead_total=total, dead_letters=peeked
    )


def report_lines(report: OrdersReport) -> list[str]:
    """The report as text; the dead-letter part says so when the broker could not be reached."""
    lines = ["Recent poll runs:", *run_lines(report.runs), "", "Orders by state:"]
    lines += [f"  {state:11} {count}" for state, count in report.counts.items()]
    lines.append(f"  dead-lettered (skipped by the poll until requeued): {report.dead_orders}")
    lines += ["", "Dead letters:"]
    if report.broker_error:
        return [*lines, f"  broker unavailable: {report.broker_error}"]
    lines.append(f"  {report.dead_total} in {report.dead_queue}")
    lines += [
        f"  {m.failed_at[:19]:19}  {m.event_id:36} {m.routing_key:28} {m.reason[:90]}"
        for m in report.dead_letters
    ]
    return lines


def report_record(report: OrdersReport) -> dict[str, Any]:
    """The same report as one JSON object (`storebridge status orders --json`)."""
    return {
        "poll_runs": [
            asdict(run) | {"status": run.status, "duration_ms": run.finished_ms - run.started_ms}
            for run in report.runs
        ],
        "orders_by_state": dict(report.counts),
        "dead_orders": report.dead_orders,
        "dead_letters": None
        if report.broker_error
        else {
            "queue": report.dead_queue,
            "count": report.dead_total,
            "peeked": [
                {
                    "event_id": m.event_id,
                    "routing_key": m.routing_key,
                    "failed_at": m.failed_at,
                    "reason": m.reason,
                }
                for m in report.dead_letters
            ],
        },
        "broker_error": report.broker_error,
    }


async def status_lines(settings: OrderStatusSettings, limit: int = 10, dead: int = 20) -> list[str]:
    """The report; the dead-letter part says so when the broker cannot be reached."""
    return report_lines(await read_report(settings, limit, dead))
