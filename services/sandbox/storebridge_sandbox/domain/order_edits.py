"""Merchant edits of an order's lines and shipping addresses (v2 `PUT /orders/{id}`)."""

from __future__ import annotations

import copy
from typing import Any

from storebridge_sandbox.domain.common import as_object
from storebridge_sandbox.domain.order_build import ADDRESS_FIELDS
from storebridge_sandbox.domain.order_lines import line_record, price_line
from storebridge_sandbox.domain.order_values import decimal, whole
from storebridge_sandbox.errors import ApiError, invalid
from storebridge_sandbox.state import Record, StoreState

ADDRESS_WRITABLE = (*ADDRESS_FIELDS, "shipping_method", "form_fields")


def _array(value: Any, field: str) -> list[Record]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise invalid(field, f"{field} must be an array of objects")
    return value


def _changed_line(line: Record, item: Record) -> Record:
    edited = copy.deepcopy(line)
    given = item.get("price_inc_tax", item.get("price_ex_tax", line["price_inc_tax"]))
    quantity = whole(item.get("quantity", line["quantity"]), "quantity")
    if quantity < 1:
        raise invalid("quantity", "quantity must be 0 (remove) or more")
    price_line(edited, decimal(given, "price_inc_tax"), quantity)
    for field in ("name", "name_customer", "name_merchant", "sku", "upc"):
        if isinstance(item.get(field), str) and item[field]:
            edited[field] = item[field]
    if isinstance(item.get("name"), str) and item["name"]:
        edited["name_customer"] = item["name"]
    return edited


def _placed(state: StoreState, order_id: int, line: Record) -> Record:
    """A new physical line joins the order's first shipping address or its pickup."""
    if line["type"] != "physical":
        return line
    address = next(iter(state.children("order_addresses", "order_id", order_id)), None)
    pickup = next(iter(state.children("order_pickups", "order_id", order_id)), None)
    if address is not None:
        line["order_address_id"] = address["id"]
    elif pickup is not None:
        line["order_pickup_method_id"] = pickup["id"]
    return line


def _remove_by_product(lines: dict[int, Record], item: Record) -> None:
    product_id = whole(item.get("product_id"), "product_id")
    matching = [i for i, line in lines.items() if line["product_id"] == product_id]
    if not matching:
        raise invalid("products", f"Product {product_id} is not on this order")
    for line_id in matching:
        del lines[line_id]


def _apply_item(state: StoreState, order_id: int, lines: dict[int, Record], item: Record) -> None:
    if "id" in item:
        line_id = whole(item["id"], "id")
        if line_id not in lines:
            raise invalid("products", f"Order product {line_id} not found")
        if whole(item.get("quantity", 1), "quantity") == 0:
            del lines[line_id]
        else:
            lines[line_id] = _changed_line(lines[line_id], item)
    elif "quantity" in item and whole(item["quantity"], "quantity") == 0:
        _remove_by_product(lines, item)
    else:
        line = _placed(state, order_id, line_record(state, order_id, item))
        lines[line["id"]] = line


def edit_lines(state: StoreState, order: Record, products: Any) -> None:
    """Add (no `id`), change (`id`) or remove (`quantity: 0`) lines; all or nothing."""
    order_id = order["id"]
    lines = {line["id"]: line for line in state.children("order_products", "order_id", order_id)}
    for item in _array(products, "products"):
        _apply_item(state, order_id, lines, item)
    if not lines:
        raise ApiError(422, "An order needs at least one product", {"products": "empty"})
    table = state.table("order_products")
    for line_id in [i for i, line in table.items() if line["order_id"] == order_id]:
        del table[line_id]
    table.update(lines)
    _count_address_items(state, order_id)


def _count_address_items(state: StoreState, order_id: int) -> None:
    lines = state.children("order_products", "order_id", order_id)
    for address in state.children("order_addresses", "order_id", order_id):
        mine = [line for line in lines if line["order_address_id"] == address["id"]]
        address["items_total"] = sum(int(line["quantity"]) for line in mine)


def edit_address(state: StoreState, order_id: int, address_id: int, body: Any) -> Record:
    """Change a shipping address's fields; shipping cost is not recalculated (as documented)."""
    data = as_object(body)
    address = state.table("order_addresses").get(address_id)
    if address is None or address["order_id"] != order_id:
        raise invalid("shipping_addresses", f"Shipping address {address_id} not found")
    for field in ADDRESS_WRITABLE:
        if field in data:
            value = data[field]
            address[field] = value if field == "form_fields" else str(value)
    return address


def edit_addresses(state: StoreState, order: Record, addresses: Any) -> None:
    """Apply `shipping_addresses: [{id, ...fields}]` of an order PUT."""
    items = _array(addresses, "shipping_addresses")
    targets = [whole(item.get("id"), "shipping_addresses.id") for item in items]
    known = {a["id"] for a in state.children("order_addresses", "order_id", order["id"])}
    missing = [t for t in targets if t not in known]
    if missing:
        raise invalid("shipping_addresses", f"Shipping address {missing[0]} not found")
    for target, item in zip(targets, items, strict=True):
        edit_address(state, order["id"], target, item)
