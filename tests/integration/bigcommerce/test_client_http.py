"""The client over real HTTP to the sandbox: headers, encoding, envelopes, pagination, stats."""

from __future__ import annotations

import asyncio
import re

import pytest
from structlog.testing import capture_logs

from storebridge_shared.bigcommerce import BigCommerceClient, UnexpectedResponse
from tests.integration.bigcommerce.conftest import TOKEN, catalog, store

PRODUCTS = "/v3/catalog/products"
MUG = {"name": "Mug", "type": "physical", "weight": 1, "price": 9.5}


async def test_given_a_store_when_requesting_then_sends_auth_accept_and_user_agent(
    sandbox, client_for
):
    async with client_for(sandbox) as bc:
        await bc.v3.get("/catalog/products/77")
    headers = (await sandbox.requests())[0]["headers"]
    assert headers["X-Auth-Token"] == TOKEN
    assert headers["X-Auth-Client"] == "client-1"
    assert headers["Accept"] == "application/json"
    assert headers["User-Agent"].startswith("storebridge/")
    assert "Content-Type" not in headers


async def test_given_no_client_id_when_requesting_then_omits_x_auth_client(sandbox, client_for):
    async with client_for(sandbox, client_id="") as bc:
        await bc.v3.get("/hooks")
    assert "X-Auth-Client" not in (await sandbox.requests())[0]["headers"]


async def test_given_a_body_when_posting_then_sends_json_with_content_type(sandbox, client_for):
    async with client_for(sandbox) as bc:
        created = await bc.v3.post("/catalog/products", MUG)
        stored = await bc.v3.get(f"/catalog/products/{created['id']}")
    assert created["name"] == "Mug"
    assert {k: created[k] for k in stored} == stored
    seen = (await sandbox.requests(method="POST"))[0]
    assert seen["headers"]["Content-Type"] == "application/json"
    assert seen["body"] == MUG


async def test_given_skus_with_plus_slash_and_umlaut_when_listing_then_the_server_gets_them_intact(
    sandbox, client_for
):
    async with client_for(sandbox) as bc:
        made = {
            s: (await bc.v3.post("/catalog/products", {**MUG, "name": s, "sku": s}))["id"]
            for s in ("A+B/ü", "X+1", "Größe 2")
        }
        by_sku = await bc.v3.collect("/catalog/products", {"sku": "A+B/ü"})
        by_skus = await bc.v3.collect("/catalog/products", {"sku:in": ["X+1", "Größe 2"]})
    assert [p["id"] for p in by_sku] == [made["A+B/ü"]]
    assert sorted(p["id"] for p in by_skus) == sorted([made["X+1"], made["Größe 2"]])
    queries = [r["query"] for r in await sandbox.requests(method="GET", path=PRODUCTS)]
    assert queries[0]["sku"] == "A+B/ü"
    assert queries[1]["sku:in"] == "X+1,Größe 2"


async def test_given_list_and_bool_filters_when_listing_then_lists_are_comma_joined(
    sandbox, client_for
):
    async with client_for(sandbox) as bc:
        found = await bc.v3.collect(
            "/catalog/products", {"id:in": [79, 77, 78], "is_visible": True, "x": None}
        )
    assert sorted(p["id"] for p in found) == [77, 78, 79]
    query = (await sandbox.requests())[0]["query"]
    assert query["id:in"] == "79,77,78"
    assert query["is_visible"] == "true"
    assert "x" not in query


async def test_given_a_v3_envelope_when_getting_then_returns_its_data(sandbox, client_for):
    async with sandbox.api_client() as raw:
        envelope = (await raw.get(f"{PRODUCTS}/77")).json()
    async with client_for(sandbox) as bc:
        assert await bc.v3.get("/catalog/products/77") == envelope["data"]


async def test_given_seven_items_in_pages_of_three_when_paginating_v3_then_follows_total_pages(
    sandbox, client_for
):
    await sandbox.load_fixture(catalog(products=7))
    async with client_for(sandbox) as bc:
        got = [item async for item in bc.v3.paginate("/catalog/products", {"a": 1}, limit=3)]
        whole = await bc.v3.collect("/catalog/products")
    assert [p["id"] for p in got] == [1, 2, 3, 4, 5, 6, 7]
    assert got == whole
    calls = (await sandbox.requests())[:3]
    assert [c["query"]["page"] for c in calls] == ["1", "2", "3"]
    assert {c["query"]["limit"] for c in calls} == {"3"}


async def test_given_no_limit_when_paginating_catalog_then_asks_250_per_page(sandbox, client_for):
    async with client_for(sandbox) as bc:
        await bc.v3.collect("/catalog/products")
    assert (await sandbox.requests())[0]["query"]["limit"] == "250"


async def test_given_a_204_when_paginating_v3_then_yields_nothing(sandbox, client_for):
    async with client_for(sandbox) as bc:
        product = await bc.v3.post("/catalog/products", MUG)
        assert await bc.v3.collect(f"/catalog/products/{product['id']}/images") == []


async def test_given_items_then_204_when_paginating_v2_then_stops_at_the_204(sandbox, client_for):
    await sandbox.load_fixture(catalog(products=1, orders=4))
    async with client_for(sandbox) as bc:
        got = await bc.v2.collect("/orders", {"min_id": 1}, limit=2)
        whole = await bc.v2.get("/orders")
    assert [o["id"] for o in got] == [1, 2, 3, 4]
    assert got == whole
    calls = (await sandbox.requests(path="/v2/orders"))[:3]
    assert [c["query"]["page"] for c in calls] == ["1", "2", "3"]
    assert calls[0]["query"]["min_id"] == "1"


async def test_given_a_short_page_when_paginating_v2_then_stops_without_asking_more(
    sandbox, client_for
):
    await sandbox.load_fixture(catalog(products=1, orders=5))
    async with client_for(sandbox) as bc:
        assert len(await bc.v2.collect("/orders", limit=3)) == 5
    assert len(await sandbox.requests()) == 2


async def test_given_an_empty_list_when_paginating_v2_then_stops(sandbox, client_for):
    async with client_for(sandbox) as bc:
        assert await bc.v2.collect("/orders", {"min_id": 10_000}) == []
    assert len(await sandbox.requests()) == 1


async def test_given_a_v2_object_when_getting_then_returns_the_bare_body(sandbox, client_for):
    async with sandbox.api_client() as raw:
        expected = (await raw.get("/v2/orders/100")).json()
    async with client_for(sandbox) as bc:
        order = await bc.v2.get("/orders/100")
    assert order == expected
    assert re.fullmatch(r"\d+\.\d{4}", order["total_inc_tax"])


async def test_given_an_object_where_a_list_belongs_when_paginating_then_raises_unexpected(
    sandbox, client_for
):
    async with client_for(sandbox) as bc:
        with pytest.raises(UnexpectedResponse):
            await bc.v3.collect("/catalog/products/77")


async def test_given_a_207_when_creating_then_returns_the_data(sandbox, client_for):
    await sandbox.set_faults(partials=[{"path": PRODUCTS, "method": "POST", "count": 1}])
    async with client_for(sandbox) as bc:
        created = await bc.v3.post("/catalog/products", MUG)
        stored = await bc.v3.get(f"/catalog/products/{created['id']}")
    assert created["name"] == "Mug"
    assert stored["id"] == created["id"]


async def test_given_calls_and_a_retry_when_reading_stats_then_counts_by_method(
    sandbox, client_for
):
    await sandbox.set_faults(
        failures=[
            {"path": "/v3/hooks", "method": "GET", "status": 500, "count": 1},
            {"path": "/v3/hooks/*", "status": 429, "count": 1, "rate_limit_headers": False},
        ]
    )
    hook = {"scope": "store/order/created", "destination": "https://h.example/a", "is_active": True}
    async with client_for(sandbox) as bc:
        await bc.v3.get("/hooks")
        created = await bc.v3.post("/hooks", hook)
        await bc.v3.get(f"/hooks/{created['id']}")
        stats = bc.stats.snapshot()
    assert stats["total"] == 5
    assert stats["by_method"] == {"GET": 4, "POST": 1}
    assert stats["retries"] == 2
    assert stats["rate_limited"] == 1
    assert (await sandbox.stats())["total_calls"] == 5


async def test_given_many_callers_when_requesting_then_never_exceeds_the_concurrency_limit(
    sandbox, client_for
):
    await sandbox.set_faults(latency_ms=10)
    async with client_for(sandbox, max_concurrency=3) as bc:
        await asyncio.gather(*(bc.v3.get("/catalog/brands/35") for _ in range(20)))
    assert (await sandbox.stats())["peak_concurrency"] == 3


async def test_given_a_retry_when_logging_then_the_token_never_appears(sandbox, client_for):
    await sandbox.set_faults(failures=[{"path": "/v3/hooks", "status": 503, "count": 1}])
    with capture_logs() as logs:
        async with client_for(sandbox) as bc:
            await bc.v3.get("/hooks")
    assert any(entry["event"] == "bigcommerce.retry" for entry in logs)
    assert TOKEN not in repr(logs)


async def test_given_a_client_not_opened_when_requesting_then_raises():
    bc = BigCommerceClient(store())
    with pytest.raises(RuntimeError, match="async with"):
        await bc.v3.get("/hooks")
