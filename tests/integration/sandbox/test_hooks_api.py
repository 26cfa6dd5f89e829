"""The /v3/hooks management API."""

from __future__ import annotations

import httpx

STORE = "abc123"
DEST = "http://127.0.0.1:9/hooks"


async def test_given_a_valid_hook_when_created_then_200_with_data_and_empty_meta(api):
    body = {"scope": "store/sku/updated", "destination": DEST, "headers": {"X-Secret": "s3"}}
    response = await api.post("/v3/hooks", json=body)
    assert response.status_code == 200
    envelope = response.json()
    hook = envelope["data"]
    assert envelope["meta"] == {}
    assert hook["is_active"] is True
    assert hook["store_hash"] == STORE
    assert hook["headers"] == {"X-Secret": "s3"}
    assert isinstance(hook["client_id"], str) and hook["client_id"]
    assert hook["created_at"] == hook["updated_at"]


async def test_given_no_destination_when_creating_then_422_in_the_documented_shape(api):
    response = await api.post("/v3/hooks", json={"scope": "store/order/created"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"destination": "error.path.missing."}


async def test_given_the_same_scope_and_destination_when_creating_again_then_409(api, subscribe):
    await subscribe(api, "store/order/created", DEST)
    again = await api.post("/v3/hooks", json={"scope": "store/order/created", "destination": DEST})
    assert again.status_code == 409


async def test_given_ten_hooks_on_a_scope_when_adding_an_eleventh_then_422(api, subscribe):
    for n in range(10):
        await subscribe(api, "store/product/updated", f"http://127.0.0.1:9/h{n}")
    response = await api.post(
        "/v3/hooks", json={"scope": "store/product/updated", "destination": DEST + "/11"}
    )
    assert response.status_code == 422


async def test_given_hooks_of_two_clients_when_listing_then_each_sees_only_its_own(
    sandbox, api, subscribe
):
    await subscribe(api, "store/order/created", DEST)
    headers = {"X-Auth-Token": "other-app-token"}
    async with httpx.AsyncClient(base_url=sandbox.api_base(STORE), headers=headers) as other:
        await subscribe(other, "store/order/updated", DEST)
        theirs = (await other.get("/v3/hooks")).json()["data"]
    mine = (await api.get("/v3/hooks")).json()
    assert [h["scope"] for h in mine["data"]] == ["store/order/created"]
    assert [h["scope"] for h in theirs] == ["store/order/updated"]
    assert mine["meta"]["pagination"]["total"] == 1


async def test_given_filters_when_listing_hooks_then_scope_and_is_active_apply(api, subscribe):
    await subscribe(api, "store/order/created", DEST)
    hook = await subscribe(api, "store/order/updated", DEST)
    await api.put(f"/v3/hooks/{hook['id']}", json={"is_active": False})
    by_scope = (await api.get("/v3/hooks", params={"scope": "store/order/updated"})).json()
    inactive = (await api.get("/v3/hooks", params={"is_active": "false"})).json()
    assert [h["id"] for h in by_scope["data"]] == [hook["id"]]
    assert [h["id"] for h in inactive["data"]] == [hook["id"]]


async def test_given_another_clients_hook_when_fetched_then_404_with_the_documented_title(
    sandbox, api, subscribe
):
    hook = await subscribe(api, "store/order/created", DEST)
    headers = {"X-Auth-Token": "other-app-token"}
    async with httpx.AsyncClient(base_url=sandbox.api_base(STORE), headers=headers) as other:
        response = await other.get(f"/v3/hooks/{hook['id']}")
    assert response.status_code == 404
    assert response.json()["title"] == f"Webhook with id [{hook['id']}] not found"


async def test_given_an_inactive_hook_when_put_is_active_then_it_is_reactivated(api, subscribe):
    hook = await subscribe(api, "store/order/created", DEST, is_active=False)
    assert hook["is_active"] is False
    response = await api.put(f"/v3/hooks/{hook['id']}", json={"is_active": True})
    assert response.status_code == 200
    assert response.json()["data"]["is_active"] is True
    assert response.json()["data"]["destination"] == DEST


async def test_given_an_empty_update_when_put_then_422(api, subscribe):
    hook = await subscribe(api, "store/order/created", DEST)
    assert (await api.put(f"/v3/hooks/{hook['id']}", json={})).status_code == 422


async def test_given_a_hook_when_deleted_then_the_deleted_hook_is_returned(api, subscribe):
    hook = await subscribe(api, "store/order/created", DEST)
    response = await api.delete(f"/v3/hooks/{hook['id']}")
    assert response.status_code == 200
    assert response.json()["data"]["id"] == hook["id"]
    assert (await api.get(f"/v3/hooks/{hook['id']}")).status_code == 404


async def test_given_https_enforcement_when_creating_an_http_hook_then_422(make_sandbox):
    async with (
        make_sandbox(enforce_https_destinations=True) as sandbox,
        sandbox.api_client(STORE) as api,
    ):
        plain = await api.post(
            "/v3/hooks", json={"scope": "store/order/created", "destination": DEST}
        )
        port = await api.post(
            "/v3/hooks",
            json={"scope": "store/order/created", "destination": "https://example.com:8443/h"},
        )
        good = await api.post(
            "/v3/hooks",
            json={"scope": "store/order/created", "destination": "https://example.com/h"},
        )
    assert (plain.status_code, port.status_code, good.status_code) == (422, 422, 200)
