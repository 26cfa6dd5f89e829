"""Where an order's lines go at checkout: shipping addresses (one per consignment) or a pickup."""

from __future__ import annotations

from typing import Any

from storebridge_sandbox.domain.order_build import DEFAULT_SHIPPING, address
from storebridge_sandbox.domain.order_values import money, whole
from storebridge_sandbox.errors import invalid
from storebridge_sandbox.state import Record, StoreState

LOCATION_FIELDS = (
    "name",
    "code",
    "address_line_1",
    "address_line_2",
    "city",
    "state",
    "postal_code",
    "country_alpha2",
    "email",
    "phone",
)


def physical_lines(lines: list[Record]) -> list[Record]:
    """The lines that need a shipment or a pickup."""
    return [line for line in lines if line["type"] == "physical"]


def address_specs(spec: Record) -> list[Record]:
    """The shipping addresses asked for: `shipping_addresses`, else one from
    `shipping_address` (or the billing address); none for `shipping_address: null` or a pickup."""
    if spec.get("pickup") or ("shipping_address" in spec and spec["shipping_address"] is None):
        return []
    many = spec.get("shipping_addresses")
    if isinstance(many, list) and many:
        return [a if isinstance(a, dict) else {} for a in many]
    return [spec.get("shipping_address") or spec.get("billing_address") or {}]


def shipping_cost(spec: Record, lines: list[Record]) -> float:
    """What the order charges for shipping: 10.00 per address unless given."""
    addresses = address_specs(spec) if physical_lines(lines) else []
    if "shipping_cost" in spec:
        return float(spec["shipping_cost"])
    if len(addresses) > 1:
        return sum(float(a.get("shipping_cost", DEFAULT_SHIPPING)) for a in addresses)
    return DEFAULT_SHIPPING if addresses else 0.0


def _address_record(state: StoreState, order: Record, given: Record, cost: float) -> Record:
    record = address(given)
    record.update(
        id=state.next_id("order_addresses"),
        order_id=order["id"],
        items_total=0,
        items_shipped=0,
        shipping_method=str(given.get("shipping_method", "Flat Rate")),
        base_cost=money(cost),
        cost_ex_tax=money(cost),
        cost_inc_tax=money(cost),
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
    return record


def _costs(specs: list[Record], order: Record) -> list[float]:
    if len(specs) == 1:
        return [float(order["base_shipping_cost"])]
    return [float(a.get("shipping_cost", DEFAULT_SHIPPING)) for a in specs]


def _address_index(item: Record, count: int) -> int:
    index = whole(item.get("shipping_address_index", 0), "shipping_address_index")
    if not 0 <= index < count:
        raise invalid("shipping_address_index", f"No shipping address {index}")
    return index


def add_shipping_addresses(
    state: StoreState, order: Record, spec: Record, lines: list[Record], items: list[Record]
) -> None:
    """One address record per shipping consignment; each physical line points at its address."""
    specs = address_specs(spec)
    if not physical_lines(lines) or not specs:
        return
    records = [
        _address_record(state, order, given, cost)
        for given, cost in zip(specs, _costs(specs, order), strict=True)
    ]
    for line, item in zip(lines, items, strict=True):
        if line["type"] == "physical":
            target = records[_address_index(item, len(records))]
            line["order_address_id"] = target["id"]
            target["items_total"] += int(line["quantity"])
    for record in records:
        state.table("order_addresses")[record["id"]] = record


def add_pickup(state: StoreState, order: Record, spec: Any, lines: list[Record]) -> None:
    """The order's one pickup consignment (BOPIS); its physical lines point at it."""
    if not isinstance(spec, dict) or not physical_lines(lines):
        return
    given = spec.get("location")
    location: Record = given if isinstance(given, dict) else {}
    record: Record = {
        "id": state.next_id("order_pickups"),
        "order_id": order["id"],
        "pickup_method_id": whole(spec.get("pickup_method_id", 1), "pickup_method_id"),
        "pickup_method_display_name": str(spec.get("pickup_method_display_name", "Pick Up")),
        "collection_instructions": str(spec.get("collection_instructions", "")),
        "collection_time_description": str(spec.get("collection_time_description", "")),
        "location": {
            "id": whole(location.get("id", 1), "location.id"),
            **{f: str(location.get(f, "")) for f in LOCATION_FIELDS},
        },
    }
    state.table("order_pickups")[record["id"]] = record
    for line in physical_lines(lines):
        line["order_pickup_method_id"] = record["id"]
