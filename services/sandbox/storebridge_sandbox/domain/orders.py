"""Orders: creation from line items, v2 partial update, status changes, archiving, checkout."""

from __future__ import annotations

import uuid

from storebridge_sandbox.domain.common import as_object
from storebridge_sandbox.domain.order_build import (
    DEFAULT_SHIPPING,
    address,
    build_lines,
    money,
    order_dates,
    status_of,
)
from storebridge_sandbox.errors import ApiError
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.store import Store
from storebridge_sandbox.timefmt import rfc2822

WRITABLE = (
    "status_id",
    "customer_message",
    "staff_notes",
    "billing_address",
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


def _totals(lines: list[Record], coupons: list[Record], shipping: float) -> Record:
    subtotal = sum(float(line["total_inc_tax"]) for line in lines)
    discount = sum(float(c["discount"]) for c in coupons)
    total = max(0.0, subtotal + shipping - discount)
    return {
        "subtotal_ex_tax": money(subtotal),
        "subtotal_inc_tax": money(subtotal),
        "subtotal_tax": money(0),
        "base_shipping_cost": money(shipping),
        "shipping_cost_ex_tax": money(shipping),
        "shipping_cost_inc_tax": money(shipping),
        "shipping_cost_tax": money(0),
        "shipping_cost_tax_class_id": 2,
        "base_handling_cost": money(0),
        "handling_cost_ex_tax": money(0),
        "handling_cost_inc_tax": money(0),
        "handling_cost_tax": money(0),
        "base_wrapping_cost": money(0),
        "wrapping_cost_ex_tax": money(0),
        "wrapping_cost_inc_tax": money(0),
        "wrapping_cost_tax": money(0),
        "total_ex_tax": money(total),
        "total_inc_tax": money(total),
        "total_tax": money(0),
        "discount_amount": money(0),
        "coupon_discount": money(discount),
        "items_total": sum(int(line["quantity"]) for line in lines),
    }


def _coupons(state: StoreState, order_id: int, spec: Record) -> list[Record]:
    return [
        {
            "id": state.next_id("order_coupons"),
            "coupon_id": int(c.get("coupon_id", 1)),
            "order_id": order_id,
            "code": str(c.get("code", "")),
            "amount": money(float(c.get("amount", 0))),
            "type": int(c.get("type", 0)),
            "discount": money(float(c.get("amount", 0))),
        }
        for c in spec.get("coupons") or []
    ]


def _shipping_address(state: StoreState, order: Record, spec: Record, lines: list[Record]) -> None:
    physical = [line for line in lines if line["type"] == "physical"]
    if not physical or ("shipping_address" in spec and spec["shipping_address"] is None):
        return
    record = address(spec.get("shipping_address") or spec.get("billing_address"))
    record.update(
        id=state.next_id("order_addresses"),
        order_id=order["id"],
        items_total=sum(int(line["quantity"]) for line in physical),
        items_shipped=0,
        shipping_method=str(spec.get("shipping_method", "Flat Rate")),
        base_cost=order["base_shipping_cost"],
        cost_ex_tax=order["shipping_cost_ex_tax"],
        cost_inc_tax=order["shipping_cost_inc_tax"],
        cost_tax=money(0),
        cost_tax_class_id=2,
        base_handling_cost=money(0),
        handling_cost_ex_tax=money(0),
        handling_cost_inc_tax=money(0),
        handling_cost_tax=money(0),
        handling_cost_tax_class_id=2,
        shipping_zone_id=1,
        shipping_zone_name="United States",
    )
    state.table("order_addresses")[record["id"]] = record
    for line in physical:
        line["order_address_id"] = record["id"]


def add_order(
    state: StoreState, body: object, default_status: int, record_id: int | None = None
) -> Record:
    """Store an order built from `line_items` (no event)."""
    spec = as_object(body)
    status_id, status = status_of(spec, default_status)
    order_id = state.next_id("orders", record_id)
    lines = build_lines(state, order_id, spec.get("line_items"))
    coupons = _coupons(state, order_id, spec)
    physical = any(line["type"] == "physical" for line in lines)
    shipping = float(spec.get("shipping_cost", DEFAULT_SHIPPING if physical else 0))
    created, modified = order_dates(spec)
    order: Record = {
        "id": order_id,
        "customer_id": int(spec.get("customer_id", 0)),
        "date_created": created,
        "date_modified": modified,
        "date_shipped": "",
        "status_id": status_id,
        "status": status,
        "custom_status": status,
        **_totals(lines, coupons, shipping),
        "items_shipped": 0,
        "payment_method": str(spec.get("payment_method", "Credit Card")),
        "payment_provider_id": "",
        "payment_status": str(spec.get("payment_status", "captured")),
        "refunded_amount": money(0),
        "order_is_digital": all(x["type"] == "digital" for x in lines),
        "store_credit_amount": money(0),
        "gift_certificate_amount": money(0),
        "ip_address": "203.0.113.10",
        "ip_address_v6": "",
        "geoip_country": "United States",
        "geoip_country_iso2": "US",
        "currency_id": 1,
        "currency_code": "USD",
        "currency_exchange_rate": "1.0000000000",
        "default_currency_id": 1,
        "default_currency_code": "USD",
        "store_default_currency_code": "USD",
        "staff_notes": "",
        "customer_message": str(spec.get("customer_message", "")),
        "shipping_address_count": 0,
        "is_deleted": False,
        "ebay_order_id": "0",
        "cart_id": str(spec.get("cart_id", "")),
        "billing_address": address(spec.get("billing_address")),
        "is_email_opt_in": False,
        "credit_card_type": None,
        "order_source": "www",
        "channel_id": int(spec.get("channel_id", 1)),
        "external_source": spec.get("external_source"),
        "external_id": None,
        "external_order_id": "",
        "customer_locale": "en",
    }
    state.table("orders")[order_id] = order
    for line in lines:
        state.table("order_products")[line["id"]] = line
    for coupon in coupons:
        state.table("order_coupons")[coupon["id"]] = coupon
    _shipping_address(state, order, spec, lines)
    order["shipping_address_count"] = len(state.children("order_addresses", "order_id", order_id))
    return order


def update_order(store: Store, order_id: int, body: object) -> Record:
    """v2 partial update; a status change fires store/order/updated and .../statusUpdated."""
    data = as_object(body)
    order = store.state.get("orders", order_id)
    for field in data:
        if field in READ_ONLY:
            raise ApiError(
                400,
                f"The field '{field}' cannot be written to. Please remove it from "
                "your request before trying again.",
            )
    previous = order["status_id"]
    if "status_id" in data:
        order["status_id"], order["status"] = status_of(data, previous)
        order["custom_status"] = order["status"]
    for field in WRITABLE:
        if field == "billing_address" and isinstance(data.get(field), dict):
            order["billing_address"].update(data[field])
        elif field in data and field != "status_id":
            order[field] = data[field]
    order["date_modified"] = rfc2822()
    store.emit("store/order/updated", {"type": "order", "id": order_id})
    if order["status_id"] != previous:
        status = {"previous_status_id": previous, "new_status_id": order["status_id"]}
        store.emit("store/order/statusUpdated", {"type": "order", "id": order_id, "status": status})
    if data.get("is_deleted") is True:
        store.emit("store/order/archived", {"type": "order", "id": order_id})
    return order


def archive_order(store: Store, order_id: int) -> None:
    """DELETE: mark archived (`is_deleted`) and fire store/order/archived."""
    order = store.state.get("orders", order_id)
    order.update(is_deleted=True, date_modified=rfc2822())
    store.emit("store/order/archived", {"type": "order", "id": order_id})


def checkout(store: Store, body: object) -> Record:
    """A shopper checkout: an order (status 11 unless given), order/created, cart/converted."""
    spec = as_object(body)
    cart_id = str(spec.get("cart_id") or uuid.uuid4())
    order = add_order(store.state, {**spec, "cart_id": cart_id}, default_status=11)
    store.emit("store/order/created", {"type": "order", "id": order["id"]})
    store.emit("store/cart/converted", {"type": "cart", "id": cart_id, "orderId": order["id"]})
    return order
