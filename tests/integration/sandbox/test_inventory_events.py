"""Stock changes fire store/product/inventory/updated and store/sku/inventory/updated."""

from __future__ import annotations

from storebridge_sandbox.testing import wait_until

STORE = "abc123"


async def test_given_a_product_without_variants_when_its_stock_changes_then_the_product_event_fires(
    sandbox, api, receiver, subscribe, settle
):
    await subscribe(api, "store/product/inventory/updated", receiver.url)
    level = (await api.get("/v3/catalog/products/81")).json()["data"]["inventory_level"]
    await api.put("/v3/catalog/products/81", json={"inventory_level": level + 5})
    await api.put("/v3/catalog/products/81", json={"inventory_level": level + 5})
    await api.put("/v3/catalog/products/81", json={"inventory_level": level + 2})
    await wait_until(lambda: len(receiver.requests) == 2)
    await settle(sandbox)
    assert [b["data"] for b in receiver.bodies()] == [
        {
            "type": "product",
            "id": 81,
            "inventory": {"product_id": 81, "method": "absolute", "value": v},
        }
        for v in (5, -3)
    ]


async def test_given_untracked_stock_when_changed_then_the_inventory_event_fires_but_no_update(
    sandbox, api, receiver, subscribe, settle
):
    await subscribe(api, "store/product/inventory/updated", receiver.url)
    await subscribe(api, "store/product/updated", receiver.url + "/updated")
    await api.put("/v3/catalog/products/83", json={"inventory_level": 7})
    await wait_until(lambda: len(receiver.requests) == 1)
    await settle(sandbox)
    assert [b["scope"] for b in receiver.bodies()] == ["store/product/inventory/updated"]


async def test_given_tracking_by_product_when_stock_changes_then_product_updated_fires_too(
    sandbox, api, receiver, subscribe, settle
):
    await subscribe(api, "store/product/*", receiver.url)
    await api.put("/v3/catalog/products/81", json={"inventory_level": 1})
    await wait_until(lambda: len(receiver.requests) == 2)
    await settle(sandbox)
    assert sorted(b["scope"] for b in receiver.bodies()) == [
        "store/product/inventory/updated",
        "store/product/updated",
    ]


async def test_given_tracking_by_variant_when_a_variant_stock_changes_then_the_sku_event_fires(
    sandbox, api, receiver, subscribe, settle
):
    await subscribe(api, "store/sku/inventory/updated", receiver.url)
    await subscribe(api, "store/product/inventory/updated", receiver.url + "/product")
    variant = (await api.get("/v3/catalog/variants", params={"sku": "SLCTBS-S-BEI"})).json()[
        "data"
    ][0]
    url = f"/v3/catalog/products/77/variants/{variant['id']}"
    await api.put(url, json={"inventory_level": variant["inventory_level"] - 3})
    await api.put("/v3/catalog/products/77", json={"inventory_level": 99})
    await wait_until(lambda: len(receiver.requests) == 1)
    await settle(sandbox)
    inventory = {"product_id": 77, "method": "absolute", "value": -3, "variant_id": variant["id"]}
    assert receiver.bodies() == [{**receiver.bodies()[0], "scope": "store/sku/inventory/updated"}]
    assert receiver.bodies()[0]["data"] == {
        "type": "sku",
        "id": variant["sku_id"],
        "inventory": inventory,
    }


async def test_given_tracking_by_product_with_variants_when_stock_changes_then_only_product_events(
    sandbox, api, receiver, subscribe, settle
):
    await api.put("/v3/catalog/products/77", json={"inventory_tracking": "product"})
    await subscribe(api, "store/sku/inventory/updated", receiver.url + "/sku")
    await subscribe(api, "store/product/inventory/updated", receiver.url)
    variant = (await api.get("/v3/catalog/variants", params={"sku": "SLCTBS-S-BEI"})).json()[
        "data"
    ][0]
    await api.put(f"/v3/catalog/products/77/variants/{variant['id']}", json={"inventory_level": 0})
    await api.put("/v3/catalog/products/77", json={"inventory_level": 40})
    await wait_until(lambda: len(receiver.requests) == 1)
    await settle(sandbox)
    assert [b["scope"] for b in receiver.bodies()] == ["store/product/inventory/updated"]
    assert receiver.bodies()[0]["data"]["inventory"]["value"] == 40


async def test_given_the_base_variant_when_its_stock_changes_then_it_is_the_product_stock(
    sandbox, api, receiver, subscribe, settle
):
    await subscribe(api, "store/product/inventory/updated", receiver.url)
    base = (await api.get("/v3/catalog/products/79/variants")).json()["data"][0]
    await api.put(f"/v3/catalog/products/79/variants/{base['id']}", json={"inventory_level": 12})
    await wait_until(lambda: len(receiver.requests) == 1)
    product = (await api.get("/v3/catalog/products/79")).json()["data"]
    assert product["inventory_level"] == 12
    assert receiver.bodies()[0]["data"]["inventory"]["value"] == 12 - base["inventory_level"]


async def test_given_a_merchant_stock_edit_when_made_in_the_control_panel_then_events_fire(
    sandbox, api, receiver, subscribe
):
    await subscribe(api, "store/sku/inventory/updated", receiver.url)
    await subscribe(api, "store/product/inventory/updated", receiver.url)
    variant = (await api.get("/v3/catalog/variants", params={"sku": "CGLD-LAV"})).json()["data"][0]
    await sandbox.merchant("PUT", f"/products/82/variants/{variant['id']}", {"inventory_level": 77})
    await sandbox.merchant("PUT", "/products/81", {"inventory_level": 3})
    await wait_until(lambda: len(receiver.requests) == 2)
    assert sorted(b["scope"] for b in receiver.bodies()) == [
        "store/product/inventory/updated",
        "store/sku/inventory/updated",
    ]


async def test_given_tracking_by_product_when_a_checkout_uses_stock_then_the_order_event_fires(
    sandbox, api, receiver, subscribe, settle
):
    await subscribe(api, "store/product/inventory/order/updated", receiver.url)
    await subscribe(api, "store/product/inventory/updated", receiver.url + "/set")
    await api.put("/v3/catalog/products/81", json={"inventory_level": 3})
    await sandbox.checkout([{"product_id": 81, "quantity": 2}])
    await sandbox.checkout([{"product_id": 81, "quantity": 5}])
    await wait_until(lambda: len(receiver.requests) == 3)
    await settle(sandbox)
    product = (await api.get("/v3/catalog/products/81")).json()["data"]
    assert product["inventory_level"] == 0
    order_events = [b for b in receiver.bodies() if b["scope"].endswith("order/updated")]
    assert [b["data"] for b in order_events] == [
        {
            "type": "product",
            "id": 81,
            "inventory": {"product_id": 81, "method": "relative", "value": v},
        }
        for v in (-2, -1)
    ]


async def test_given_tracking_by_variant_when_a_checkout_uses_stock_then_the_sku_order_event_fires(
    sandbox, api, receiver, subscribe, settle
):
    await subscribe(api, "store/sku/inventory/order/updated", receiver.url)
    await subscribe(api, "store/product/inventory/order/updated", receiver.url + "/product")
    variant = (await api.get("/v3/catalog/variants", params={"sku": "SLCTBS-S-BEI"})).json()[
        "data"
    ][0]
    await sandbox.checkout([{"product_id": 77, "sku": "SLCTBS-S-BEI", "quantity": 1}])
    await wait_until(lambda: len(receiver.requests) == 1)
    await settle(sandbox)
    after = (await api.get(f"/v3/catalog/products/77/variants/{variant['id']}")).json()["data"]
    assert after["inventory_level"] == variant["inventory_level"] - 1
    assert [(b["scope"], b["data"]) for b in receiver.bodies()] == [
        (
            "store/sku/inventory/order/updated",
            {
                "type": "sku",
                "id": variant["sku_id"],
                "inventory": {
                    "product_id": 77,
                    "method": "relative",
                    "value": -1,
                    "variant_id": variant["id"],
                },
            },
        )
    ]


async def test_given_an_incomplete_checkout_then_no_stock_is_used_until_it_is_paid(
    sandbox, api, receiver, subscribe, settle
):
    await subscribe(api, "store/product/inventory/order/updated", receiver.url)
    await api.put("/v3/catalog/products/81", json={"inventory_level": 4})
    order_id = await sandbox.checkout([{"product_id": 81, "quantity": 1}], status_id=0)
    level = (await api.get("/v3/catalog/products/81")).json()["data"]["inventory_level"]
    await sandbox.complete_checkout(order_id)
    await wait_until(lambda: len(receiver.requests) == 1)
    await settle(sandbox)
    assert level == 4
    assert (await api.get("/v3/catalog/products/81")).json()["data"]["inventory_level"] == 3
