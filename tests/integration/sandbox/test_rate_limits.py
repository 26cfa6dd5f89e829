"""Per-store rate limits and the request counters benchmarks read."""

from __future__ import annotations

import asyncio

import httpx

STORE = "abc123"
HEADERS = (
    "X-Rate-Limit-Requests-Left",
    "X-Rate-Limit-Requests-Quota",
    "X-Rate-Limit-Time-Reset-Ms",
    "X-Rate-Limit-Time-Window-Ms",
)


async def test_given_any_api_response_when_answered_then_the_four_rate_limit_headers_are_set(api):
    for response in (await api.get("/v3/catalog/products"), await api.get("/v2/orders/1")):
        assert all(name in response.headers for name in HEADERS)
    response = await api.get("/v3/catalog/brands")
    assert response.headers["X-Rate-Limit-Requests-Quota"] == "150"
    assert response.headers["X-Rate-Limit-Time-Window-Ms"] == "30000"
    assert response.headers["X-Rate-Limit-Requests-Left"] == "147"
    assert 0 < int(response.headers["X-Rate-Limit-Time-Reset-Ms"]) <= 30000


async def test_given_the_quota_is_used_up_when_calling_then_429_with_retry_headers(make_sandbox):
    async with make_sandbox(rate_limit_quota=3) as sandbox, sandbox.api_client(STORE) as api:
        answers = [await api.get("/v3/catalog/brands") for _ in range(5)]
        stats = await sandbox.stats(STORE)
    assert [r.status_code for r in answers] == [200, 200, 200, 429, 429]
    limited = answers[3]
    assert limited.headers["X-Rate-Limit-Requests-Left"] == "0"
    assert int(limited.headers["X-Retry-After"]) >= 1
    assert limited.json()["status"] == 429
    assert stats["rate_limited"] == 2
    assert stats["calls"]["GET /v3/catalog/brands"] == 5


async def test_given_the_window_has_passed_when_calling_again_then_the_quota_is_refilled(
    make_sandbox,
):
    async with (
        make_sandbox(rate_limit_quota=1, rate_limit_window_ms=50) as sandbox,
        sandbox.api_client(STORE) as api,
    ):
        first = await api.get("/v3/catalog/brands")
        second = await api.get("/v3/catalog/brands")
        reset_ms = int(second.headers["X-Rate-Limit-Time-Reset-Ms"])
        # The window is a time span: waiting it out is the behaviour under test.
        await asyncio.sleep((reset_ms + 5) / 1000)
        third = await api.get("/v3/catalog/brands")
    assert [first.status_code, second.status_code, third.status_code] == [200, 429, 200]


async def test_given_two_stores_when_one_is_exhausted_then_the_other_still_answers(make_sandbox):
    async with make_sandbox(rate_limit_quota=1) as sandbox:
        async with sandbox.api_client(STORE) as api:
            await api.get("/v3/catalog/brands")
            limited = await api.get("/v3/catalog/brands")
        async with sandbox.api_client("xyz789") as other:
            fine = await other.get("/v3/catalog/brands")
    assert (limited.status_code, fine.status_code) == (429, 200)


async def test_given_calls_when_reading_stats_then_they_are_counted_by_method_and_template(
    sandbox, api
):
    await api.get("/v3/catalog/products/77")
    await api.get("/v3/catalog/products/78")
    await api.put("/v3/catalog/products/78", json={"price": 3})
    async with httpx.AsyncClient(base_url=sandbox.api_base(STORE)) as anonymous:
        await anonymous.get("/v3/catalog/products")
    stats = await sandbox.stats(STORE)
    assert stats["calls"]["GET /v3/catalog/products/{product_id}"] == 2
    assert stats["calls"]["PUT /v3/catalog/products/{product_id}"] == 1
    assert stats["calls"]["GET /v3/catalog/products"] == 1
    assert stats["total_calls"] == 4
