"""Bulk pricing rules of a product: quantity ranges that adjust the price; fire nothing."""

from __future__ import annotations

import math
from typing import Any

from storebridge_sandbox.domain.common import as_object, one_of, require
from storebridge_sandbox.errors import conflict, invalid, not_found
from storebridge_sandbox.state import Record, StoreState

TYPES = ("price", "percent", "fixed")
REQUIRED = ("quantity_min", "quantity_max", "type", "amount")


def get_rule(state: StoreState, product_id: int, rule_id: int) -> Record:
    """One rule of a product, or 404."""
    state.get("products", product_id, f"Product with id {product_id} not found")
    rule = state.table("bulk_pricing_rules").get(rule_id)
    if rule is None or rule["product_id"] != product_id:
        raise not_found(f"Bulk pricing rule with id {rule_id} not found")
    return rule


def _count(data: Record, field: str) -> int:
    value = data[field]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise invalid(field, f"{field} must be an integer >= 0")
    return value


def _amount(raw: Any) -> float:
    try:
        amount = float(raw)
    except (TypeError, ValueError):
        raise invalid("amount", "amount must be a number") from None
    if isinstance(raw, bool) or not math.isfinite(amount) or amount < 0:
        raise invalid("amount", "amount must be a number >= 0")
    return amount


def _upper(rule: Record) -> float:
    return rule["quantity_max"] or math.inf


def _check(state: StoreState, rule: Record) -> None:
    if rule["quantity_max"] and rule["quantity_max"] <= rule["quantity_min"]:
        raise invalid("quantity_max", "quantity_max must be greater than quantity_min, or 0")
    for other in state.children("bulk_pricing_rules", "product_id", rule["product_id"]):
        if other["id"] == rule.get("id"):
            continue
        if rule["quantity_min"] <= _upper(other) and other["quantity_min"] <= _upper(rule):
            raise conflict("The bulk pricing rule overlaps another rule", "quantity_min")


def _values(data: Record, current: Record) -> Record:
    merged = {**current, **{k: data[k] for k in REQUIRED if k in data}}
    one_of(merged, "type", TYPES)
    return {
        **merged,
        "quantity_min": _count(merged, "quantity_min"),
        "quantity_max": _count(merged, "quantity_max"),
        "amount": _amount(merged["amount"]),
    }


def add_rule(state: StoreState, product_id: int, body: object) -> Record:
    """Create a rule (all four fields required); 409 when its range overlaps another."""
    data = as_object(body)
    require(data, REQUIRED)
    state.get("products", product_id, f"Product with id {product_id} not found")
    rule = _values(data, {"product_id": product_id})
    _check(state, rule)
    rule["id"] = state.next_id("bulk_pricing_rules")
    state.table("bulk_pricing_rules")[rule["id"]] = rule
    return rule


def update_rule(state: StoreState, product_id: int, rule_id: int, body: object) -> Record:
    """Partially update a rule; the result must not overlap another."""
    rule = get_rule(state, product_id, rule_id)
    changed = _values(as_object(body), rule)
    _check(state, changed)
    rule.update(changed)
    return rule


def delete_rule(state: StoreState, product_id: int, rule_id: int) -> None:
    """Delete a rule."""
    get_rule(state, product_id, rule_id)
    del state.table("bulk_pricing_rules")[rule_id]


def public_rule(rule: Record) -> Record:
    """`{id, quantity_min, quantity_max, type, amount}` as the API shows it."""
    return {k: rule[k] for k in ("id", *REQUIRED)}
