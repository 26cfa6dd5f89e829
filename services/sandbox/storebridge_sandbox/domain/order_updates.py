"""Order changes by a merchant or a shopper: v2 partial update, archiving, checkout and the
completion of an incomplete checkout."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from storebridge_sandbox.domain.common import as_object
from storebridge_sandbox.domain.inventory import order_used_stock
from storebridge_sandbox.domain.order_build import status_of
from storebridge_sandbox.domain.order_edits import edit_address, edit_addresses, edit_lines
from storebridge_sandbox.domain.order_events import announce_archived, announce_change, touch
from storebridge_sandbox.domain.order_totals import recompute
from storebridge_sandbox.domain.orders import add_order
from storebridge_sandbox.errors import ApiError, invalid
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.store import Store

WRITABLE = (
    "customer_message",
    "staff_notes",
    "payment_method",
    "is_deleted",
    "external_id",
    "customer_id",
)
READ_ONLY = (
    "id",
    "date_created",
    "date_modified",
    "status",
    "subtotal_ex_tax",
    "subtotal_inc_tax",
    "total_ex_tax",
    "total_inc_tax",
    "items_total",
    "order_is_digital",
    "products_link",
)
INCOMPLETE = 0
COMPLETED_STATUSES = (7, 11)


@contextmanager
def all_or_nothing(state: StoreState) -> Iterator[None]:
    """Undo the changes to orders, lines and addresses when the block raises an ApiError."""
    tables = ("orders", "order_products", "order_addresses")
    saved = {name: copy.deepcopy(state.table(name)) for name in tables}
    try:
        yield
    except ApiError:
        for name in tables:
            state.tables[name] = saved[name]
        raise


def _reject_read_only(data: Record) -> None:
    for field in data:
        if field in READ_ONLY:
            raise ApiError(
                400,
                f"The field '{field}' cannot be written to. Please remove it from "
                "your request before trying again.",
            )


def _copy_fields(order: Record, data: Record) -> None:
    if isinstance(data.get("billing_address"), dict):
        order["billing_address"].update(data["billing_address"])
    for field in WRITABLE:
        if field in data:
            order[field] = data[field]


def _edit(state: StoreState, order: Record, data: Record) -> None:
    with all_or_nothing(state):
        if "products" in data:
            edit_lines(state, order, data["products"])
            recompute(state, order)
        if "shipping_addresses" in data:
            edit_addresses(state, order, data["shipping_addresses"])


def update_order(store: Store, order_id: int, body: object) -> Record:
    """v2 partial update: fields, lines, shipping addresses, status; fires updated (and
    statusUpdated, archived when they apply)."""
    data = as_object(body)
    state, order = store.state, store.state.get("orders", order_id)
    _reject_read_only(data)
    previous = order["status_id"]
    status_id, status = status_of(data, previous)
    if "products" in data or "shipping_addresses" in data:
        _edit(state, order, data)
    _copy_fields(order, data)
    order.update(status_id=status_id, status=status, custom_status=status)
    touch(order)
    announce_change(store, order, previous)
    if data.get("is_deleted") is True:
        announce_archived(store, order_id)
    return order


def update_shipping_address(store: Store, order_id: int, address_id: int, body: object) -> Record:
    """v2 `PUT /orders/{id}/shipping_addresses/{id}`: fires store/order/updated."""
    order = store.state.get("orders", order_id)
    address = edit_address(store.state, order_id, address_id, body)
    touch(order)
    announce_change(store, order, order["status_id"])
    return address


def archive_order(store: Store, order_id: int) -> None:
    """DELETE: mark archived (`is_deleted`) and fire store/order/archived."""
    order = store.state.get("orders", order_id)
    order["is_deleted"] = True
    touch(order)
    announce_archived(store, order_id)


def checkout(store: Store, body: object) -> Record:
    """A shopper checkout: an order (status 11 unless given) and store/order/created; a paid
    checkout (any status but 0, Incomplete) also fires store/cart/converted."""
    spec = as_object(body)
    cart_id = str(spec.get("cart_id") or uuid.uuid4())
    order = add_order(store.state, {**spec, "cart_id": cart_id}, default_status=11)
    store.emit("store/order/created", {"type": "order", "id": order["id"]})
    if order["status_id"] != INCOMPLETE:
        _converted(store, order)
    return order


def _converted(store: Store, order: Record) -> None:
    """A paid checkout: the lines' stock is used up, then store/cart/converted."""
    order_used_stock(store, store.state.children("order_products", "order_id", order["id"]))
    data = {"type": "cart", "id": order["cart_id"], "orderId": order["id"]}
    store.emit("store/cart/converted", data)


def complete_checkout(store: Store, order_id: int, body: object) -> Record:
    """The shopper pays an incomplete (status 0) order: it moves to 11 (or 7) and fires updated,
    statusUpdated and store/cart/converted."""
    data = as_object(body or {})
    order = store.state.get("orders", order_id)
    if order["status_id"] != INCOMPLETE:
        raise ApiError(409, f"Order {order_id} is not incomplete", {"status_id": "not 0"})
    status_id, status = status_of({"status_id": data.get("status_id", 11)}, 11)
    if status_id not in COMPLETED_STATUSES:
        raise invalid("status_id", "A checkout completes to 11 or 7")
    payment_status = "pending" if status_id == 7 else "captured"
    order.update(status_id=status_id, status=status, custom_status=status)
    order["payment_status"] = str(data.get("payment_status", payment_status))
    touch(order)
    announce_change(store, order, INCOMPLETE)
    _converted(store, order)
    return order
