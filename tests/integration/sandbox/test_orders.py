"""Orders v2 and the shopper checkout."""

from __future__ import annotations

import re

from storebridge_sandbox.testing import wait_until

STORE = "abc123"
RFC2822 = re.compile(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$")


async def test_given_orders_when_listed_then_a_bare_array_sorted_by_id(api):
    response = await api.get("/v2/orders")
    orders = response.json()
    assert response.status_code == 200
    assert isinstance(orders, list)
    assert [o["id"] for o in orders] == list(range(100, 110))


async def test_given_an_order_when_fetched_then_money_is_text_and_dates_are_rfc2822(api, sandbox):
    order = (await api.get("/v2/orders/100")).json()
    assert order["status_id"] == 11
    assert order["status"] == "Awaiting Fulfillment"
    assert order["subtotal_inc_tax"] == "132.9500"
    assert order["coupon_discount"] == "10.0000"
    assert order["total_inc_tax"] == "132.9500"
    assert RFC2822.match(order["date_created"])
    assert order["billing_address"]["email"] == "jane.doe@example.com"
    assert order["products"] == {
        "url": f"{sandbox.url}/stores/{STORE}/v2/orders/100/products",
        "resource": "/orders/100/products",
    }
    assert order["coupons"]["resource"] == "/orders/100/coupons"
    assert order["shipping_addresses"]["resource"] == "/orders/100/shipping_addresses"


async def test_given_no_matching_orders_when_listed_then_204_with_an_empty_body(api):
    response = await api.get("/v2/orders", params={"min_id": 5000})
    assert response.status_code == 204
    assert response.content == b""


async def test_given_filters_when_listing_then_status_id_and_dates_apply(api):
    awaiting = await api.get("/v2/orders", params={"status_id": 11})
    rfc = await api.get(
        "/v2/orders", params={"min_date_created": "Tue, 01 Apr 2025 00:00:00 +0000"}
    )
    iso = await api.get(
        "/v2/orders",
        params={"min_date_created": "2025-04-01T00:00:00+00:00", "max_date_created": "2025-04-30"},
    )
    assert [o["id"] for o in awaiting.json()] == [100, 109]
    assert [o["id"] for o in rfc.json()] == [104, 105, 106, 107, 108, 109]
    assert [o["id"] for o in iso.json()] == [104, 105, 106, 107]


async def test_given_sort_and_paging_when_listing_then_they_apply(api):
    newest = await api.get("/v2/orders", params={"sort": "date_created:desc", "limit": 3})
    second = await api.get("/v2/orders", params={"limit": 4, "page": 2})
    assert [o["id"] for o in newest.json()] == [109, 108, 107]
    assert [o["id"] for o in second.json()] == [104, 105, 106, 107]


async def test_given_filters_when_counting_then_count_and_statuses_are_given(api):
    body = (await api.get("/v2/orders/count")).json()
    assert body["count"] == 10
    by_id = {s["id"]: s for s in body["statuses"]}
    assert by_id[11]["count"] == 2
    assert by_id[11]["name"] == "Awaiting Fulfillment"


async def test_given_order_lines_when_listed_then_types_tell_digital_from_physical(api):
    digital = (await api.get("/v2/orders/101")).json()
    mixed = (await api.get("/v2/orders/102")).json()
    lines = (await api.get("/v2/orders/102/products")).json()
    gift = (await api.get("/v2/orders/109/products")).json()
    assert digital["order_is_digital"] is True
    assert mixed["order_is_digital"] is False
    assert sorted(line["type"] for line in lines) == ["digital", "physical"]
    assert "giftcertificate" in [line["type"] for line in gift]
    assert lines[0]["price_inc_tax"] == "49.5000"


async def test_given_a_digital_only_order_when_listing_shipping_addresses_then_204(api):
    digital = await api.get("/v2/orders/101/shipping_addresses")
    physical = await api.get("/v2/orders/100/shipping_addresses")
    assert digital.status_code == 204
    assert physical.json()[0]["shipping_quotes"]["resource"].endswith("/shipping_quotes")


async def test_given_an_order_without_coupons_when_listing_coupons_then_204(api):
    none = await api.get("/v2/orders/103/coupons")
    some = await api.get("/v2/orders/100/coupons")
    assert none.status_code == 204
    assert some.json()[0]["code"] == "WELCOME10"


async def test_given_an_unknown_order_when_listing_its_products_then_404_v2_array(api):
    response = await api.get("/v2/orders/4242/products")
    assert response.status_code == 404
    assert response.json()[0]["status"] == 404


async def test_given_a_status_change_when_put_then_updated_and_status_updated_fire(
    api, receiver, subscribe
):
    await subscribe(api, "store/order/*", receiver.url)
    response = await api.put("/v2/orders/106", json={"status_id": 11})
    assert response.status_code == 200
    assert response.json()["status"] == "Awaiting Fulfillment"
    await wait_until(lambda: len(receiver.requests) == 2)
    by_scope = {b["scope"]: b["data"] for b in receiver.bodies()}
    assert by_scope["store/order/updated"] == {"type": "order", "id": 106}
    assert by_scope["store/order/statusUpdated"] == {
        "type": "order",
        "id": 106,
        "status": {"previous_status_id": 1, "new_status_id": 11},
    }


async def test_given_a_read_only_field_when_put_then_400_v2_message(api):
    response = await api.put("/v2/orders/106", json={"total_inc_tax": "1.00"})
    assert response.status_code == 400
    assert "cannot be written to" in response.json()[0]["message"]


async def test_given_a_checkout_when_made_then_an_order_and_two_events_appear(
    sandbox, api, receiver, subscribe
):
    await subscribe(api, "store/cart/converted", receiver.url)
    await subscribe(api, "store/order/created", receiver.url)
    order_id = await sandbox.checkout(
        [
            {"product_id": 77, "sku": "SLCTBS-S-BEI", "quantity": 1},
            {"product_id": 88, "quantity": 1},
        ],
        STORE,
        billing_address={"first_name": "Kim", "email": "kim@example.com"},
    )
    await wait_until(lambda: len(receiver.requests) == 2)
    order = (await api.get(f"/v2/orders/{order_id}")).json()
    converted = receiver.bodies("store/cart/converted")[0]["data"]
    created = receiver.bodies("store/order/created")[0]["data"]
    assert order["status_id"] == 11
    assert order["order_is_digital"] is False
    assert converted["type"] == "cart"
    assert converted["orderId"] == order_id
    assert re.fullmatch(r"[0-9a-f-]{36}", converted["id"])
    assert order["cart_id"] == converted["id"]
    assert created == {"type": "order", "id": order_id}


async def test_given_a_digital_checkout_with_a_status_when_made_then_it_has_no_address(
    sandbox, api
):
    order_id = await sandbox.checkout([{"product_id": 89, "quantity": 1}], STORE, status_id=10)
    order = (await api.get(f"/v2/orders/{order_id}")).json()
    assert (order["status_id"], order["order_is_digital"]) == (10, True)
    assert (await api.get(f"/v2/orders/{order_id}/shipping_addresses")).status_code == 204


async def test_given_the_admin_order_endpoint_when_the_merchant_changes_status_then_hooks_fire(
    sandbox, api, receiver, subscribe
):
    await subscribe(api, "store/order/statusUpdated", receiver.url)
    await sandbox.update_order_status(100, 2, STORE)
    await wait_until(lambda: len(receiver.requests) == 1)
    assert receiver.bodies()[0]["data"]["status"] == {"previous_status_id": 11, "new_status_id": 2}


async def test_given_an_order_when_deleted_then_it_is_archived_and_hidden_from_the_list(api):
    assert (await api.delete("/v2/orders/103")).status_code == 204
    listed = [o["id"] for o in (await api.get("/v2/orders")).json()]
    archived = (await api.get("/v2/orders", params={"is_deleted": "true"})).json()
    assert 103 not in listed
    assert [o["id"] for o in archived] == [103]


async def test_given_an_order_with_more_than_a_page_of_addresses_and_coupons_then_v2_pages_them_like_bigcommerce(
    sandbox, api
):
    many = 51
    await sandbox.load_fixture(
        {
            "products": [{"id": 1, "name": "P1", "type": "physical", "weight": 1, "price": 1}],
            "orders": [
                {
                    "id": 1,
                    "line_items": [{"product_id": 1, "quantity": 1}],
                    "shipping_addresses": [{"first_name": f"A{n}"} for n in range(many)],
                    "coupons": [{"code": f"C{n}", "amount": 1} for n in range(many)],
                }
            ],
        }
    )
    for part, field, prefix in (
        ("shipping_addresses", "first_name", "A"),
        ("coupons", "code", "C"),
    ):
        path = f"/v2/orders/1/{part}"

        first = await api.get(path)
        second = await api.get(path, params={"page": 2})
        third = await api.get(path, params={"page": 2, "limit": 3})
        past = await api.get(path, params={"page": 3})

        assert [r[field] for r in first.json()] == [f"{prefix}{n}" for n in range(50)]
        assert [r[field] for r in second.json()] == [f"{prefix}50"]
        assert [r[field] for r in third.json()] == [f"{prefix}{n}" for n in range(3, 6)]
        assert (past.status_code, past.content) == (204, b"")
