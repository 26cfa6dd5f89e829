"""An order's lines and addresses from its consignments, or None when they do not hold them."""

from __future__ import annotations

from storebridge_order_replicator.consignments import parts_of, served, without_consignments


def _line(line_id: int, kind: str = "physical", quantity: int = 1) -> dict:
    return {"id": line_id, "product_id": 70 + line_id, "type": kind, "quantity": quantity}


def _order(consignments, items_total: int | None = 5) -> dict:
    order = {"id": 120, "status_id": 11, "consignments": consignments}
    if items_total is not None:
        order["items_total"] = items_total
    return order


SHIPPING = {
    "id": 7,
    "first_name": "Ann",
    "cost_inc_tax": 10.0,
    "handling_cost_tax": 0,
    "shipping_method": "Flat Rate",
    "line_items": [_line(3, quantity=2), _line(1)],
}
EVERY_KIND = {
    "pickups": [],
    "shipping": [SHIPPING],
    "downloads": [{"recipient_email": "a@x", "line_items": [_line(2, "digital")]}],
    "email": {"gift_certificates": [{"line_items": [_line(4, "giftcertificate")]}]},
}


def test_given_every_kind_of_consignment_then_all_lines_are_the_products_in_id_order():
    parts = parts_of(_order(EVERY_KIND))
    assert parts is not None
    assert [line["id"] for line in parts.products] == [1, 2, 3, 4]


def test_given_a_shipping_consignment_then_it_is_a_shipping_address_with_v2_money():
    parts = parts_of(_order(EVERY_KIND))
    assert parts is not None
    [address] = parts.shipping_addresses
    assert "line_items" not in address and address["order_id"] == 120
    assert (address["cost_inc_tax"], address["handling_cost_tax"]) == ("10.0000", "0.0000")
    assert (address["first_name"], address["shipping_method"]) == ("Ann", "Flat Rate")


def test_given_the_legacy_array_structure_then_it_is_read_the_same():
    assert parts_of(_order([EVERY_KIND])) == parts_of(_order(EVERY_KIND))


def test_given_lines_that_are_only_links_then_the_separate_reads_are_needed():
    linked = {**EVERY_KIND, "downloads": [{"line_items": [{"url": "u", "resource": "/r"}]}]}
    assert parts_of(_order(linked)) is None


def test_given_consignments_holding_fewer_items_than_the_order_then_they_are_not_trusted():
    assert parts_of(_order(EVERY_KIND, items_total=6)) is None
    assert parts_of(_order(EVERY_KIND, items_total=None)) is not None


def test_given_an_api_that_ignored_the_include_then_consignments_are_not_served():
    link = {"url": "https://api/orders/120/consignments", "resource": "/orders/120/consignments"}
    assert not served(_order(link)) and parts_of(_order(link)) is None
    assert served(_order(EVERY_KIND))


def test_given_an_order_then_its_own_fields_leave_the_consignments_out():
    assert without_consignments(_order(EVERY_KIND)) == {
        "id": 120,
        "status_id": 11,
        "items_total": 5,
    }
