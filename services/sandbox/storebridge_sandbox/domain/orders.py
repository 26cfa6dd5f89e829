"""Orders: an order built from line items (checkout, fixtures), with its lines, consignments
and coupons."""

from __future__ import annotations

from storebridge_sandbox.domain.common import as_object
from storebridge_sandbox.domain.order_build import address, order_dates, status_of
from storebridge_sandbox.domain.order_fulfilment import (
    add_pickup,
    add_shipping_addresses,
    shipping_cost,
)
from storebridge_sandbox.domain.order_lines import build_lines
from storebridge_sandbox.domain.order_totals import totals
from storebridge_sandbox.domain.order_values import money
from storebridge_sandbox.state import Record, StoreState


def _coupons(state: StoreState, order_id: int, spec: Record) -> list[Record]:
    return [
        {
            "id": state.next_id("order_coupons"),
            "coupon_id": int(c.get("coupon_id", 1)),
            "order_id": order_id,
            "code": str(c.get("code", "")),
            "amount": money(float(c.get("amount", 0))),
            "type": int(c.get("type", 0)),
            "discount": money(float(c.get("amount", 0))),
        }
        for c in spec.get("coupons") or []
    ]


def _payment(spec: Record) -> Record:
    return {
        "payment_method": str(spec.get("payment_method", "Credit Card")),
        "payment_provider_id": "",
        "payment_status": str(spec.get("payment_status", "captured")),
        "refunded_amount": money(0),
        "store_credit_amount": money(0),
        "gift_certificate_amount": money(0),
    }


_CONSTANTS: Record = {
    "date_shipped": "",
    "items_shipped": 0,
    "ip_address": "203.0.113.10",
    "ip_address_v6": "",
    "geoip_country": "United States",
    "geoip_country_iso2": "US",
    "currency_id": 1,
    "currency_code": "USD",
    "currency_exchange_rate": "1.0000000000",
    "default_currency_id": 1,
    "default_currency_code": "USD",
    "store_default_currency_code": "USD",
    "staff_notes": "",
    "is_deleted": False,
    "ebay_order_id": "0",
    "is_email_opt_in": False,
    "credit_card_type": None,
    "order_source": "www",
    "external_id": None,
    "external_order_id": "",
    "customer_locale": "en",
}


def _order_record(
    order_id: int, spec: Record, lines: list[Record], coupons: list[Record]
) -> Record:
    status_id, status = status_of(spec, 11)
    created, modified = order_dates(spec)
    return {
        "id": order_id,
        "customer_id": int(spec.get("customer_id", 0)),
        "date_created": created,
        "date_modified": modified,
        "status_id": status_id,
        "status": status,
        "custom_status": status,
        **_totals_of(spec, lines, coupons),
        **_payment(spec),
        "order_is_digital": all(x["type"] == "digital" for x in lines),
        "customer_message": str(spec.get("customer_message", "")),
        "shipping_address_count": 0,
        "cart_id": str(spec.get("cart_id", "")),
        "billing_address": address(spec.get("billing_address")),
        "channel_id": int(spec.get("channel_id", 1)),
        "external_source": spec.get("external_source"),
        **_CONSTANTS,
    }


def _totals_of(spec: Record, lines: list[Record], coupons: list[Record]) -> Record:
    return totals(lines, coupons, shipping_cost(spec, lines))


def _gift_recipients(
    state: StoreState, order: Record, items: list[Record], lines: list[Record]
) -> None:
    for item, line in zip(items, lines, strict=True):
        if line["type"] == "giftcertificate":
            recipient = str(item.get("recipient_email") or order["billing_address"]["email"])
            state.table("order_gift_certificates")[line["id"]] = {
                "id": line["id"],
                "order_id": order["id"],
                "recipient_email": recipient,
            }


def add_order(
    state: StoreState, body: object, default_status: int, record_id: int | None = None
) -> Record:
    """Store an order built from `line_items` (no event); shipping addresses or a pickup."""
    spec = {"status_id": default_status, **as_object(body)}
    order_id = state.next_id("orders", record_id)
    items = [as_object(item) for item in spec.get("line_items") or []]
    lines = build_lines(state, order_id, spec.get("line_items"))
    coupons = _coupons(state, order_id, spec)
    order = _order_record(order_id, spec, lines, coupons)
    state.table("orders")[order_id] = order
    add_shipping_addresses(state, order, spec, lines, items)
    add_pickup(state, order, spec.get("pickup"), lines)
    for line in lines:
        state.table("order_products")[line["id"]] = line
    for coupon in coupons:
        state.table("order_coupons")[coupon["id"]] = coupon
    _gift_recipients(state, order, items, lines)
    order["shipping_address_count"] = len(state.children("order_addresses", "order_id", order_id))
    return order
