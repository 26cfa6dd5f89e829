"""What `storebridge status orders` prints: recent poll runs, orders by state, dead letters."""

from __future__ import annotations

from datetime import UTC, datetime

from storebridge_order_replicator.settings import OrderStatusSettings
from storebridge_order_replicator.store.dead_orders import DeadOrders
from storebridge_order_replicator.store.orders import OrderStore
from storebridge_shared.broker.dead_letters import dead_letter_queue
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


async def status_lines(settings: OrderStatusSettings, limit: int = 10, dead: int = 20) -> list[str]:
    """The report; the dead-letter part says so when the broker cannot be reached."""
    async with open_database(settings, indexes=False) as db:
        runs = await PollRuns(db).recent(limit)
        counts = await OrderStore(db).count_by_state()
        dead_orders = await DeadOrders(db).count()
    lines = ["Recent poll runs:", *run_lines(runs), "", "Orders by state:"]
    lines += [f"  {state:11} {count}" for state, count in counts.items()]
    lines.append(f"  dead-lettered (skipped by the poll until requeued): {dead_orders}")
    lines += ["", "Dead letters:"]
    try:
        topology = Topology(namespace=settings.broker_namespace)
        async with dead_letter_queue(settings.amqp_url, topology, SERVICE) as dlq:
            total, peeked = await dlq.count(), await dlq.peek(dead)
    except Exception as error:
        return [*lines, f"  broker unavailable: {str(error).splitlines()[0][:150]}"]
    lines.append(f"  {total} in {topology.queues(SERVICE).dead}")
    lines += [
        f"  {m.failed_at[:19]:19}  {m.event_id:36} {m.routing_key:28} {m.reason[:90]}"
        for m in peeked
    ]
    return lines
