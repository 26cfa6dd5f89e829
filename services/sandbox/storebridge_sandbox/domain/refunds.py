"""Refunds (v3 `payment_actions/refunds`): recorded against the order, which gains a
`refunded_amount`, a payment status and status 14 or 4, and fire store/order/refund/created."""

from __future__ import annotations

from typing import Any

from storebridge_sandbox.domain.common import as_object
from storebridge_sandbox.domain.order_events import announce_change, touch
from storebridge_sandbox.domain.order_status import status_name
from storebridge_sandbox.domain.order_values import decimal, money
from storebridge_sandbox.domain.refund_quotes import item_amounts, quote, refundable
from storebridge_sandbox.errors import ApiError, invalid
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.store import Store
from storebridge_sandbox.timefmt import iso

REFUNDED, PARTIALLY_REFUNDED = 4, 14


def _payments(data: Record, methods: list[list[Record]], guest: bool) -> list[Record]:
    payments = data.get("payments")
    if (
        not isinstance(payments, list)
        or not payments
        or not all(isinstance(p, dict) for p in payments)
    ):
        raise invalid("payments", "Give at least one payment")
    offered = {option["provider_id"] for method in methods for option in method}
    for payment in payments:
        if payment.get("provider_id") == "storecredit" and guest:
            raise ApiError(422, "Unable to provide store credit for a guest customer.")
        if payment.get("provider_id") not in offered:
            raise invalid("payments", f"provider_id must be one of {', '.join(sorted(offered))}")
    return payments


def _total(data: Record, quoted: float) -> tuple[float, bool]:
    override = data.get("merchant_calculated_override")
    if isinstance(override, dict):
        return round(decimal(override.get("total_amount"), "total_amount"), 2), True
    return quoted, False


def _refund_record(state: StoreState, order: Record, data: Record, total: float) -> Record:
    priced = item_amounts(state, order, data)
    return {
        "id": state.next_id("order_refunds"),
        "order_id": order["id"],
        "user_id": 0,
        "created": iso(),
        "reason": str(
            data.get("reason") or next((str(i["reason"]) for i, _ in priced if i.get("reason")), "")
        ),
        "total_amount": total,
        "total_tax": 0.0,
        "uses_merchant_override_values": isinstance(data.get("merchant_calculated_override"), dict),
        "items": [_refunded_item(item, amount) for item, amount in priced],
        "payments": [],
    }


def _refunded_item(item: Record, amount: float) -> Record:
    refunded: Record = {
        "item_type": item["item_type"],
        "item_id": int(item["item_id"]),
        "reason": str(item.get("reason") or ""),
        "requested_amount": round(amount, 2),
    }
    if item["item_type"] == "PRODUCT":
        refunded["quantity"] = int(item["quantity"])
    return refunded


def record_refund(state: StoreState, order: Record, body: Any) -> Record:
    """Validate and store a refund, and update the order and its lines (no event)."""
    data = as_object(body)
    quoted = quote(state, order, data)
    total, _ = _total(data, quoted["total_refund_amount"])
    if total > refundable(order) + 0.005:
        raise invalid("merchant_calculated_override", f"At most {refundable(order):.2f}")
    payments = _payments(data, quoted["refund_methods"], guest=not order["customer_id"])
    paid = round(sum(decimal(p.get("amount"), "payments.amount") for p in payments), 2)
    if abs(paid - total) > 0.005:
        raise invalid(
            "payments", f"The payments ({paid:.2f}) must add up to the refund ({total:.2f})"
        )
    refund = _refund_record(state, order, data, total)
    refund["payments"] = [_payment(state, p) for p in payments]
    state.table("order_refunds")[refund["id"]] = refund
    _apply(state, order, refund)
    return refund


def _payment(state: StoreState, payment: Record) -> Record:
    return {
        "id": state.next_id("refund_payments"),
        "provider_id": str(payment["provider_id"]),
        "amount": round(float(payment["amount"]), 2),
        "offline": bool(payment.get("offline", False)),
        "is_declined": False,
        "declined_message": "",
        "transaction_id": "",
    }


def _apply(state: StoreState, order: Record, refund: Record) -> None:
    refunded = float(order["refunded_amount"]) + refund["total_amount"]
    whole = refunded >= float(order["total_inc_tax"]) - 0.005
    status_id = REFUNDED if whole else PARTIALLY_REFUNDED
    order.update(
        refunded_amount=money(refunded),
        payment_status="refunded" if whole else "partially refunded",
        status_id=status_id,
        status=status_name(status_id),
        custom_status=status_name(status_id),
    )
    for item in refund["items"]:
        if item["item_type"] == "PRODUCT":
            line = state.table("order_products")[item["item_id"]]
            line["quantity_refunded"] += item["quantity"]
            line["refund_amount"] = money(float(line["refund_amount"]) + item["requested_amount"])
            line["is_refunded"] = line["quantity_refunded"] >= line["quantity"]
    touch(order)


def create_refund(store: Store, order_id: int, body: Any) -> Record:
    """A refund through the API or the control panel: refund/created, updated, statusUpdated."""
    order = store.state.get("orders", order_id)
    previous = order["status_id"]
    refund = record_refund(store.state, order, body)
    data = {"type": "order", "id": order_id, "refund": {"refund_id": refund["id"]}}
    store.emit("store/order/refund/created", data)
    announce_change(store, order, previous)
    return refund
