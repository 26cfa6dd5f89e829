"""Building an order from a shopper's line items: lines, addresses, coupons and totals."""

from __future__ import annotations

from typing import Any

from storebridge_sandbox.domain.common import as_object
from storebridge_sandbox.domain.order_status import STATUSES, status_name
from storebridge_sandbox.domain.skus import present_variant
from storebridge_sandbox.errors import ApiError, invalid
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.timefmt import parse_date, rfc2822

ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "street_1",
    "street_2",
    "city",
    "state",
    "zip",
    "country",
    "country_iso2",
    "phone",
    "email",
)
DEFAULT_SHIPPING = 10.0


def money(value: float) -> str:
    """v2 money: `"225.0000"`."""
    return f"{value:.4f}"


def address(data: Any) -> Record:
    """A v2 address with every field present."""
    given = data if isinstance(data, dict) else {}
    record: Record = {f: str(given.get(f, "")) for f in ADDRESS_FIELDS}
    record["form_fields"] = given.get("form_fields", [])
    return record


def _line(state: StoreState, order_id: int, item: Record) -> Record:
    quantity = int(item.get("quantity", 1))
    if quantity < 1:
        raise invalid("quantity", "quantity must be at least 1")
    if item.get("type") == "giftcertificate":
        name, kind, sku = str(item.get("name", "Gift Certificate")), "giftcertificate", ""
        pid, vid, price, options = 0, 0, float(item.get("price") or 25), []
    else:
        product = state.get("products", int(item.get("product_id", 0)), "Product not found")
        variant = _variant(state, product, item.get("variant_id"), item.get("sku"))
        pid, vid, name, kind = product["id"], variant["id"], product["name"], product["type"]
        sku = variant["sku"] or product["sku"]
        given = item.get("price")
        price = float(
            present_variant(state, variant)["calculated_price"] if given is None else given
        )
        options = [
            {
                "display_name": v["option_display_name"],
                "display_value": v["label"],
                "option_id": v["option_id"],
                "value": str(v["id"]),
            }
            for v in variant["option_values"]
        ]
    return {
        "id": state.next_id("order_products"),
        "order_id": order_id,
        "product_id": pid,
        "variant_id": vid,
        "order_address_id": 0,
        "name": name,
        "name_customer": name,
        "name_merchant": name,
        "sku": sku,
        "upc": "",
        "type": kind,
        "quantity": quantity,
        "base_price": money(price),
        "price_ex_tax": money(price),
        "price_inc_tax": money(price),
        "price_tax": money(0),
        "base_total": money(price * quantity),
        "total_ex_tax": money(price * quantity),
        "total_inc_tax": money(price * quantity),
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
        "applied_discounts": [],
        "product_options": options,
        "configurable_fields": [],
    }


def _variant(state: StoreState, product: Record, variant_id: Any, sku: Any) -> Record:
    variants = state.children("variants", "product_id", product["id"])
    if sku:
        for variant in variants:
            if str(variant["sku"]).casefold() == str(sku).casefold():
                return variant
        raise invalid("sku", f"SKU {sku} is not a variant of product {product['id']}")
    if variant_id is None:
        return variants[0]
    for variant in variants:
        if variant["id"] == int(variant_id):
            return variant
    raise invalid("variant_id", f"Variant {variant_id} is not a variant of product {product['id']}")


def build_lines(state: StoreState, order_id: int, items: Any) -> list[Record]:
    """Order lines for the given line items (at least one)."""
    if not isinstance(items, list) or not items:
        raise ApiError(422, "An order needs line items", {"line_items": "at least one item"})
    return [_line(state, order_id, as_object(item)) for item in items]


def order_dates(spec: Record) -> tuple[str, str]:
    """`date_created` and `date_modified` as RFC-2822, from the spec or now."""
    created = parse_date(str(spec["date_created"])) if spec.get("date_created") else None
    modified = parse_date(str(spec["date_modified"])) if spec.get("date_modified") else None
    return rfc2822(created), rfc2822(modified or created)


def status_of(spec: Record, default: int) -> tuple[int, str]:
    """A valid status id and its name."""
    status_id = int(spec.get("status_id", default))
    if status_id not in STATUSES:
        raise invalid("status_id", f"Unknown status_id {status_id}")
    return status_id, status_name(status_id)
