"""Quota pacing against a server that enforces a fixed window as BigCommerce does."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from storebridge_shared.bigcommerce import BigCommerceClient
from tests.integration.bigcommerce.fake_bigcommerce import FakeBigCommerce, always, ok, serving

QUOTA, WINDOW_MS = 20, 200
PATH = "/v3/catalog/summary"


@pytest.fixture
async def metered() -> AsyncIterator[FakeBigCommerce]:
    """A fake store allowing 20 requests per 200 ms window."""
    server = FakeBigCommerce(quota=QUOTA, window_ms=WINDOW_MS)
    server.handle("GET", PATH, always(ok({"inventory_count": 1})))
    async with serving(server):
        yield server


def utilisation(server: FakeBigCommerce) -> float:
    """Requests served per window over the quota, across the windows used."""
    assert server.window is not None
    served = server.window.served_per_window
    return sum(served.values()) / (len(served) * QUOTA)


async def burst(bc: BigCommerceClient, count: int) -> list[object]:
    """`count` concurrent GETs; their results or exceptions."""
    calls = (bc.v3.get("/catalog/summary") for _ in range(count))
    return list(await asyncio.gather(*calls, return_exceptions=True))


async def test_given_a_quota_window_when_200_callers_request_then_no_429_reaches_them(
    metered, client_for
):
    async with client_for(metered) as bc:
        results = await burst(bc, 200)
        stats = bc.stats
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert metered.answered_429 == 0
    assert stats.quota_waits > 0
    assert utilisation(metered) >= 0.9


async def test_given_two_replicas_sharing_the_quota_when_both_burst_then_no_429_reaches_callers(
    metered, client_for
):
    async with client_for(metered) as first, client_for(metered) as second:
        results = await asyncio.gather(burst(first, 100), burst(second, 100))
    failures = [r for batch in results for r in batch if isinstance(r, BaseException)]
    assert failures == []
    assert len(metered.calls()) - metered.answered_429 == 200
    assert utilisation(metered) >= 0.9


async def test_given_another_app_spent_the_window_when_requesting_then_waits_for_the_reset(
    metered, client_for
):
    assert metered.window is not None
    loop_time = asyncio.get_running_loop().time
    for _ in range(QUOTA):
        metered.window.take(loop_time())
    async with client_for(metered) as bc:
        results = await burst(bc, 30)
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert metered.answered_429 <= 1
