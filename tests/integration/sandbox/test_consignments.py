"""Order consignments: `include=consignments[,consignments.line_items]` and `/consignments`."""

from __future__ import annotations

STORE = "abc123"
OBJECT = {"include": "consignments,consignments.line_items", "consignment_structure": "object"}
KINDS = {"pickups", "shipping", "downloads", "email"}


async def _consignments(api, order_id, **params):
    response = await api.get(f"/v2/orders/{order_id}", params=params)
    assert response.status_code == 200
    return response.json()["consignments"]


async def test_given_no_include_when_an_order_is_fetched_then_consignments_is_a_link(api, sandbox):
    order = (await api.get("/v2/orders/100")).json()
    assert order["consignments"] == {
        "url": f"{sandbox.url}/stores/{STORE}/v2/orders/100/consignments",
        "resource": "/orders/100/consignments",
    }


async def test_given_line_items_included_when_fetched_then_each_shipping_consignment_carries_its_products(
    api,
):
    found = await _consignments(api, 100, **OBJECT)
    products = (await api.get("/v2/orders/100/products")).json()
    addresses = (await api.get("/v2/orders/100/shipping_addresses")).json()
    assert set(found) == KINDS
    [shipping] = found["shipping"]
    assert shipping["line_items"] == products
    assert shipping["id"] == addresses[0]["id"] == products[0]["order_address_id"]
    for field in ("first_name", "street_1", "city", "zip", "country_iso2", "email", "phone"):
        assert shipping[field] == addresses[0][field]
    assert shipping["shipping_method"] == addresses[0]["shipping_method"]
    assert (shipping["cost_inc_tax"], shipping["items_total"]) == (10.0, 3)
    assert shipping["shipping_quotes"]["resource"] == (
        f"/orders/100/consignments/shipping/{shipping['id']}/shipping_quotes"
    )
    assert (found["pickups"], found["downloads"], found["email"]) == (
        [],
        [],
        {"gift_certificates": []},
    )


async def test_given_only_consignments_included_when_fetched_then_line_items_are_links(
    api, sandbox
):
    found = await _consignments(api, 100, include="consignments", consignment_structure="object")
    line_ids = [line["id"] for line in (await api.get("/v2/orders/100/products")).json()]
    assert found["shipping"][0]["line_items"] == [
        {
            "url": f"{sandbox.url}/stores/{STORE}/v2/orders/100/products/{line_id}",
            "resource": f"/orders/100/products/{line_id}",
        }
        for line_id in line_ids
    ]
    linked = await api.get(f"/v2/orders/100/products/{line_ids[0]}")
    assert linked.json()["id"] == line_ids[0]


async def test_given_a_mixed_order_when_fetched_then_digital_lines_are_under_downloads(api):
    found = await _consignments(api, 102, **OBJECT)
    [shipping] = found["shipping"]
    [downloads] = found["downloads"]
    assert [line["type"] for line in shipping["line_items"]] == ["physical"]
    assert [line["type"] for line in downloads["line_items"]] == ["digital"]
    assert downloads["recipient_email"] == "li.wei@example.com"


async def test_given_a_digital_only_order_when_fetched_then_it_has_no_shipping_consignment(api):
    found = await _consignments(api, 101, **OBJECT)
    assert found["shipping"] == []
    assert len(found["downloads"][0]["line_items"]) == 2


async def test_given_a_gift_certificate_when_fetched_then_it_is_an_email_consignment(api):
    found = await _consignments(api, 109, **OBJECT)
    [gift] = found["email"]["gift_certificates"]
    assert gift["recipient_email"] == "sam.doe@example.com"
    assert [line["type"] for line in gift["line_items"]] == ["giftcertificate"]
    assert [line["type"] for line in found["shipping"][0]["line_items"]] == ["physical"]


async def test_given_an_order_shipped_to_two_addresses_when_fetched_then_two_shipping_consignments(
    api,
):
    found = await _consignments(api, 106, **OBJECT)
    streets = [c["street_1"] for c in found["shipping"]]
    quantities = [[line["quantity"] for line in c["line_items"]] for c in found["shipping"]]
    assert streets == ["12 Elm Court", "400 SW Market Street"]
    assert quantities == [[1], [6]]
    assert [c["items_total"] for c in found["shipping"]] == [1, 6]


async def test_given_a_pickup_order_when_fetched_then_its_lines_are_in_the_pickup(api):
    found = await _consignments(api, 103, **OBJECT)
    [pickup] = found["pickups"]
    assert found["shipping"] == []
    assert pickup["location"]["code"] == "AUS-1"
    assert pickup["line_items"][0]["order_pickup_method_id"] == pickup["id"]
    assert (await api.get("/v2/orders/103/shipping_addresses")).status_code == 204


async def test_given_no_structure_when_consignments_are_included_then_the_legacy_array_comes(api):
    legacy = await _consignments(api, 100, include="consignments")
    as_object = await _consignments(
        api, 100, include="consignments", consignment_structure="object"
    )
    assert legacy == [as_object]


async def test_given_the_consignments_endpoint_when_called_then_it_answers_the_object(api):
    response = await api.get(
        "/v2/orders/106/consignments", params={"include": "consignments.line_items"}
    )
    body = response.json()
    assert set(body) == KINDS
    assert body == await _consignments(api, 106, **OBJECT)


async def test_given_a_checkout_to_two_addresses_and_a_gift_when_fetched_then_it_splits(
    sandbox, api
):
    order_id = await sandbox.checkout(
        [
            {"product_id": 79, "quantity": 1},
            {"product_id": 84, "quantity": 2, "shipping_address_index": 1},
            {"type": "giftcertificate", "name": "Gift", "price": 20, "recipient_email": "a@b.c"},
        ],
        STORE,
        billing_address={"first_name": "Kim", "email": "kim@example.com"},
        shipping_addresses=[{"street_1": "1 First St"}, {"street_1": "2 Second St"}],
    )
    found = await _consignments(api, order_id, **OBJECT)
    order = (await api.get(f"/v2/orders/{order_id}")).json()
    assert [c["street_1"] for c in found["shipping"]] == ["1 First St", "2 Second St"]
    assert [c["items_total"] for c in found["shipping"]] == [1, 2]
    assert found["email"]["gift_certificates"][0]["recipient_email"] == "a@b.c"
    assert order["shipping_cost_inc_tax"] == "20.0000"
    assert order["shipping_address_count"] == 2


async def test_given_an_order_list_when_consignments_are_included_then_each_order_has_them(api):
    orders = (await api.get("/v2/orders", params={"limit": 3, **OBJECT})).json()
    assert all(set(order["consignments"]) == KINDS for order in orders)


async def test_given_consignments_unsupported_when_included_then_the_order_keeps_its_link(
    api, sandbox
):
    await sandbox.set_faults(STORE, consignments_unsupported=True)
    order = (await api.get("/v2/orders/100", params=OBJECT)).json()
    assert order["consignments"] == {
        "url": f"{sandbox.url}/stores/{STORE}/v2/orders/100/consignments",
        "resource": "/orders/100/consignments",
    }
    await sandbox.set_faults(STORE)
    assert set(await _consignments(api, 100, **OBJECT)) == KINDS
