"""Quota pacing against the sandbox's per-store fixed window, as BigCommerce enforces it.

These assert behaviour only: every call answered, no 429 reaching a caller, the client waiting
for the window instead of overrunning it. How much of the quota it uses is a figure, measured by
`make bench` (tests/bench/bench_client.py), never asserted here: it depends on the machine's load.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from storebridge_sandbox.testing import RunningSandbox, running_sandbox
from storebridge_shared.bigcommerce import BigCommerceClient
from tests.integration.bigcommerce.conftest import OTHER_APP_TOKEN, sandbox_config

QUOTA, WINDOW_MS = 20, 200
PATH = "/catalog/brands/35"


@pytest.fixture
async def metered() -> AsyncIterator[RunningSandbox]:
    """A sandbox store allowing 20 requests per 200 ms window."""
    config = sandbox_config(rate_limit_quota=QUOTA, rate_limit_window_ms=WINDOW_MS)
    async with running_sandbox(config) as running:
        yield running


async def burst(bc: BigCommerceClient, count: int) -> list[object]:
    """`count` concurrent GETs; their results or exceptions."""
    calls = (bc.v3.get(PATH) for _ in range(count))
    return list(await asyncio.gather(*calls, return_exceptions=True))


async def test_given_a_quota_window_when_200_callers_request_then_no_429_reaches_them(
    metered, client_for
):
    async with client_for(metered) as bc:
        results = await burst(bc, 200)
        quota_waits = bc.stats.quota_waits
    stats = await metered.stats()
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert quota_waits > 0, "the client waited for the window instead of running into 429s"
    assert stats["total_calls"] - stats["rate_limited"] == 200, "each call answered once"
    # Unpaced, 180 of the first 200 sends are refused. With a 200 ms window, a loaded machine's
    # event-loop lag lets some calls cross a window edge (28 seen at load 7); how many is a bench
    # figure, not a behaviour.
    assert stats["rate_limited"] < 200 // 4, "paced: most calls never meet a refusal"


async def test_given_two_replicas_sharing_the_quota_when_both_burst_then_no_429_reaches_callers(
    metered, client_for
):
    async with client_for(metered) as first, client_for(metered) as second:
        results = await asyncio.gather(burst(first, 100), burst(second, 100))
    stats = await metered.stats()
    failures = [r for batch in results for r in batch if isinstance(r, BaseException)]
    assert failures == []
    assert stats["total_calls"] - stats["rate_limited"] == 200


async def test_given_another_app_spent_the_window_when_requesting_then_waits_for_the_reset(
    metered, client_for
):
    headers = {"X-Auth-Token": OTHER_APP_TOKEN}
    async with httpx.AsyncClient(base_url=metered.api_base(), headers=headers) as other_app:
        spent = [(await other_app.get("/v3" + PATH)).status_code for _ in range(QUOTA)]
    assert spent == [200] * QUOTA
    async with client_for(metered) as bc:
        results = await burst(bc, 30)
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert (await metered.stats())["rate_limited"] <= 1
