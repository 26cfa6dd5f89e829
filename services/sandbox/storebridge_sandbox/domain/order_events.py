"""What an order change tells the world: `date_modified` moves on, and the order webhooks."""

from __future__ import annotations

from storebridge_sandbox.state import Record
from storebridge_sandbox.store import Store
from storebridge_sandbox.timefmt import now, parse_date, rfc2822


def touch(order: Record) -> None:
    """Set `date_modified` to now; it never moves backwards."""
    previous = parse_date(str(order.get("date_modified") or ""))
    moment = now() if previous is None else max(now(), previous)
    order["date_modified"] = rfc2822(moment)


def _status_with_ids(store: Store) -> bool:
    """Whether `statusUpdated` carries `data.status` (a store setting, overridable by a fault)."""
    return store.config.status_updated_with_status and not (
        store.faults.config.status_updated_without_status
    )


def status_updated_data(store: Store, order_id: int, previous: int, new: int) -> Record:
    """`{"type": "order", "id", "status": {previous_status_id, new_status_id}}` or without
    `status`, as some stores send it."""
    data: Record = {"type": "order", "id": order_id}
    if _status_with_ids(store):
        data["status"] = {"previous_status_id": previous, "new_status_id": new}
    return data


def announce_change(store: Store, order: Record, previous_status: int) -> None:
    """`store/order/updated`, then `statusUpdated` when the status moved."""
    order_id = order["id"]
    store.emit("store/order/updated", {"type": "order", "id": order_id})
    if order["status_id"] != previous_status:
        data = status_updated_data(store, order_id, previous_status, order["status_id"])
        store.emit("store/order/statusUpdated", data)


def announce_archived(store: Store, order_id: int) -> None:
    """`store/order/archived`."""
    store.emit("store/order/archived", {"type": "order", "id": order_id})
