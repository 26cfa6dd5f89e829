"""The client over real HTTP: headers, encoding, envelopes, pagination and the call counter."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from structlog.testing import capture_logs

from storebridge_shared.bigcommerce import BigCommerceClient, UnexpectedResponse
from tests.integration.bigcommerce.conftest import TOKEN, store
from tests.integration.bigcommerce.fake_bigcommerce import Reply, ok, v2_pages, v3_pages

PRODUCTS = "/v3/catalog/products"


async def test_given_a_store_when_requesting_then_sends_auth_accept_and_user_agent(
    fake, client_for
):
    fake.script("GET", "/v3/catalog/products/1", ok({"id": 1}))
    async with client_for(fake) as bc:
        await bc.v3.get("/catalog/products/1")
    headers = fake.calls()[0].headers
    assert headers["X-Auth-Token"] == TOKEN
    assert headers["X-Auth-Client"] == "client-1"
    assert headers["Accept"] == "application/json"
    assert headers["User-Agent"].startswith("storebridge/")
    assert "Content-Type" not in headers


async def test_given_no_client_id_when_requesting_then_omits_x_auth_client(fake, client_for):
    fake.script("GET", "/v3/hooks", ok([]))
    async with client_for(fake, client_id="") as bc:
        await bc.v3.get("/hooks")
    assert "X-Auth-Client" not in fake.calls()[0].headers


async def test_given_a_body_when_posting_then_sends_json_with_content_type(fake, client_for):
    fake.script("POST", PRODUCTS, ok({"id": 7, "name": "Mug"}))
    async with client_for(fake) as bc:
        created = await bc.v3.post("/catalog/products", {"name": "Mug"})
    assert created == {"id": 7, "name": "Mug"}
    seen = fake.calls("POST")[0]
    assert seen.headers["Content-Type"] == "application/json"
    assert seen.body == {"name": "Mug"}


async def test_given_skus_with_plus_slash_and_umlaut_when_listing_then_the_server_gets_them_intact(
    fake, client_for
):
    fake.handle("GET", PRODUCTS, v3_pages([]))
    async with client_for(fake) as bc:
        await bc.v3.collect("/catalog/products", {"sku": "A+B/ü", "sku:in": ["X+1", "Größe 2"]})
    query = fake.calls()[0].query
    assert query["sku"] == "A+B/ü"
    assert query["sku:in"] == "X+1,Größe 2"


async def test_given_list_and_bool_filters_when_listing_then_lists_are_comma_joined(
    fake, client_for
):
    fake.handle("GET", PRODUCTS, v3_pages([]))
    async with client_for(fake) as bc:
        await bc.v3.collect(
            "/catalog/products", {"id:in": [3, 1, 2], "is_visible": True, "x": None}
        )
    query = fake.calls()[0].query
    assert query["id:in"] == "3,1,2"
    assert query["is_visible"] == "true"
    assert "x" not in query


async def test_given_a_v3_envelope_when_getting_then_returns_its_data(fake, client_for):
    fake.script("GET", "/v3/catalog/products/5", ok({"id": 5, "sku": "S5"}))
    async with client_for(fake) as bc:
        assert await bc.v3.get("/catalog/products/5") == {"id": 5, "sku": "S5"}


async def test_given_seven_items_in_pages_of_three_when_paginating_v3_then_follows_total_pages(
    fake, client_for
):
    items = [{"id": n} for n in range(1, 8)]
    fake.handle("GET", PRODUCTS, v3_pages(items))
    async with client_for(fake) as bc:
        got = [item async for item in bc.v3.paginate("/catalog/products", {"a": 1}, limit=3)]
    assert got == items
    assert [c.query["page"] for c in fake.calls()] == ["1", "2", "3"]
    assert {c.query["limit"] for c in fake.calls()} == {"3"}


async def test_given_no_limit_when_paginating_catalog_then_asks_250_per_page(fake, client_for):
    fake.handle("GET", PRODUCTS, v3_pages([{"id": 1}]))
    async with client_for(fake) as bc:
        await bc.v3.collect("/catalog/products")
    assert fake.calls()[0].query["limit"] == "250"


async def test_given_a_204_when_paginating_v3_then_yields_nothing(fake, client_for):
    fake.script("GET", "/v3/catalog/products/1/images", Reply(204))
    async with client_for(fake) as bc:
        assert await bc.v3.collect("/catalog/products/1/images") == []


async def test_given_items_then_204_when_paginating_v2_then_stops_at_the_204(fake, client_for):
    orders = [{"id": n} for n in range(1, 5)]
    fake.handle("GET", "/v2/orders", v2_pages(orders))
    async with client_for(fake) as bc:
        got = await bc.v2.collect("/orders", {"min_id": 1}, limit=2)
    assert got == orders
    assert [c.query["page"] for c in fake.calls()] == ["1", "2", "3"]
    assert fake.calls()[0].query["min_id"] == "1"


async def test_given_a_short_page_when_paginating_v2_then_stops_without_asking_more(
    fake, client_for
):
    fake.handle("GET", "/v2/orders", v2_pages([{"id": n} for n in range(5)]))
    async with client_for(fake) as bc:
        assert len(await bc.v2.collect("/orders", limit=3)) == 5
    assert len(fake.calls()) == 2


async def test_given_an_empty_list_when_paginating_v2_then_stops(fake, client_for):
    fake.script("GET", "/v2/orders", Reply(200, []))
    async with client_for(fake) as bc:
        assert await bc.v2.collect("/orders") == []
    assert len(fake.calls()) == 1


async def test_given_a_v2_object_when_getting_then_returns_the_bare_body(fake, client_for):
    fake.script("GET", "/v2/orders/100", Reply(200, {"id": 100, "total_inc_tax": "225.0000"}))
    async with client_for(fake) as bc:
        assert (await bc.v2.get("/orders/100"))["total_inc_tax"] == "225.0000"


async def test_given_a_list_where_objects_belong_when_paginating_then_raises_unexpected(
    fake, client_for
):
    fake.script("GET", PRODUCTS, Reply(200, {"data": [1, 2], "meta": {}}))
    async with client_for(fake) as bc:
        with pytest.raises(UnexpectedResponse):
            await bc.v3.collect("/catalog/products")


async def test_given_a_207_when_creating_then_returns_the_data(fake, client_for):
    body = {"data": {"id": 9}, "errors": {"title": "inventory failed"}, "meta": {}}
    fake.script("POST", PRODUCTS, Reply(207, body))
    async with client_for(fake) as bc:
        assert await bc.v3.post("/catalog/products", {"name": "x"}) == {"id": 9}


async def test_given_calls_and_a_retry_when_reading_stats_then_counts_by_method(fake, client_for):
    fake.script("GET", "/v3/hooks", Reply(500), ok([]))
    fake.script("POST", "/v3/hooks", ok({"id": 1}))
    fake.script("GET", "/v3/hooks/1", Reply(429, {"status": 429}), ok({"id": 1}))
    async with client_for(fake) as bc:
        await bc.v3.get("/hooks")
        await bc.v3.post("/hooks", {"scope": "store/order/created"})
        await bc.v3.get("/hooks/1")
        stats = bc.stats.snapshot()
    assert stats["total"] == 5
    assert stats["by_method"] == {"GET": 4, "POST": 1}
    assert stats["retries"] == 2
    assert stats["rate_limited"] == 1


async def test_given_many_callers_when_requesting_then_never_exceeds_the_concurrency_limit(
    fake, client_for
):
    active = peak = 0

    async def slow(request: web.Request) -> web.Response:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.01)
        active -= 1
        return web.json_response({"data": {}, "meta": {}})

    fake.handle("GET", "/v3/catalog/summary", slow)
    async with client_for(fake, max_concurrency=3) as bc:
        await asyncio.gather(*(bc.v3.get("/catalog/summary") for _ in range(20)))
    assert peak == 3


async def test_given_a_retry_when_logging_then_the_token_never_appears(fake, client_for):
    fake.script("GET", "/v3/hooks", Reply(503), ok([]))
    with capture_logs() as logs:
        async with client_for(fake) as bc:
            await bc.v3.get("/hooks")
    assert any(entry["event"] == "bigcommerce.retry" for entry in logs)
    assert TOKEN not in repr(logs)


async def test_given_a_client_not_opened_when_requesting_then_raises():
    bc = BigCommerceClient(store())
    with pytest.raises(RuntimeError, match="async with"):
        await bc.v3.get("/hooks")
