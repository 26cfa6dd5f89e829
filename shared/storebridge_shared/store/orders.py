"""The read side of the replicated orders (`orders`): counts by state, the latest orders, one
order with its steps and its dead letter (`order_dead_letters`).

The order replicator writes the collections (its `store/orders.py`, `store/order_copies.py` and
`store/dead_orders.py`); its `storebridge status orders` and the console's Orders and resource
pages read them here. A row carries only the replication state and the status fields of the
stored copy: the copy's addresses, e-mails and phones are never read (every read projects).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from storebridge_shared.records.order_states import STATES
from storebridge_shared.records.orders import DeadOrder, OrderDetail, OrderRow, OrderStep, order_key
from storebridge_shared.store.collections import ORDER_DEAD_LETTERS, ORDERS
from storebridge_shared.store.forms import count, equals

_SHOWN = {
    "store_hash": 1,
    "order_id": 1,
    "state": 1,
    "first_seen_ms": 1,
    "target_status_id": 1,
    "seen_status_id": 1,
    "status_action": 1,
    "last_error": 1,
    "failures": 1,
    "order.status_id": 1,
    "order.status": 1,
}

_STEPS = ("replicated_at", "status_moved_at", "announced_at", "seen_at", "refreshed_at")
"""The steps' times (`$currentDate`), in `OrderStep`'s order."""
_DETAIL = _SHOWN | dict.fromkeys(
    (
        *_STEPS,
        "status_before",
        "status_after",
        "refreshes",
        "lease_owner",
        "lease_until_ms",
        "order.date_modified",
    ),
    1,
)
_DEAD = {"reason": 1, "dead_at_ms": 1, "event_ids": 1}

__all__ = ["OrderReads", "OrderRow", "order_detail", "order_row"]


class OrderReads:
    """Read the `orders` collection."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._orders = db[ORDERS]
        self._dead = db[ORDER_DEAD_LETTERS]

    async def count_by_state(self) -> dict[str, int]:
        """How many orders are in each state (every state listed, zeros included; index
        `by_state`)."""
        return {state: await count(self._orders, {"state": equals(state)}) for state in STATES}

    async def recent(self, limit: int = 20) -> list[OrderRow]:
        """The orders first seen latest, newest first (index `first_seen_latest_first`)."""
        cursor = self._orders.find({}, _SHOWN).sort("first_seen_ms", DESCENDING).limit(limit)
        return [order_row(doc) async for doc in cursor]

    async def get(self, store_hash: str, order_id: int) -> OrderDetail | None:
        """One order with its steps and its dead letter, or None when never seen (`_id`)."""
        key = order_key(store_hash, order_id)
        doc = await self._orders.find_one({"_id": key}, _DETAIL)
        if doc is None:
            return None
        dead = await self._dead.find_one({"_id": key}, _DEAD)
        return order_detail(doc, dead)


def _int(value: object) -> int | None:
    return int(value) if isinstance(value, int | float | str) and str(value).isdigit() else None


def _copy_field(doc: dict[str, Any], name: str) -> object:
    """A projected field of the stored copy: nested (MongoDB) or under its dotted key (the
    stand-in returns `order.status_id` as a top-level key, docs/mongodb-stand-in.md)."""
    copy = doc.get("order")
    if isinstance(copy, dict) and name in copy:
        return copy[name]
    return doc.get(f"order.{name}")


def order_row(doc: dict[str, Any]) -> OrderRow:
    """A stored order document (projected on the shown fields) as a row."""
    status_id = _int(_copy_field(doc, "status_id"))
    if status_id is None:
        status_id = _int(doc.get("seen_status_id"))
    return OrderRow(
        store_hash=str(doc.get("store_hash", "")),
        order_id=int(doc.get("order_id", 0)),
        state=str(doc.get("state", "")),
        first_seen_ms=int(doc.get("first_seen_ms", 0)),
        bc_status_id=status_id,
        bc_status=str(_copy_field(doc, "status") or ""),
        target_status_id=_int(doc.get("target_status_id")),
        status_action=str(doc.get("status_action", "") or ""),
        last_error=str(doc.get("last_error", "") or ""),
        failures=int(doc.get("failures", 0) or 0),
    )


def _moment(value: object) -> datetime | None:
    return value if isinstance(value, datetime) else None


def order_detail(doc: dict[str, Any], dead: dict[str, Any] | None = None) -> OrderDetail:
    """A stored order document (projected on `_DETAIL`) and its dead-letter mark as a detail."""
    moments = [_moment(doc.get(name)) for name in _STEPS]
    return OrderDetail(
        row=order_row(doc),
        status_before=_int(doc.get("status_before")),
        status_after=_int(doc.get("status_after")),
        bc_modified=str(_copy_field(doc, "date_modified") or ""),
        steps=OrderStep(*moments),
        refreshes=int(doc.get("refreshes", 0) or 0),
        lease_owner=str(doc.get("lease_owner", "") or ""),
        lease_until_ms=int(doc.get("lease_until_ms", 0) or 0),
        dead=None
        if dead is None
        else DeadOrder(
            reason=str(dead.get("reason", "")),
            dead_at_ms=int(dead.get("dead_at_ms", 0) or 0),
            event_ids=tuple(str(e) for e in dead.get("event_ids") or ()),
        ),
    )
