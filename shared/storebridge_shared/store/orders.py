"""The read side of the replicated orders (`orders`): counts by state and the latest orders.

The order replicator writes the collection (its `store/orders.py` and `store/order_copies.py`);
its `storebridge status orders` and the console's Orders page read it here. A row carries only
the replication state and the status fields of the stored copy: the copy's addresses, e-mails
and phones are never read.
"""

from __future__ import annotations

from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from storebridge_shared.order_records import OrderRow
from storebridge_shared.order_states import STATES
from storebridge_shared.store.collections import ORDERS
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

__all__ = ["OrderReads", "OrderRow", "order_row"]


class OrderReads:
    """Read the `orders` collection."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._orders = db[ORDERS]

    async def count_by_state(self) -> dict[str, int]:
        """How many orders are in each state (every state listed, zeros included; index
        `by_state`)."""
        return {state: await count(self._orders, {"state": equals(state)}) for state in STATES}

    async def recent(self, limit: int = 20) -> list[OrderRow]:
        """The orders first seen latest, newest first (index `first_seen_latest_first`)."""
        cursor = self._orders.find({}, _SHOWN).sort("first_seen_ms", DESCENDING).limit(limit)
        return [order_row(doc) async for doc in cursor]


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
