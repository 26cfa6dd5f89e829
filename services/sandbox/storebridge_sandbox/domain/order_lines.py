"""Order lines: resolved from a line item (catalog variant, custom item, gift certificate)."""

from __future__ import annotations

from typing import Any

from storebridge_sandbox.domain.common import as_object
from storebridge_sandbox.domain.order_values import decimal, money, whole
from storebridge_sandbox.domain.skus import present_variant
from storebridge_sandbox.errors import ApiError, invalid
from storebridge_sandbox.state import Record, StoreState

_Resolved = tuple[int, int, str, str, str, float, list[Record]]


def _custom(item: Record, kind: str, default_name: str, default_price: float) -> _Resolved:
    name = str(item.get("name") or item.get("name_customer") or default_name)
    price = decimal(item.get("price", item.get("price_inc_tax", default_price)), "price")
    return 0, 0, name, kind, str(item.get("sku", "")), price, []


def _catalog(state: StoreState, item: Record) -> _Resolved:
    product_id = whole(item.get("product_id", 0), "product_id")
    product = state.get("products", product_id, "Product not found")
    variant = _variant(state, product, item)
    sku = variant["sku"] or product["sku"]
    given = item.get("price", item.get("price_inc_tax"))
    if given is None:
        return_price = float(present_variant(state, variant)["calculated_price"])
    else:
        return_price = decimal(given, "price_inc_tax")
    options = [
        {
            "display_name": v["option_display_name"],
            "display_value": v["label"],
            "option_id": v["option_id"],
            "value": str(v["id"]),
        }
        for v in variant["option_values"]
    ]
    kind = product["type"]
    return product["id"], variant["id"], product["name"], kind, sku, return_price, options


def _resolve(state: StoreState, item: Record) -> _Resolved:
    if item.get("type") == "giftcertificate":
        return _custom(item, "giftcertificate", "Gift Certificate", 25)
    if not item.get("product_id"):
        return _custom(item, "physical", "Custom item", 0)
    return _catalog(state, item)


_LINE_CONSTANTS: Record = {
    "order_address_id": 0,
    "order_pickup_method_id": 0,
    "upc": "",
    "price_tax": money(0),
    "total_tax": money(0),
    "quantity_shipped": 0,
    "is_refunded": False,
    "quantity_refunded": 0,
    "refund_amount": money(0),
    "return_id": 0,
    "fixed_shipping_cost": money(0),
    "is_bundled_product": False,
    "bin_picking_number": "",
    "parent_order_product_id": None,
    "external_id": None,
    "fulfillment_source": "",
    "brand": "",
    "gift_certificate_id": None,
}


def price_line(line: Record, price: float, quantity: int) -> None:
    """Set a line's quantity and unit price and the totals that follow (no tax)."""
    line.update(
        quantity=quantity,
        base_price=money(price),
        price_ex_tax=money(price),
        price_inc_tax=money(price),
        base_total=money(price * quantity),
        total_ex_tax=money(price * quantity),
        total_inc_tax=money(price * quantity),
        applied_discounts=[],
    )


def line_record(state: StoreState, order_id: int, item: Record) -> Record:
    """One order line (v2 `/products` item) for a line item spec; quantity at least 1."""
    quantity = whole(item.get("quantity", 1), "quantity")
    if quantity < 1:
        raise invalid("quantity", "quantity must be at least 1")
    pid, vid, name, kind, sku, price, options = _resolve(state, item)
    line: Record = {
        "id": state.next_id("order_products"),
        "order_id": order_id,
        "product_id": pid,
        "variant_id": vid,
        "name": name,
        "name_customer": name,
        "name_merchant": name,
        "sku": sku,
        "type": kind,
        **_LINE_CONSTANTS,
        "product_options": options,
        "configurable_fields": [],
    }
    price_line(line, price, quantity)
    return line


def _by_options(variants: list[Record], options: Any) -> Record | None:
    if not isinstance(options, list) or not options:
        return None
    try:
        wanted = {(int(o["id"]), int(o["value"])) for o in options}
    except (KeyError, TypeError, ValueError):
        raise invalid("product_options", "Each option needs a numeric id and value") from None
    for variant in variants:
        if {(v["option_id"], v["id"]) for v in variant["option_values"]} == wanted:
            return variant
    raise invalid("product_options", "No variant has these product_options")


def _variant(state: StoreState, product: Record, item: Record) -> Record:
    sku, variant_id = item.get("sku"), item.get("variant_id")
    variants = state.children("variants", "product_id", product["id"])
    if sku:
        for variant in variants:
            if str(variant["sku"]).casefold() == str(sku).casefold():
                return variant
        raise invalid("sku", f"SKU {sku} is not a variant of product {product['id']}")
    chosen = _by_options(variants, item.get("product_options"))
    if chosen is not None:
        return chosen
    if variant_id is None:
        return variants[0]
    wanted = whole(variant_id, "variant_id")
    for variant in variants:
        if variant["id"] == wanted:
            return variant
    raise invalid("variant_id", f"Variant {variant_id} is not a variant of product {product['id']}")


def build_lines(state: StoreState, order_id: int, items: Any) -> list[Record]:
    """Order lines for the given line items (at least one)."""
    if not isinstance(items, list) or not items:
        raise ApiError(422, "An order needs line items", {"line_items": "at least one item"})
    return [line_record(state, order_id, as_object(item)) for item in items]
