"""Refund quotes (v3 `payment_actions/refund_quotes`): what each requested item refunds, what
is left to refund, and the refund methods offered."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from storebridge_sandbox.domain.common import as_object
from storebridge_sandbox.domain.order_values import decimal, whole
from storebridge_sandbox.errors import ApiError, invalid
from storebridge_sandbox.state import Record, StoreState

PAID = ("captured", "paid", "partially refunded")
ITEM_TYPES = ("PRODUCT", "GIFT_WRAPPING", "SHIPPING", "HANDLING", "ORDER", "FEE")
PROVIDERS = {
    "Credit Card": ("testgateway", "Test Payment Gateway", False),
    "Bank Deposit": ("bankdeposit", "Bank Deposit", True),
    "Cash on Delivery": ("cod", "Cash on Delivery", True),
}
OFFLINE_REASON = "This is an offline payment provider."
Done = defaultdict[tuple[str, int], float]


def _refunded(state: StoreState, order_id: int) -> Done:
    done: Done = defaultdict(float)
    for refund in state.children("order_refunds", "order_id", order_id):
        for item in refund["items"]:
            key = (item["item_type"], item["item_id"])
            if item["item_type"] == "PRODUCT":
                done[key] += int(item["quantity"])
            else:
                done[key] += float(item["requested_amount"])
    return done


def _product(state: StoreState, order_id: int, item: Record, done: Done) -> float:
    line = state.table("order_products").get(whole(item.get("item_id"), "item_id"))
    if line is None or line["order_id"] != order_id:
        raise invalid("items", f"Order product {item.get('item_id')} is not on this order")
    quantity = whole(item.get("quantity"), "quantity")
    left = int(line["quantity"]) - int(done[("PRODUCT", line["id"])])
    if not 1 <= quantity <= left:
        raise invalid("items", f"At most {left} of order product {line['id']} can be refunded")
    return quantity * float(line["price_inc_tax"])


def _bounded(item: Record, ceiling: float, done: Done) -> float:
    amount = decimal(item.get("amount"), "amount")
    left = ceiling - float(done[(item["item_type"], whole(item.get("item_id"), "item_id"))])
    if amount > left + 0.005:
        raise invalid("items", f"At most {left:.2f} of this {item['item_type']} can be refunded")
    return amount


def _ceiling(state: StoreState, order: Record, item: Record) -> float:
    kind, item_id = item["item_type"], whole(item.get("item_id"), "item_id")
    if kind == "ORDER":
        if item_id != order["id"]:
            raise invalid("items", "An ORDER item's item_id is the order id")
        return float(order["total_inc_tax"])
    address = state.table("order_addresses").get(item_id)
    if kind not in ("SHIPPING", "HANDLING") or address is None:
        raise invalid("items", f"Nothing of type {kind} with id {item_id} on this order")
    if address["order_id"] != order["id"]:
        raise invalid("items", f"Shipping address {item_id} is not on this order")
    return float(address["cost_inc_tax" if kind == "SHIPPING" else "handling_cost_inc_tax"])


def item_amounts(state: StoreState, order: Record, body: Any) -> list[tuple[Record, float]]:
    """Each requested item with the amount it refunds; 422 for anything not refundable."""
    data = as_object(body)
    items = data.get("items")
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise invalid("items", "Give at least one item to refund")
    if str(order.get("payment_status")) not in PAID:
        raise ApiError(422, "The order has not been paid; nothing can be refunded")
    done = _refunded(state, order["id"])
    priced = []
    for item in items:
        if item.get("item_type") not in ITEM_TYPES:
            raise invalid("items", f"item_type must be one of {', '.join(ITEM_TYPES)}")
        if item["item_type"] in ("PRODUCT", "GIFT_WRAPPING"):
            if item["item_type"] == "GIFT_WRAPPING":
                raise invalid("items", "This order has no gift wrapping")
            priced.append((item, _product(state, order["id"], item, done)))
        else:
            priced.append((item, _bounded(item, _ceiling(state, order, item), done)))
    return priced


def refundable(order: Record) -> float:
    """What is left to refund on the order."""
    return round(float(order["total_inc_tax"]) - float(order["refunded_amount"]), 2)


def _option(provider: tuple[str, str, bool], amount: float) -> Record:
    provider_id, description, offline = provider
    return {
        "provider_id": provider_id,
        "provider_description": description,
        "amount": amount,
        "offline": offline,
        "offline_provider": offline,
        "offline_reason": OFFLINE_REASON if offline else "",
    }


def refund_methods(order: Record, amount: float) -> list[list[Record]]:
    """The payment's own provider, store credit for a registered customer, and custom."""
    paid_with = PROVIDERS.get(order["payment_method"], ("custom", "Custom", True))
    methods = [[_option(paid_with, amount)]]
    if order["customer_id"]:
        methods.append([_option(("storecredit", "Store Credit", False), amount)])
    if paid_with[0] != "custom":
        methods.append([_option(("custom", "Custom", True), amount)])
    return methods


def quote(state: StoreState, order: Record, body: Any) -> Record:
    """The refund quote: totals (no tax is charged here) and the refund methods."""
    priced = item_amounts(state, order, body)
    total = round(sum(amount for _, amount in priced), 2)
    if total > refundable(order) + 0.005:
        raise invalid("items", f"At most {refundable(order):.2f} can be refunded")
    order_level = sum(amount for item, amount in priced if item["item_type"] == "ORDER")
    return {
        "order_id": order["id"],
        "total_refund_amount": total,
        "total_refund_tax_amount": 0.0,
        "order_level_refund_amount": round(order_level, 2),
        "rounding": 0.0,
        "adjustment": 0.0,
        "tax_inclusive": True,
        "refund_methods": refund_methods(order, total),
    }
