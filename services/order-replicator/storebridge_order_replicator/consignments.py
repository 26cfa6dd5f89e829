"""An order's lines and shipping addresses taken from its consignments (pure).

`GET /v2/orders/{id}?include=consignments,consignments.line_items&consignment_structure=object`
answers the order with `consignments: {pickups, shipping, downloads, email: {gift_certificates}}`,
each carrying its whole `/products` lines; a shipping consignment is one shipping address. So one
call gives what the order, `/products` and `/shipping_addresses` reads give, and the stored
document keeps the same shape either way: consignment costs (JSON numbers) are written back as
v2 money strings, and each address gets its `order_id`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

SHIPPING_MONEY = (
    "base_cost",
    "cost_ex_tax",
    "cost_inc_tax",
    "cost_tax",
    "base_handling_cost",
    "handling_cost_ex_tax",
    "handling_cost_inc_tax",
    "handling_cost_tax",
)
"""Money fields of a shipping consignment: numbers there, `"10.0000"` in `/shipping_addresses`."""


@dataclass(frozen=True)
class OrderParts:
    """The lines and shipping addresses of one order, as `/products` and `/shipping_addresses`."""

    products: list[dict[str, Any]]
    shipping_addresses: list[dict[str, Any]]


def served(order: Mapping[str, Any]) -> bool:
    """Whether the answer carries consignments at all (an API ignoring `include` sends a link)."""
    found = _consignment_object(order)
    return found is not None and "shipping" in found


def parts_of(order: Mapping[str, Any]) -> OrderParts | None:
    """The order's parts from its consignments; None when they do not hold every line (then
    the separate reads are needed)."""
    found = _consignment_object(order)
    if found is None:
        return None
    groups = [
        *found.get("shipping", []),
        *found.get("pickups", []),
        *found.get("downloads", []),
        *(found.get("email") or {}).get("gift_certificates", []),
    ]
    lines = _lines(item for group in groups for item in group.get("line_items", []))
    if lines is None or not _complete(order, lines):
        return None
    addresses = [_address(order, shipping) for shipping in found.get("shipping", [])]
    return OrderParts(products=lines, shipping_addresses=addresses)


def without_consignments(order: Mapping[str, Any]) -> dict[str, Any]:
    """The order's own fields (the consignments are stored as `products` and addresses)."""
    return {key: value for key, value in order.items() if key != "consignments"}


def _consignment_object(order: Mapping[str, Any]) -> Mapping[str, Any] | None:
    found = order.get("consignments")
    if isinstance(found, list) and len(found) == 1:  # the legacy array structure
        found = found[0]
    if isinstance(found, Mapping) and "resource" not in found:
        return found
    return None


def _lines(items: Iterable[Any]) -> list[dict[str, Any]] | None:
    """Whole lines by id, ordered as `/products` lists them; None if any is only a link."""
    by_id: dict[int, dict[str, Any]] = {}
    for item in items:
        if not isinstance(item, Mapping) or "id" not in item or "product_id" not in item:
            return None
        by_id[int(item["id"])] = dict(item)
    return [by_id[line_id] for line_id in sorted(by_id)]


def _complete(order: Mapping[str, Any], lines: list[dict[str, Any]]) -> bool:
    """Every item of the order is in a consignment (`items_total` counts them)."""
    expected = order.get("items_total")
    if expected is None:
        return bool(lines)
    return sum(int(line.get("quantity", 0)) for line in lines) == int(expected)


def _address(order: Mapping[str, Any], shipping: Mapping[str, Any]) -> dict[str, Any]:
    address = {key: value for key, value in shipping.items() if key != "line_items"}
    address["order_id"] = order.get("id")
    for name in SHIPPING_MONEY:
        if isinstance(address.get(name), int | float):
            address[name] = f"{float(address[name]):.4f}"
    return address
