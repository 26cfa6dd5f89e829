"""An order's consignments (v2 `/orders/{id}/consignments`, `include=consignments`): shipping
per address, one pickup, digital downloads, and gift certificates sent by e-mail."""

from __future__ import annotations

from collections.abc import Callable

from storebridge_sandbox.domain.order_build import ADDRESS_FIELDS
from storebridge_sandbox.state import Record, StoreState

Link = Callable[[str], Record]
_SHIPPING_MONEY = (
    "base_cost",
    "cost_ex_tax",
    "cost_inc_tax",
    "cost_tax",
    "base_handling_cost",
    "handling_cost_ex_tax",
    "handling_cost_inc_tax",
    "handling_cost_tax",
)
_SHIPPING_KEPT = (
    "items_total",
    "items_shipped",
    "shipping_method",
    "cost_tax_class_id",
    "handling_cost_tax_class_id",
    "shipping_zone_id",
    "shipping_zone_name",
)


def _items(lines: list[Record], expand: bool, link: Link) -> list[Record]:
    if expand:
        return lines
    return [link(f"products/{line['id']}") for line in lines]


def _shipping(address: Record, lines: list[Record], expand: bool, link: Link) -> Record:
    mine = [line for line in lines if line["order_address_id"] == address["id"]]
    record: Record = {"id": address["id"], **{f: address[f] for f in ADDRESS_FIELDS}}
    record["form_fields"] = address.get("form_fields", [])
    record["line_items"] = _items(mine, expand, link)
    record.update({f: address[f] for f in _SHIPPING_KEPT})
    record.update({f: float(address[f]) for f in _SHIPPING_MONEY})
    record["shipping_quotes"] = link(f"consignments/shipping/{address['id']}/shipping_quotes")
    return record


def _pickup(pickup: Record, lines: list[Record], expand: bool, link: Link) -> Record:
    mine = [line for line in lines if line["order_pickup_method_id"] == pickup["id"]]
    kept = {k: v for k, v in pickup.items() if k != "order_id"}
    return {**kept, "line_items": _items(mine, expand, link)}


def _downloads(order: Record, lines: list[Record], expand: bool, link: Link) -> list[Record]:
    digital = [line for line in lines if line["type"] == "digital"]
    if not digital:
        return []
    email = order["billing_address"]["email"]
    return [{"recipient_email": email, "line_items": _items(digital, expand, link)}]


def _gift_certificates(
    state: StoreState, order: Record, lines: list[Record], expand: bool, link: Link
) -> list[Record]:
    recipients = state.table("order_gift_certificates")
    default = order["billing_address"]["email"]
    return [
        {
            "recipient_email": recipients.get(line["id"], {}).get("recipient_email", default),
            "line_items": _items([line], expand, link),
        }
        for line in lines
        if line["type"] == "giftcertificate"
    ]


def consignments(state: StoreState, order: Record, expand: bool, link: Link) -> Record:
    """The consignment object; `expand` puts whole `/products` lines in `line_items`,
    otherwise their `{url, resource}` links. `link(subpath)` builds a link under the order."""
    order_id = order["id"]
    lines = state.children("order_products", "order_id", order_id)
    pickups = state.children("order_pickups", "order_id", order_id)
    addresses = state.children("order_addresses", "order_id", order_id)
    return {
        "pickups": [_pickup(p, lines, expand, link) for p in pickups],
        "shipping": [_shipping(a, lines, expand, link) for a in addresses],
        "downloads": _downloads(order, lines, expand, link),
        "email": {"gift_certificates": _gift_certificates(state, order, lines, expand, link)},
    }
