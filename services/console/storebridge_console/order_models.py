"""What the Orders page and the resource page's order lookup show (pure): counts by state, the
latest orders, poll runs; one order with its steps, its dead letter and its events."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from storebridge_console.event_models import touching_rows
from storebridge_console.formatting import duration, utc, utc_ms
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.lifecycle import EventStatus
from storebridge_shared.records.orders import OrderDetail, OrderRow, PollRun

ORDER_SERVICE = "order-replicator"
"""The consuming service whose dead letters hold orders."""
_STORE_HASH = re.compile(r"^[A-Za-z0-9]{1,64}$")


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
        "lookup": f"store={order.store_hash}&order={order.order_id}",
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


@dataclass(frozen=True)
class OrderQuery:
    """Which order to show: a store hash and BigCommerce's order id."""

    store_hash: str
    order_id: int


class BadOrderQuery(ValueError):
    """The asked order cannot be looked up; the message says why."""


def order_query(store: str, order: str, default_store: str) -> OrderQuery | None:
    """The order asked by the lookup form (None when no order id was given; the store defaults
    to store A); BadOrderQuery when the id is not a number or the store not a store hash."""
    store, order = store.strip() or default_store, order.strip()
    if not order:
        return None
    if not order.isdigit():
        raise BadOrderQuery("order must be a number")
    if not _STORE_HASH.match(store):
        raise BadOrderQuery("store must be a store hash (letters and digits)")
    return OrderQuery(store, int(order))


def _status(status_id: int | None, name: str = "") -> str:
    text = "" if status_id is None else str(status_id)
    return f"{text} {name}".strip()


def order_detail_view(
    query: OrderQuery,
    detail: OrderDetail | None,
    events: Sequence[tuple[EventEnvelope, EventStatus]],
    now_ms: int,
) -> dict[str, Any]:
    """The resource page's order section: the stored copy's state and status, BigCommerce's
    status as last read, when it was stored and moved, the replication's failures and dead
    letter, whether a replica works on it now. Nothing of the copy beyond its status fields."""
    head: dict[str, Any] = {
        "store_hash": query.store_hash,
        "order_id": query.order_id,
        "found": detail is not None,
        "events": touching_rows(events, len(events)),
    }
    if detail is None:
        return head
    row, steps = detail.row, detail.steps
    step = row.status_action
    if step and detail.status_before is not None and detail.status_after is not None:
        step += f" ({detail.status_before} -> {detail.status_after})"
    working = detail.lease_owner and detail.lease_until_ms > now_ms
    dead = detail.dead
    return head | {
        "row": order_row(row),
        "state": row.state,
        "bc_status": _status(row.bc_status_id, row.bc_status) or "not read yet",
        "bc_modified": detail.bc_modified,
        "target": "" if row.target_status_id is None else row.target_status_id,
        "step": step,
        "first_seen": utc_ms(row.first_seen_ms or None),
        "stored_at": utc(steps.stored_at),
        "moved_at": utc(steps.moved_at),
        "announced_at": utc(steps.announced_at),
        "seen_at": utc(steps.seen_at),
        "refreshed_at": utc(steps.refreshed_at),
        "refreshes": detail.refreshes,
        "failures": row.failures,
        "last_error": row.last_error,
        "outcome": _outcome(detail, bool(dead)),
        "working": f"{detail.lease_owner} until {utc_ms(detail.lease_until_ms)}" if working else "",
        "dead": None
        if dead is None
        else {
            "at": utc_ms(dead.dead_at_ms or None),
            "reason": dead.reason,
            "service": ORDER_SERVICE,
            "event_ids": list(dead.event_ids),
        },
    }


def _outcome(detail: OrderDetail, dead: bool) -> str:
    """The replication's outcome so far, in words."""
    row = detail.row
    if dead:
        return "dead-lettered: waits for an operator (requeue its dead letter)"
    if row.state == "replicated":
        return f"replicated ({row.status_action or 'status step recorded'})"
    if row.state == "waiting":
        return "waiting: seen in a status the replicator does not take"
    if row.last_error:
        return f"failing: {row.failures} failed attempt(s) so far, retried"
    return f"in progress ({row.state})"
