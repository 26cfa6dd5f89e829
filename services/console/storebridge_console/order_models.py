"""What the Orders page shows (pure): counts by state, the latest orders, poll runs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from storebridge_console.formatting import duration, utc_ms
from storebridge_shared.order_records import OrderRow, PollRun


def order_row(order: OrderRow) -> dict[str, Any]:
    """One order as a table row: our state beside BigCommerce's status as last read."""
    bc_status = "" if order.bc_status_id is None else str(order.bc_status_id)
    if order.bc_status:
        bc_status = f"{bc_status} {order.bc_status}".strip()
    return {
        "store_hash": order.store_hash,
        "order_id": order.order_id,
        "state": order.state,
        "bc_status": bc_status or "not read yet",
        "target": "" if order.target_status_id is None else order.target_status_id,
        "action": order.status_action,
        "failures": order.failures,
        "error": order.last_error[:200],
        "first_seen": utc_ms(order.first_seen_ms or None),
        "bad": bool(order.last_error),
    }


def poll_row(run: PollRun) -> dict[str, Any]:
    """One poll run as a table row (the figures `storebridge status orders` prints)."""
    return {
        "store_hash": run.store_hash,
        "started": utc_ms(run.started_ms),
        "duration": duration((run.finished_ms - run.started_ms) / 1000),
        "since": utc_ms(run.since_ms),
        "found": run.found,
        "new": run.new,
        "dead": run.dead,
        "status": run.status,
        "error": run.errors[0][:200] if run.errors else "",
    }


def last_polls(last_started: Mapping[str, int | None]) -> list[dict[str, str]]:
    """Per configured store when its latest finished poll started ("never" before any)."""
    return [
        {"store": store, "started": utc_ms(started) if started is not None else "never"}
        for store, started in last_started.items()
    ]


def orders_view(
    counts: Mapping[str, int],
    orders: Sequence[OrderRow],
    runs: Sequence[PollRun],
    last_started: Mapping[str, int | None],
) -> dict[str, Any]:
    """The Orders page."""
    return {
        "counts": dict(counts),
        "orders": [order_row(order) for order in orders],
        "runs": [poll_row(run) for run in runs],
        "last_polls": last_polls(last_started),
    }
