"""Refunds through the v3 payment actions: quotes, refunds, lists, and what they do to the order."""

from __future__ import annotations

from storebridge_sandbox.testing import wait_until

STORE = "abc123"
ACTIONS = "/v3/orders/{}/payment_actions"


async def _lines(api, order_id):
    return (await api.get(f"/v2/orders/{order_id}/products")).json()


async def _quote(api, order_id, items):
    return await api.post(ACTIONS.format(order_id) + "/refund_quotes", json={"items": items})


async def test_given_a_product_and_shipping_when_quoted_then_201_with_totals_and_methods(api):
    line = (await _lines(api, 107))[0]
    address = (await api.get("/v2/orders/107/shipping_addresses")).json()[0]
    items = [
        {"item_type": "PRODUCT", "item_id": line["id"], "quantity": 1},
        {"item_type": "SHIPPING", "item_id": address["id"], "amount": 10},
    ]
    response = await _quote(api, 107, items)
    quote = response.json()["data"]
    assert response.status_code == 201
    assert quote["total_refund_amount"] == float(line["price_inc_tax"]) + 10
    assert quote["total_refund_tax_amount"] == 0
    providers = [[option["provider_id"] for option in method] for method in quote["refund_methods"]]
    assert providers == [["testgateway"], ["storecredit"], ["custom"]]
    assert all(m[0]["amount"] == quote["total_refund_amount"] for m in quote["refund_methods"])


async def test_given_too_much_when_quoted_then_422(api):
    line = (await _lines(api, 107))[0]
    cases = [
        [{"item_type": "PRODUCT", "item_id": line["id"], "quantity": line["quantity"] + 1}],
        [{"item_type": "ORDER", "item_id": 107, "amount": 10_000}],
        [{"item_type": "SHIPPING", "item_id": 1, "amount": 1}],
        [{"item_type": "FEE", "item_id": 1, "amount": 1}],
        [{"item_type": "BOGUS", "item_id": 1}],
        [{"item_type": "ORDER", "item_id": 107, "amount": "lots"}],
        [],
    ]
    for items in cases:
        response = await _quote(api, 107, items)
        assert response.status_code == 422, items
        assert response.json()["status"] == 422


async def test_given_an_unpaid_order_when_quoted_then_422(api):
    response = await _quote(api, 104, [{"item_type": "ORDER", "item_id": 104, "amount": 1}])
    assert response.status_code == 422


async def test_given_a_partial_refund_when_created_then_the_order_and_lines_follow_and_hooks_fire(
    api, receiver, subscribe
):
    await subscribe(api, "store/order/*", receiver.url)
    line = (await _lines(api, 107))[0]
    items = [{"item_type": "PRODUCT", "item_id": line["id"], "quantity": 1, "reason": "Broken"}]
    amount = float(line["price_inc_tax"])
    body = {"items": items, "payments": [{"provider_id": "testgateway", "amount": amount}]}
    response = await api.post(ACTIONS.format(107) + "/refunds", json=body)
    refund = response.json()["data"]
    order = (await api.get("/v2/orders/107")).json()
    after = (await _lines(api, 107))[0]
    await wait_until(lambda: len(receiver.requests) == 3)
    by_scope = {b["scope"]: b["data"] for b in receiver.bodies()}
    assert response.status_code == 201
    assert (refund["order_id"], refund["total_amount"], refund["reason"]) == (107, amount, "Broken")
    assert refund["items"] == [
        {
            "item_type": "PRODUCT",
            "item_id": line["id"],
            "reason": "Broken",
            "quantity": 1,
            "requested_amount": amount,
        }
    ]
    assert refund["payments"][0]["provider_id"] == "testgateway"
    assert (order["status_id"], order["payment_status"]) == (14, "partially refunded")
    assert order["refunded_amount"] == f"{amount:.4f}"
    assert (after["quantity_refunded"], after["is_refunded"]) == (1, False)
    assert by_scope["store/order/refund/created"] == {
        "type": "order",
        "id": 107,
        "refund": {"refund_id": refund["id"]},
    }
    assert by_scope["store/order/statusUpdated"]["status"] == {
        "previous_status_id": 9,
        "new_status_id": 14,
    }
    assert set(by_scope) == {
        "store/order/refund/created",
        "store/order/updated",
        "store/order/statusUpdated",
    }


async def test_given_the_rest_refunded_when_created_then_the_order_is_refunded(api):
    order = (await api.get("/v2/orders/100")).json()
    left = float(order["total_inc_tax"])
    body = {
        "items": [{"item_type": "ORDER", "item_id": 100, "amount": left}],
        "payments": [{"provider_id": "custom", "amount": left, "offline": True}],
    }
    response = await api.post(ACTIONS.format(100) + "/refunds", json=body)
    again = await _quote(api, 100, [{"item_type": "ORDER", "item_id": 100, "amount": 0.01}])
    after = (await api.get("/v2/orders/100")).json()
    assert response.status_code == 201
    assert (after["status_id"], after["status"], after["payment_status"]) == (
        4,
        "Refunded",
        "refunded",
    )
    assert after["refunded_amount"] == order["total_inc_tax"]
    assert again.status_code == 422


async def test_given_payments_not_matching_when_refunding_then_422_and_nothing_changes(api):
    order = (await api.get("/v2/orders/109")).json()
    items = [{"item_type": "ORDER", "item_id": 109, "amount": 5}]
    bad = [
        {"items": items, "payments": [{"provider_id": "testgateway", "amount": 4}]},
        {"items": items, "payments": [{"provider_id": "paypal", "amount": 5}]},
        {"items": items, "payments": [{"provider_id": "storecredit", "amount": 5}]},
        {"items": items},
    ]
    for body in bad:
        response = await api.post(ACTIONS.format(109) + "/refunds", json=body)
        assert response.status_code == 422, body
    assert (await api.get("/v2/orders/109")).json() == order
    listed = await api.get(ACTIONS.format(109) + "/refunds")
    assert listed.json()["data"] == []


async def test_given_a_merchant_override_when_refunding_then_its_total_is_used(api):
    body = {
        "items": [{"item_type": "ORDER", "item_id": 100, "amount": 20}],
        "merchant_calculated_override": {"total_amount": 12.5, "total_tax": 0},
        "payments": [{"provider_id": "testgateway", "amount": 12.5}],
    }
    refund = (await api.post(ACTIONS.format(100) + "/refunds", json=body)).json()["data"]
    assert (refund["total_amount"], refund["uses_merchant_override_values"]) == (12.5, True)
    assert (await api.get("/v2/orders/100")).json()["refunded_amount"] == "12.5000"


async def test_given_refunds_when_listed_then_per_order_store_wide_and_by_id(api):
    body = {
        "items": [{"item_type": "ORDER", "item_id": 100, "amount": 1}],
        "payments": [{"provider_id": "testgateway", "amount": 1}],
    }
    created = (await api.post(ACTIONS.format(100) + "/refunds", json=body)).json()["data"]
    per_order = (await api.get(ACTIONS.format(100) + "/refunds")).json()
    everything = (await api.get("/v3/orders/payment_actions/refunds")).json()
    filtered = await api.get("/v3/orders/payment_actions/refunds", params={"order_id:in": "108"})
    one = await api.get(f"/v3/orders/payment_actions/refunds/{created['id']}")
    missing = await api.get("/v3/orders/payment_actions/refunds/9999")
    assert [r["id"] for r in per_order["data"]] == [created["id"]]
    assert [r["order_id"] for r in everything["data"]] == [108, 100]
    assert everything["meta"]["pagination"]["total"] == 2
    assert [r["order_id"] for r in filtered.json()["data"]] == [108]
    assert one.json()["data"] == created
    assert missing.status_code == 404


async def test_given_the_seeded_refunded_order_when_read_then_its_refund_is_there(api):
    order = (await api.get("/v2/orders/108")).json()
    [refund] = (await api.get(ACTIONS.format(108) + "/refunds")).json()["data"]
    assert (order["status_id"], order["refunded_amount"]) == (14, "15.0000")
    assert refund["items"][0]["item_type"] == "ORDER"
    assert refund["total_amount"] == 15


async def test_given_a_control_panel_refund_when_made_then_hooks_fire(
    sandbox, api, receiver, subscribe
):
    await subscribe(api, "store/order/refund/created", receiver.url)
    body = {
        "items": [{"item_type": "ORDER", "item_id": 109, "amount": 3}],
        "payments": [{"provider_id": "testgateway", "amount": 3}],
    }
    refund = await sandbox.refund_order(109, body, STORE)
    await wait_until(lambda: len(receiver.requests) == 1)
    assert receiver.bodies()[0]["data"]["refund"]["refund_id"] == refund["id"]


async def test_given_an_unknown_order_when_refunding_then_404(api):
    response = await _quote(api, 4242, [{"item_type": "ORDER", "item_id": 4242, "amount": 1}])
    assert response.status_code == 404
