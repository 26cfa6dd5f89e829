"""Metafields of products, variants, categories and brands: ownership, visibility, uniqueness."""

from __future__ import annotations

import pytest

from storebridge_sandbox.testing import wait_until

STORE = "abc123"
OWNERS = [
    "/v3/catalog/products/81",
    "/v3/catalog/products/80/variants/{variant}",
    "/v3/catalog/categories/24",
    "/v3/catalog/brands/36",
]
FIELD = {"namespace": "erp", "key": "code", "value": "X-1", "permission_set": "read"}


async def _owner(api, template: str) -> str:
    if "{variant}" not in template:
        return template
    variants = (await api.get("/v3/catalog/products/80/variants")).json()["data"]
    return template.format(variant=variants[0]["id"])


@pytest.mark.parametrize("template", OWNERS)
async def test_given_a_resource_when_managing_metafields_then_crud_works(api, template):
    base = await _owner(api, template) + "/metafields"
    created = await api.post(base, json={**FIELD, "description": "ERP code"})
    field = created.json()["data"]
    url = f"{base}/{field['id']}"
    updated = await api.put(url, json={"value": "X-2"})
    listed = await api.get(base)
    deleted = await api.delete(url)
    gone = await api.get(url)
    kind = {"products": "product", "variants": "variant", "categories": "category"}
    expected_type = kind.get(base.split("/")[-3], "brand")
    assert created.status_code == 200
    assert field["resource_type"] == expected_type
    assert field["resource_id"] == int(base.split("/")[-2])
    assert (field["description"], field["permission_set"]) == ("ERP code", "read")
    assert field["date_created"] == field["date_modified"]
    assert updated.json()["data"]["value"] == "X-2"
    assert [m["key"] for m in listed.json()["data"]] == ["code"]
    assert (deleted.status_code, gone.status_code) == (204, 404)


async def test_given_a_namespace_and_key_taken_by_the_same_client_when_creating_then_409(api):
    base = "/v3/catalog/products/81/metafields"
    await api.post(base, json=FIELD)
    again = await api.post(base, json={**FIELD, "value": "other"})
    other_key = await api.post(base, json={**FIELD, "key": "code2"})
    other_product = await api.post("/v3/catalog/products/83/metafields", json=FIELD)
    assert again.status_code == 409
    assert (other_key.status_code, other_product.status_code) == (200, 200)


async def test_given_another_client_when_it_uses_the_same_namespace_and_key_then_it_is_allowed(
    api, other
):
    base = "/v3/catalog/products/81/metafields"
    mine = await api.post(base, json=FIELD)
    theirs = await other.post(base, json=FIELD)
    assert (mine.status_code, theirs.status_code) == (200, 200)
    assert mine.json()["data"]["owner_client_id"] != theirs.json()["data"]["owner_client_id"]


async def test_given_an_app_only_metafield_when_another_client_reads_then_it_is_invisible(
    api, other
):
    base = "/v3/catalog/products/81/metafields"
    secret = (await api.post(base, json={**FIELD, "permission_set": "app_only"})).json()["data"]
    shared = (await api.post(base, json={**FIELD, "key": "open"})).json()["data"]
    mine = [m["id"] for m in (await api.get(base)).json()["data"]]
    theirs = [m["id"] for m in (await other.get(base)).json()["data"]]
    assert mine == [secret["id"], shared["id"]]
    assert theirs == [shared["id"]]
    assert (await other.get(f"{base}/{secret['id']}")).status_code == 404
    assert (await other.put(f"{base}/{secret['id']}", json={"value": "x"})).status_code == 404


@pytest.mark.parametrize(
    ("permission", "value_status", "key_status"),
    [
        ("read", 403, 403),
        ("read_and_sf_access", 403, 403),
        ("write", 200, 403),
        ("write_and_sf_access", 200, 403),
    ],
)
async def test_given_a_shared_metafield_when_another_client_writes_then_the_permission_set_decides(
    api, other, permission, value_status, key_status
):
    base = "/v3/catalog/products/81/metafields"
    made = (await api.post(base, json={**FIELD, "permission_set": permission})).json()["data"]
    url = f"{base}/{made['id']}"
    value = await other.put(url, json={"value": "theirs"})
    key = await other.put(url, json={"key": "renamed"})
    seen = await other.get(url)
    assert (value.status_code, key.status_code, seen.status_code) == (value_status, key_status, 200)


async def test_given_invalid_metafields_when_creating_then_422(api):
    base = "/v3/catalog/products/81/metafields"
    missing = await api.post(base, json={"namespace": "erp", "key": "code", "value": "x"})
    bad_set = await api.post(base, json={**FIELD, "permission_set": "public"})
    long_key = await api.post(base, json={**FIELD, "key": "k" * 65})
    not_text = await api.post(base, json={**FIELD, "value": 12})
    statuses = [r.status_code for r in (missing, bad_set, long_key, not_text)]
    assert statuses == [422, 422, 422, 422]
    assert "permission_set" in missing.json()["errors"]


async def test_given_filters_when_listing_metafields_then_key_and_namespace_narrow_the_list(api):
    base = "/v3/catalog/products/81/metafields"
    for namespace, key in (("erp", "code"), ("erp", "bin"), ("shop", "code")):
        await api.post(base, json={**FIELD, "namespace": namespace, "key": key})
    by_key = (await api.get(base, params={"key": "code"})).json()["data"]
    by_namespace = (await api.get(base, params={"namespace": "erp"})).json()["data"]
    both = (await api.get(base, params={"namespace": "shop", "key": "code"})).json()["data"]
    keys_in = (await api.get(base, params={"key:in": "bin,code"})).json()["data"]
    assert [(m["namespace"], m["key"]) for m in by_key] == [("erp", "code"), ("shop", "code")]
    assert [m["key"] for m in by_namespace] == ["code", "bin"]
    assert [m["namespace"] for m in both] == ["shop"]
    assert len(keys_in) == 3


async def test_given_an_unknown_resource_when_managing_metafields_then_404(api):
    assert (await api.get("/v3/catalog/products/9999/metafields")).status_code == 404
    assert (await api.post("/v3/catalog/brands/9999/metafields", json=FIELD)).status_code == 404
    wrong = await api.get("/v3/catalog/products/81/variants/999999/metafields")
    assert wrong.status_code == 404


async def test_given_a_product_deleted_when_reading_state_then_its_metafields_are_gone(
    sandbox, api
):
    await api.post("/v3/catalog/products/83/metafields", json=FIELD)
    await api.delete("/v3/catalog/products/83")
    rows = (await sandbox.state(STORE))["tables"]["metafields"]
    assert [m for m in rows if (m["resource_type"], m["resource_id"]) == ("product", 83)] == []


async def test_given_metafield_changes_when_hooked_then_both_metafield_scopes_fire(
    api, receiver, subscribe
):
    await subscribe(api, "store/metafield/*", receiver.url)
    await subscribe(api, "store/product/metafield/*", receiver.url + "/product")
    base = "/v3/catalog/products/81/metafields"
    made = (await api.post(base, json=FIELD)).json()["data"]
    await api.put(f"{base}/{made['id']}", json={"value": "v2"})
    await api.delete(f"{base}/{made['id']}")
    await wait_until(lambda: len(receiver.requests) == 6)
    scopes = sorted(b["scope"] for b in receiver.bodies())
    data = {"metafield_id": made["id"], "resource_id": "81", "resource_type": "product"}
    assert scopes == sorted(
        f"store/{family}metafield/{action}"
        for family in ("", "product/")
        for action in ("created", "updated", "deleted")
    )
    assert all(b["data"] == data for b in receiver.bodies())


async def test_given_the_seed_when_reading_product_91_then_its_metafields_are_there(api, other):
    base = "/v3/catalog/products/91/metafields"
    mine = [m["key"] for m in (await api.get(base)).json()["data"]]
    theirs = [m["key"] for m in (await other.get(base)).json()["data"]]
    assert mine == ["bin", "supplier_code", "badge"]
    assert theirs == ["bin", "badge"]


async def test_given_a_variant_metafield_change_when_hooked_then_its_event_names_the_variant(
    api, receiver, subscribe
):
    await subscribe(api, "store/product/variant/metafield/*", receiver.url)
    variant = (await api.get("/v3/catalog/products/80/variants")).json()["data"][0]
    base = f"/v3/catalog/products/80/variants/{variant['id']}/metafields"
    made = (await api.post(base, json=FIELD)).json()["data"]
    await wait_until(lambda: len(receiver.requests) == 1)
    [body] = receiver.bodies()
    assert body["scope"] == "store/product/variant/metafield/created"
    assert body["data"] == {
        "metafield_id": made["id"],
        "resource_id": str(variant["id"]),
        "resource_type": "variant",
    }
    found = await api.get("/v3/catalog/variants", params={"id": variant["id"]})
    assert [v["product_id"] for v in found.json()["data"]] == [80], "its product, by variant id"
