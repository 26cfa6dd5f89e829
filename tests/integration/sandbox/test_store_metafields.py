"""Store-wide metafields (`/catalog/products/metafields`, `/catalog/variants/metafields`): the
listings (every readable metafield of the resource type, paged, with the documented filters)
and the batch create (an array, partial success as 422)."""

from __future__ import annotations

from storebridge_sandbox.testing import wait_until

STORE = "abc123"
SEEDED = "2026-11-02T09:00:00+00:00"
FIELD = {"namespace": "erp", "key": "code", "value": "X-1", "permission_set": "read"}
PRODUCTS = "/v3/catalog/products/metafields"
VARIANTS = "/v3/catalog/variants/metafields"


async def _variant_id(api, product_id: int) -> int:
    return int(
        (await api.get(f"/v3/catalog/products/{product_id}/variants")).json()["data"][0]["id"]
    )


async def test_given_product_metafields_on_several_products_when_listing_store_wide_then_all_in_id_order(
    api,
):
    made = [
        (await api.post(f"/v3/catalog/products/{pid}/metafields", json=FIELD)).json()["data"]
        for pid in (83, 81)
    ]
    listed = await api.get(PRODUCTS, params={"namespace": "erp", "key": "code"})
    body = listed.json()
    assert listed.status_code == 200
    assert [(m["id"], m["resource_id"]) for m in body["data"]] == [
        (m["id"], m["resource_id"]) for m in made
    ]
    assert all(m["resource_type"] == "product" for m in body["data"])
    assert body["meta"]["pagination"]["total"] == 2


async def test_given_variant_metafields_when_listing_store_wide_then_only_variants_are_listed(api):
    variant = await _variant_id(api, 80)
    await api.post(f"/v3/catalog/products/80/variants/{variant}/metafields", json=FIELD)
    await api.post("/v3/catalog/products/81/metafields", json=FIELD)
    found = (await api.get(VARIANTS)).json()["data"]
    assert [(m["resource_type"], m["resource_id"]) for m in found] == [("variant", variant)]


async def test_given_an_app_only_metafield_when_another_client_lists_store_wide_then_it_is_left_out(
    api, other
):
    base = "/v3/catalog/products/81/metafields"
    await api.post(base, json={**FIELD, "permission_set": "app_only"})
    shared = (await api.post(base, json={**FIELD, "key": "open"})).json()["data"]
    mine = {m["key"] for m in (await api.get(PRODUCTS, params={"namespace": "erp"})).json()["data"]}
    theirs = (await other.get(PRODUCTS, params={"namespace": "erp"})).json()["data"]
    assert mine == {"code", "open"}
    assert [m["id"] for m in theirs] == [shared["id"]]


async def test_given_date_modified_min_when_listing_store_wide_then_only_later_edits_are_listed(
    api,
):
    seeded = (await api.get(PRODUCTS)).json()["data"]
    made = (await api.post("/v3/catalog/products/81/metafields", json=FIELD)).json()["data"]
    edited = seeded[0]
    base = f"/v3/catalog/products/{edited['resource_id']}/metafields/{edited['id']}"
    await api.put(base, json={"value": "edited"})
    since = {"date_modified:min": "2026-11-03T00:00:00"}
    until = {"date_modified:max": "2026-11-03T00:00:00"}
    later = (await api.get(PRODUCTS, params=since)).json()["data"]
    earlier = (await api.get(PRODUCTS, params=until)).json()["data"]
    assert all(m["date_modified"] == SEEDED for m in seeded)
    assert [m["id"] for m in later] == sorted([edited["id"], made["id"]])
    assert [m["id"] for m in earlier] == [m["id"] for m in seeded[1:]]


async def test_given_many_metafields_when_listing_store_wide_then_pages_and_limit_apply(api):
    base = "/v3/catalog/products/81/metafields"
    for n in range(5):
        await api.post(base, json={**FIELD, "key": f"k{n}"})
    first = (await api.get(PRODUCTS, params={"namespace": "erp", "limit": 2})).json()
    third = (await api.get(PRODUCTS, params={"namespace": "erp", "limit": 2, "page": 3})).json()
    down = (await api.get(PRODUCTS, params={"namespace": "erp", "direction": "desc"})).json()
    narrow = (await api.get(PRODUCTS, params={"key:in": "k1,k3", "include_fields": "key"})).json()
    assert [m["key"] for m in first["data"]] == ["k0", "k1"]
    assert first["meta"]["pagination"]["total_pages"] == 3
    assert [m["key"] for m in third["data"]] == ["k4"]
    assert [m["key"] for m in down["data"]] == ["k4", "k3", "k2", "k1", "k0"]
    assert narrow["data"] == [
        {"id": narrow["data"][0]["id"], "key": "k1"},
        {"id": narrow["data"][1]["id"], "key": "k3"},
    ]


async def test_given_an_array_when_creating_store_wide_then_each_is_made_on_its_resource(
    api, receiver, subscribe
):
    await subscribe(api, "store/product/metafield/*", receiver.url)
    items = [{**FIELD, "resource_id": 81}, {**FIELD, "key": "bin", "resource_id": 83}]
    made = await api.post(PRODUCTS, json=items)
    body = made.json()
    assert made.status_code == 200
    assert [(m["resource_type"], m["resource_id"], m["key"]) for m in body["data"]] == [
        ("product", 81, "code"),
        ("product", 83, "bin"),
    ]
    assert (body["errors"], body["meta"]) == ([], {"total": 2, "success": 2, "failed": 0})
    await wait_until(lambda: len(receiver.requests) == 2)  # one event per metafield
    listed = (await api.get("/v3/catalog/products/83/metafields")).json()["data"]
    assert [m["key"] for m in listed] == ["bin"]


async def test_given_a_variant_array_when_creating_store_wide_then_variants_hold_them(api):
    variant = await _variant_id(api, 80)
    made = await api.post(VARIANTS, json=[{**FIELD, "resource_id": variant}])
    assert made.status_code == 200
    assert made.json()["data"][0]["resource_type"] == "variant"
    listed = await api.get(f"/v3/catalog/products/80/variants/{variant}/metafields")
    assert [m["key"] for m in listed.json()["data"]] == ["code"]


async def test_given_some_items_refused_when_creating_store_wide_then_422_keeps_the_others(api):
    await api.post("/v3/catalog/products/81/metafields", json=FIELD)
    items = [
        {**FIELD, "resource_id": 81},  # a duplicate of this client's: 409
        {**FIELD, "resource_id": 999999},  # no such product: 404
        {**FIELD, "key": "fine", "resource_id": 83},
    ]
    made = await api.post(PRODUCTS, json=items)
    body = made.json()
    assert made.status_code == 422
    assert [m["key"] for m in body["data"]] == ["fine"]
    assert [e["status"] for e in body["errors"]] == [409, 404]
    assert body["meta"] == {"total": 3, "success": 1, "failed": 2}
    assert (await api.post(PRODUCTS, json={"not": "an array"})).status_code == 422
