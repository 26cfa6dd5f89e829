"""Stock: what B is sent of A's stock (pure): A's - buffer, at most cap, never below 0."""

from __future__ import annotations

from typing import Any

from storebridge_catalog_sync.planning.rules.config import StockRule


def level(rule: StockRule, value: int) -> int:
    """One stock level of A as B gets it."""
    sent = value - rule.buffer
    if rule.cap is not None:
        sent = min(sent, rule.cap)
    return max(sent, 0)


def apply_stock(rule: StockRule, body: dict[str, Any]) -> None:
    """Change the product's and its variants' stock levels in place."""
    for record in (body, *(body.get("variants") or [])):
        value = record.get("inventory_level")
        if isinstance(value, int) and not isinstance(value, bool):
            record["inventory_level"] = level(rule, value)
