"""Prices: A's prices as the destination sells them (pure, on a product body as A sent it).

    B's price = A's x currency_rate x multiply + add, rounded (cent, 0.99: the whole part and
    .99, whole: the nearest whole number); never below 0

on the product's and (with `variants`) each variant's price fields; bulk pricing rules (with
`bulk_pricing`): a `fixed` unit price like a price, a `price` amount off x rate x multiply;
modifier price adjusters (`relative`) x rate x multiply. Percentages stay. A price that is 0 or
empty (no sale price, a variant using the product's price) stays as it is.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from storebridge_catalog_sync.planning.rules.config import PriceRule

CENT = Decimal("0.01")
WHOLE = Decimal(1)


def price(rule: PriceRule, value: float) -> float:
    """One price of A as B gets it."""
    raw = Decimal(str(value)) * rule.currency_rate * rule.multiply + rule.add
    if rule.round == "whole":
        done = raw.quantize(WHOLE, ROUND_HALF_UP)
    elif rule.round == "0.99":
        done = raw.quantize(WHOLE, ROUND_FLOOR) + Decimal("0.99")
    else:
        done = raw.quantize(CENT, ROUND_HALF_UP)
    return float(max(done, Decimal(0)))


def _scaled(rule: PriceRule, value: float) -> float:
    """An amount (off, or added) converted and marked up, to the cent; no add, no rounding."""
    raw = Decimal(str(value)) * rule.currency_rate * rule.multiply
    return float(raw.quantize(CENT, ROUND_HALF_UP))


def _set_prices(rule: PriceRule, record: dict[str, Any]) -> None:
    for name in rule.fields:
        value = record.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and value:
            record[name] = price(rule, value)


def _bulk(rule: PriceRule, row: dict[str, Any]) -> None:
    amount = row.get("amount")
    if not isinstance(amount, int | float) or not amount:
        return
    if row.get("type") == "fixed":
        row["amount"] = price(rule, amount)
    elif row.get("type") == "price":
        row["amount"] = _scaled(rule, amount)


def _adjusters(rule: PriceRule, modifiers: list[dict[str, Any]]) -> None:
    for modifier in modifiers:
        for value in modifier.get("option_values") or []:
            adjuster = (value.get("adjusters") or {}).get("price") or {}
            amount = adjuster.get("adjuster_value")
            if adjuster.get("adjuster") == "relative" and isinstance(amount, int | float):
                adjuster["adjuster_value"] = _scaled(rule, amount)


def apply_prices(rule: PriceRule, body: dict[str, Any]) -> None:
    """Change the prices of a product body (with its parts) in place."""
    _set_prices(rule, body)
    if rule.variants:
        for variant in body.get("variants") or []:
            _set_prices(rule, variant)
    if rule.bulk_pricing:
        for row in body.get("bulk_pricing_rules") or []:
            _bulk(rule, row)
    _adjusters(rule, body.get("modifiers") or [])
