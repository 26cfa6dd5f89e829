"""Order money: the v2 total fields computed from lines, shipping and coupons (no tax)."""

from __future__ import annotations

from storebridge_sandbox.domain.order_values import money
from storebridge_sandbox.state import Record, StoreState

_ZERO_COSTS = ("handling", "wrapping")


def _cost_fields(name: str, value: float) -> Record:
    return {
        f"base_{name}_cost": money(value),
        f"{name}_cost_ex_tax": money(value),
        f"{name}_cost_inc_tax": money(value),
        f"{name}_cost_tax": money(0),
    }


def totals(lines: list[Record], coupons: list[Record], shipping: float) -> Record:
    """Subtotal, shipping, handling, wrapping, coupon discount, total and item count."""
    subtotal = sum(float(line["total_inc_tax"]) for line in lines)
    discount = sum(float(c["discount"]) for c in coupons)
    total = max(0.0, subtotal + shipping - discount)
    record: Record = {
        "subtotal_ex_tax": money(subtotal),
        "subtotal_inc_tax": money(subtotal),
        "subtotal_tax": money(0),
        **_cost_fields("shipping", shipping),
        "shipping_cost_tax_class_id": 2,
    }
    for name in _ZERO_COSTS:
        record.update(_cost_fields(name, 0))
    record.update(
        total_ex_tax=money(total),
        total_inc_tax=money(total),
        total_tax=money(0),
        discount_amount=money(0),
        coupon_discount=money(discount),
        items_total=sum(int(line["quantity"]) for line in lines),
    )
    return record


def recompute(state: StoreState, order: Record) -> None:
    """Refresh an order's totals after its lines changed; shipping is kept as charged."""
    order_id = order["id"]
    lines = state.children("order_products", "order_id", order_id)
    coupons = state.children("order_coupons", "order_id", order_id)
    order.update(totals(lines, coupons, float(order["base_shipping_cost"])))
    order["order_is_digital"] = bool(lines) and all(x["type"] == "digital" for x in lines)
