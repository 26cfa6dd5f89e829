"""Product channel assignments and their webhooks; listings fire nothing."""

from __future__ import annotations

from storebridge_sandbox.testing import wait_until

STORE = "abc123"
BASE = "/v3/catalog/products/channel-assignments"


async def _pairs(api, **params: str) -> list[tuple[int, int]]:
    data = (await api.get(BASE, params={"limit": 250, **params})).json()["data"]
    return [(a["product_id"], a["channel_id"]) for a in data]


async def test_given_the_seed_when_listing_assignments_then_every_product_is_on_the_storefront(api):
    storefront = await _pairs(api, **{"channel_id:in": "1"})
    amazon = await _pairs(api, **{"channel_id:in": "2"})
    products = (await api.get("/v3/catalog/products")).json()["meta"]["pagination"]["total"]
    assert len(storefront) == products
    assert amazon == [(77, 2), (78, 2), (86, 2)]


async def test_given_a_new_product_when_created_then_it_is_assigned_to_the_storefront(api):
    body = {"name": "Fresh", "type": "physical", "weight": 1, "price": 1}
    product = (await api.post("/v3/catalog/products", json=body)).json()["data"]
    assert await _pairs(api, **{"product_id:in": str(product["id"])}) == [(product["id"], 1)]


async def test_given_assignments_when_put_then_204_and_new_pairs_fire_assigned(
    sandbox, api, receiver, subscribe, settle
):
    await subscribe(api, "store/channel/3/product/assigned", receiver.url)
    body = [{"product_id": 79, "channel_id": 3}, {"product_id": 80, "channel_id": 3}]
    response = await api.put(BASE, json=body)
    await wait_until(lambda: len(receiver.requests) == 1)
    await settle(sandbox)
    assert response.status_code == 204
    assert (79, 3) in await _pairs(api, **{"channel_id:in": "3"})
    delivery = receiver.bodies()[0]
    assert (delivery["scope"], delivery["data"]) == (
        "store/channel/3/product/assigned",
        {"product_id": 79},
    )


async def test_given_assignments_when_deleted_then_unassigned_fires_per_removed_pair(
    sandbox, api, receiver, subscribe, settle
):
    await subscribe(api, "store/channel/2/product/unassigned", receiver.url)
    response = await api.delete(BASE, params={"channel_id:in": "2", "product_id:in": "77,78,79"})
    await wait_until(lambda: len(receiver.requests) == 2)
    await settle(sandbox)
    assert response.status_code == 204
    assert await _pairs(api, **{"channel_id:in": "2"}) == [(86, 2)]
    assert sorted(b["data"]["product_id"] for b in receiver.bodies()) == [77, 78]


async def test_given_no_filter_when_deleting_assignments_then_422_and_nothing_changes(api):
    before = await _pairs(api)
    response = await api.delete(BASE)
    assert response.status_code == 422
    assert await _pairs(api) == before


async def test_given_unknown_products_or_channels_when_assigning_then_422_names_each_item(api):
    body = [{"product_id": 77, "channel_id": 3}, {"product_id": 9999, "channel_id": 77}]
    response = await api.put(BASE, json=body)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"1.product_id", "1.channel_id"}
    assert (77, 3) not in await _pairs(api)


async def test_given_wildcard_channel_scopes_when_hooked_then_every_channel_is_delivered(
    sandbox, api, receiver, subscribe, settle
):
    await subscribe(api, "store/channel/*/product/assigned", receiver.url + "/any")
    await subscribe(api, "store/channel/*", receiver.url + "/all")
    await subscribe(api, "store/channel/2/product/*", receiver.url + "/two")
    await api.put(
        BASE, json=[{"product_id": 81, "channel_id": 2}, {"product_id": 81, "channel_id": 3}]
    )
    await api.delete(BASE, params={"product_id:in": "81", "channel_id:in": "3"})
    await wait_until(lambda: len(receiver.requests) == 6)
    await settle(sandbox)
    by_path = sorted((r["path"], r["body"]["scope"]) for r in receiver.requests)
    assert by_path == [
        ("/all", "store/channel/2/product/assigned"),
        ("/all", "store/channel/3/product/assigned"),
        ("/all", "store/channel/3/product/unassigned"),
        ("/any", "store/channel/2/product/assigned"),
        ("/any", "store/channel/3/product/assigned"),
        ("/two", "store/channel/2/product/assigned"),
    ]


async def test_given_include_channels_and_channel_id_in_when_listing_products_then_both_follow(api):
    params = {"include": "channels", "channel_id:in": "3", "include_fields": "name"}
    products = (await api.get("/v3/catalog/products", params=params)).json()["data"]
    assert [(p["id"], p["channels"]) for p in products] == [(80, [1, 3]), (87, [1, 3])]


async def test_given_a_listing_state_change_when_put_then_no_webhook_fires(
    sandbox, api, receiver, subscribe, settle
):
    await subscribe(api, "store/channel/*", receiver.url)
    await subscribe(api, "store/product/*", receiver.url)
    listing = (await api.get("/v3/channels/2/listings", params={"product_id:in": "78"})).json()[
        "data"
    ][0]
    body = [
        {"listing_id": listing["listing_id"], "product_id": 78, "state": "disabled", "variants": []}
    ]
    response = await api.put("/v3/channels/2/listings", json=body)
    await api.put(BASE, json=[{"product_id": 78, "channel_id": 3}])
    await wait_until(lambda: len(receiver.requests) == 1)
    await settle(sandbox)
    assert response.json()["data"][0]["state"] == "disabled"
    assert [b["scope"] for b in receiver.bodies()] == ["store/channel/3/product/assigned"]


async def test_given_a_product_deleted_when_listing_assignments_then_its_pairs_are_gone(api):
    await api.delete("/v3/catalog/products/80")
    assert await _pairs(api, **{"product_id:in": "80"}) == []
