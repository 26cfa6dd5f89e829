"""Auth, store routing, v3 envelopes and pagination."""

from __future__ import annotations

import httpx

STORE = "abc123"


async def test_given_no_token_when_calling_v3_then_401_in_the_v3_error_shape(sandbox):
    async with httpx.AsyncClient(base_url=sandbox.api_base(STORE)) as anonymous:
        response = await anonymous.get("/v3/catalog/products")
    assert response.status_code == 401
    body = response.json()
    assert body["status"] == 401
    assert {"status", "title", "type"} <= body.keys()


async def test_given_a_token_of_another_store_when_calling_then_401(sandbox):
    async with httpx.AsyncClient(
        base_url=sandbox.api_base(STORE), headers={"X-Auth-Token": "token-xyz"}
    ) as wrong:
        response = await wrong.get("/v3/catalog/products")
    assert response.status_code == 401


async def test_given_an_unknown_store_hash_when_calling_then_404(sandbox):
    headers = sandbox.auth_headers(STORE)
    async with httpx.AsyncClient(base_url=sandbox.url, headers=headers) as client:
        response = await client.get("/stores/nope42/v3/catalog/products")
    assert response.status_code == 404
    assert response.json()["status"] == 404


async def test_given_two_stores_when_listing_then_each_sees_its_own_data(sandbox, api):
    created = await api.post(
        "/v3/catalog/products",
        json={"name": "Only in abc", "type": "physical", "weight": 1, "price": 5},
    )
    assert created.status_code == 200
    async with sandbox.api_client("xyz789") as other:
        found = await other.get("/v3/catalog/products", params={"name": "Only in abc"})
    assert found.json()["data"] == []


async def test_given_a_single_resource_when_fetched_then_it_is_wrapped_in_data_and_empty_meta(api):
    response = await api.get("/v3/catalog/products/77")
    assert response.status_code == 200
    body = response.json()
    assert body["meta"] == {}
    assert body["data"]["id"] == 77


async def test_given_more_products_than_a_page_when_listed_then_meta_pagination_links_the_next_page(
    api,
):
    response = await api.get("/v3/catalog/products", params={"limit": 5})
    pagination = response.json()["meta"]["pagination"]
    assert pagination == {
        "total": 15,
        "count": 5,
        "per_page": 5,
        "current_page": 1,
        "total_pages": 3,
        "links": {"current": "?page=1&limit=5", "next": "?page=2&limit=5"},
    }


async def test_given_the_last_page_when_listed_then_links_have_previous_and_no_next(api):
    response = await api.get("/v3/catalog/products", params={"limit": 4, "page": 4})
    body = response.json()
    assert len(body["data"]) == 3
    links = body["meta"]["pagination"]["links"]
    assert links == {"current": "?page=4&limit=4", "previous": "?page=3&limit=4"}


async def test_given_no_limit_when_listed_then_50_per_page_and_over_250_is_clamped(api):
    default = (await api.get("/v3/catalog/products")).json()["meta"]["pagination"]
    clamped = (await api.get("/v3/catalog/products", params={"limit": 999})).json()
    assert default["per_page"] == 50
    assert clamped["meta"]["pagination"]["per_page"] == 250


async def test_given_an_unknown_v3_path_when_called_then_404_in_v3_shape(api):
    response = await api.get("/v3/catalog/nothing-here")
    assert response.status_code == 404
    assert response.json()["status"] == 404


async def test_given_a_v2_error_when_answered_then_it_is_an_array_of_status_and_message(api):
    response = await api.get("/v2/orders/99999")
    assert response.status_code == 404
    assert response.json() == [{"status": 404, "message": "The requested resource was not found."}]
