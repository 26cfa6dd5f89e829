"""Merchant edits of orders: status, fields, lines, addresses, archive; the webhooks they fire;
`date_modified` moving on; incomplete checkouts completed later."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

from storebridge_sandbox.testing import wait_until

STORE = "abc123"


def _moment(order):
    return parsedate_to_datetime(order["date_modified"])


async def _scopes(receiver, count):
    await wait_until(lambda: len(receiver.requests) >= count)
    return [body["scope"] for body in receiver.bodies()]


async def test_given_a_store_without_status_ids_when_the_status_changes_then_status_is_absent(
    make_sandbox, receiver, subscribe
):
    async with make_sandbox() as sandbox, sandbox.api_client(STORE) as api:
        await subscribe(api, "store/order/statusUpdated", receiver.url)
        await sandbox.set_faults(STORE, status_updated_without_status=True)
        await api.put("/v2/orders/100", json={"status_id": 2})
        await wait_until(lambda: len(receiver.requests) == 1)
    assert receiver.bodies()[0]["data"] == {"type": "order", "id": 100}


async def test_given_a_store_configured_without_status_ids_when_changed_then_the_bare_shape(
    make_sandbox, receiver, subscribe
):
    from storebridge_sandbox.config import StoreConfig, TokenConfig

    bare = StoreConfig(
        store_hash=STORE, tokens=[TokenConfig(token="t")], status_updated_with_status=False
    )
    async with make_sandbox(stores=[bare]) as sandbox, sandbox.api_client(STORE) as api:
        await subscribe(api, "store/order/statusUpdated", receiver.url)
        await sandbox.update_order_status(100, 5, STORE)
        await wait_until(lambda: len(receiver.requests) == 1)
    assert "status" not in receiver.bodies()[0]["data"]


async def test_given_field_edits_when_put_then_they_are_kept_and_only_updated_fires(
    sandbox, api, receiver, subscribe
):
    await subscribe(api, "store/order/*", receiver.url)
    before = (await api.get("/v2/orders/100")).json()
    body = {
        "staff_notes": "Leave at the door",
        "customer_message": "Gift wrap please",
        "billing_address": {"street_1": "1 New Road", "zip": "78702"},
    }
    after = await sandbox.update_order(100, body, STORE)
    assert (after["staff_notes"], after["customer_message"]) == (
        "Leave at the door",
        "Gift wrap please",
    )
    assert after["billing_address"]["street_1"] == "1 New Road"
    assert after["billing_address"]["first_name"] == "Jane"
    assert _moment(after) > _moment(before)
    assert await _scopes(receiver, 1) == ["store/order/updated"]


async def test_given_line_edits_when_put_then_lines_and_totals_follow(api, receiver, subscribe):
    await subscribe(api, "store/order/updated", receiver.url)
    lines = (await api.get("/v2/orders/100/products")).json()
    body = {
        "products": [
            {"id": lines[0]["id"], "quantity": 1},
            {"id": lines[1]["id"], "quantity": 0},
            {"product_id": 84, "quantity": 2},
        ]
    }
    order = (await api.put("/v2/orders/100", json=body)).json()
    after = (await api.get("/v2/orders/100/products")).json()
    assert [(line["product_id"], line["quantity"]) for line in after] == [(77, 1), (84, 2)]
    assert after[1]["order_address_id"] == lines[0]["order_address_id"]
    subtotal = sum(float(line["total_inc_tax"]) for line in after)
    assert order["subtotal_inc_tax"] == f"{subtotal:.4f}"
    assert order["items_total"] == 3
    assert order["total_inc_tax"] == f"{subtotal + 10 - 10:.4f}"
    address = (await api.get("/v2/orders/100/shipping_addresses")).json()[0]
    assert address["items_total"] == 3
    assert await _scopes(receiver, 1) == ["store/order/updated"]


async def test_given_a_line_with_options_and_a_custom_line_when_added_then_they_resolve(api):
    body = {
        "products": [
            {"name": "Engraving", "quantity": 1, "price_inc_tax": 5, "price_ex_tax": 5},
            {"product_id": 77, "quantity": 1, "sku": "SLCTBS-S-BEI"},
        ]
    }
    await api.put("/v2/orders/107", json=body)
    added = (await api.get("/v2/orders/107/products")).json()[-2:]
    assert (added[0]["name"], added[0]["product_id"], added[0]["price_inc_tax"]) == (
        "Engraving",
        0,
        "5.0000",
    )
    assert added[1]["sku"] == "SLCTBS-S-BEI"


async def test_given_a_bad_line_edit_when_put_then_422_and_nothing_changes(
    api, receiver, subscribe
):
    await subscribe(api, "store/order/*", receiver.url)
    before = (await api.get("/v2/orders/100/products")).json()
    for products in (
        [{"id": before[0]["id"], "quantity": 5}, {"id": 999999, "quantity": 1}],
        [{"id": before[0]["id"], "quantity": 0}, {"id": before[1]["id"], "quantity": 0}],
        [{"product_id": "seventy", "quantity": 1}],
        [{"id": before[0]["id"], "quantity": "many"}],
        "not a list",
    ):
        response = await api.put("/v2/orders/100", json={"products": products})
        assert response.status_code == 422, products
        assert response.json()[0]["status"] == 422
    assert (await api.get("/v2/orders/100/products")).json() == before
    assert receiver.requests == []


async def test_given_a_shipping_address_edit_when_put_then_it_changes_and_updated_fires(
    api, receiver, subscribe
):
    await subscribe(api, "store/order/updated", receiver.url)
    address = (await api.get("/v2/orders/107/shipping_addresses")).json()[0]
    edit = {"id": address["id"], "street_1": "9 Dock Road", "city": "Tacoma"}
    await api.put("/v2/orders/107", json={"shipping_addresses": [edit]})
    single = await api.put(
        f"/v2/orders/107/shipping_addresses/{address['id']}", json={"zip": "98402"}
    )
    after = (await api.get(f"/v2/orders/107/shipping_addresses/{address['id']}")).json()
    assert single.status_code == 200
    assert (after["street_1"], after["city"], after["zip"]) == ("9 Dock Road", "Tacoma", "98402")
    assert after["cost_inc_tax"] == address["cost_inc_tax"]
    assert await _scopes(receiver, 2) == ["store/order/updated", "store/order/updated"]


async def test_given_an_unknown_shipping_address_when_put_then_422_or_404(api):
    in_order = await api.put("/v2/orders/107", json={"shipping_addresses": [{"id": 1}]})
    single = await api.put("/v2/orders/107/shipping_addresses/999", json={"zip": "1"})
    assert (in_order.status_code, single.status_code) == (422, 404)


async def test_given_an_archive_when_put_or_deleted_then_archived_fires_and_date_moves(
    api, receiver, subscribe
):
    await subscribe(api, "store/order/archived", receiver.url)
    before = (await api.get("/v2/orders/103")).json()
    await api.put("/v2/orders/103", json={"is_deleted": True})
    assert (await api.delete("/v2/orders/104")).status_code == 204
    archived = (await api.get("/v2/orders", params={"is_deleted": "true"})).json()
    await wait_until(lambda: len(receiver.requests) == 2)
    assert sorted(b["data"]["id"] for b in receiver.bodies()) == [103, 104]
    assert [o["id"] for o in archived] == [103, 104]
    assert _moment(archived[0]) > _moment(before)


async def test_given_a_merchant_archive_when_made_then_the_order_stays_readable_and_archived_fires(
    sandbox, api, receiver, subscribe
):
    await subscribe(api, "store/order/archived", receiver.url)
    await sandbox.archive_order(105, STORE)
    order = (await api.get("/v2/orders/105")).json()
    await wait_until(lambda: len(receiver.requests) == 1)
    assert order["is_deleted"] is True
    assert receiver.bodies()[0]["data"] == {"type": "order", "id": 105}


async def test_given_an_incomplete_checkout_when_completed_then_created_then_status_0_to_11(
    sandbox, api, receiver, subscribe
):
    await subscribe(api, "store/order/*", receiver.url)
    await subscribe(api, "store/cart/converted", receiver.url)
    order_id = await sandbox.checkout([{"product_id": 79, "quantity": 1}], STORE, status_id=0)
    incomplete = (await api.get(f"/v2/orders/{order_id}")).json()
    assert await _scopes(receiver, 1) == ["store/order/created"]
    completed = await sandbox.complete_checkout(order_id, 11, STORE)
    scopes = await _scopes(receiver, 4)
    status = receiver.bodies("store/order/statusUpdated")[0]["data"]["status"]
    assert (incomplete["status_id"], completed["status_id"]) == (0, 11)
    assert scopes[1:] == [
        "store/order/updated",
        "store/order/statusUpdated",
        "store/cart/converted",
    ]
    assert status == {"previous_status_id": 0, "new_status_id": 11}


async def test_given_an_incomplete_checkout_when_completed_unpaid_then_it_awaits_payment(
    sandbox, api
):
    order_id = await sandbox.checkout([{"product_id": 79, "quantity": 1}], STORE, status_id=0)
    path = f"/_sandbox/stores/{STORE}/orders/{order_id}/complete"
    completed = await sandbox.admin.post(path, json={"status_id": 7})
    again = await sandbox.admin.post(path, json={})
    assert (completed.json()["status_id"], completed.json()["payment_status"]) == (7, "pending")
    assert again.status_code == 409


async def test_given_date_modified_paging_when_an_order_changes_then_it_moves_to_the_end(api):
    since = {"min_date_modified": "2025-01-01T00:00:00+00:00", "sort": "date_modified:asc"}

    async def listed():
        pages, page = [], 1
        while (
            response := await api.get("/v2/orders", params={**since, "limit": 3, "page": page})
        ).status_code == 200:
            pages.append([o["id"] for o in response.json()])
            page += 1
        return pages

    before = await listed()
    await api.put("/v2/orders/100", json={"status_id": 9})
    after = await listed()
    flat_before = [i for page in before for i in page]
    flat_after = [i for page in after for i in page]
    assert [len(page) for page in before] == [3, 3, 3, 1]
    assert flat_after == [i for i in flat_before if i != 100] + [100]
    newer = (await api.get("/v2/orders/100")).json()["date_modified"]
    only = await api.get("/v2/orders", params={**since, "min_date_modified": newer})
    assert [o["id"] for o in only.json()] == [100]


async def test_given_equal_dates_when_sorted_by_date_modified_then_ties_go_by_id(api):
    for order_id in (107, 101, 104):
        await api.put(f"/v2/orders/{order_id}", json={"staff_notes": "x"})
    newest = (await api.get("/v2/orders/104")).json()["date_modified"]
    rows = await api.get(
        "/v2/orders", params={"min_date_modified": newest, "sort": "date_modified:asc"}
    )
    keys = [(_moment(o), o["id"]) for o in rows.json()]
    assert keys == sorted(keys)
    assert {key[1] for key in keys} >= {104}
