"""The client's Prometheus metrics over real HTTP to the sandbox: each moves when its thing happens."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import replace
from typing import Any

import pytest
from prometheus_client import CollectorRegistry

from storebridge_sandbox.testing import RunningSandbox, running_sandbox
from storebridge_shared.bigcommerce import (
    ApiMetrics,
    BigCommerceClient,
    ClientConfig,
    NotFound,
    RateLimited,
    TransientError,
)
from storebridge_shared.testing.mongodb import free_port
from tests.integration.bigcommerce.conftest import (
    FAST_RETRIES,
    STORE,
    sandbox_config,
    store,
)
from tests.integration.bigcommerce.test_client_failures import HOOKS, too_many

Opener = Callable[..., AbstractAsyncContextManager[BigCommerceClient]]


@pytest.fixture
def registry() -> CollectorRegistry:
    """The registry a service would scrape."""
    return CollectorRegistry()


@pytest.fixture
def open_client(registry: CollectorRegistry) -> Opener:
    """Clients counting on `registry`: `async with open_client(sandbox) as bc:`."""
    metrics = ApiMetrics.register(registry)

    @asynccontextmanager
    async def opened(server: RunningSandbox | str, **config: Any) -> AsyncIterator[Any]:
        url = server if isinstance(server, str) else server.url
        settings = ClientConfig(**{"retry": FAST_RETRIES, **config})
        async with BigCommerceClient(store(), api_url=url, config=settings, metrics=metrics) as bc:
            yield bc

    return opened


def value(registry: CollectorRegistry, name: str, **labels: str) -> float:
    """A sample's value, 0 when it was never set."""
    return registry.get_sample_value(name, {"store": STORE, **labels}) or 0.0


async def test_given_calls_when_answered_then_requests_are_counted_by_method_and_status(
    sandbox, open_client, registry
):
    async with open_client(sandbox) as bc:
        await bc.v3.get("/catalog/products/77")
        await bc.v3.get("/catalog/products/78")
        await bc.v3.post("/hooks", {"scope": "store/order/created", "destination": "https://x/h"})
        with pytest.raises(NotFound):
            await bc.v3.get("/catalog/products/999999")
    total = "storebridge_bigcommerce_requests_total"
    assert value(registry, total, method="GET", status="200") == 2
    assert value(registry, total, method="POST", status="200") == 1
    assert value(registry, total, method="GET", status="404") == 1
    assert value(registry, "storebridge_bigcommerce_failed_calls_total", status="404") == 1


async def test_given_an_answer_with_rate_limit_headers_when_received_then_the_quota_left_is_set(
    sandbox, open_client, registry
):
    async with open_client(sandbox) as bc:
        await bc.v3.get("/catalog/products/77")
        first = value(registry, "storebridge_bigcommerce_quota_remaining")
        await bc.v3.get("/catalog/products/77")
    assert value(registry, "storebridge_bigcommerce_quota") == 100_000
    assert 0 < first < 100_000
    assert value(registry, "storebridge_bigcommerce_quota_remaining") == first - 1


async def test_given_a_429_then_success_when_requested_then_counts_the_429_and_its_retry(
    sandbox, open_client, registry
):
    await sandbox.set_faults(failures=[too_many(1, reset_ms=20)])
    async with open_client(sandbox) as bc:
        await bc.v3.get("/hooks")
    assert value(registry, "storebridge_bigcommerce_rate_limited_total") == 1
    assert value(registry, "storebridge_bigcommerce_retries_total", reason="429") == 1
    assert value(registry, "storebridge_bigcommerce_failed_calls_total", status="429") == 0


async def test_given_only_429s_when_the_bound_is_spent_then_a_429_reaching_the_caller_counts(
    sandbox, open_client, registry
):
    await sandbox.set_faults(failures=[too_many(4, reset_ms=300)])
    budget = replace(FAST_RETRIES, rate_limit_wait_s=0.45)  # one 0.3 s wait fits, two do not
    async with open_client(sandbox, retry=budget) as bc:
        with pytest.raises(RateLimited):
            await bc.v3.get("/hooks")
    assert value(registry, "storebridge_bigcommerce_rate_limited_total") == 2
    assert value(registry, "storebridge_bigcommerce_failed_calls_total", status="429") == 1


async def test_given_a_503_then_success_when_getting_then_the_retry_counts_by_status(
    sandbox, open_client, registry
):
    await sandbox.set_faults(failures=[{"path": HOOKS, "method": "GET", "status": 503, "count": 1}])
    async with open_client(sandbox) as bc:
        await bc.v3.get("/hooks")
    assert value(registry, "storebridge_bigcommerce_retries_total", reason="503") == 1
    total = "storebridge_bigcommerce_requests_total"
    assert value(registry, total, method="GET", status="503") == 1
    assert value(registry, total, method="GET", status="200") == 1


async def test_given_nobody_listening_when_getting_then_unanswered_requests_and_the_failure_count(
    open_client, registry
):
    async with open_client(f"http://127.0.0.1:{free_port()}") as bc:
        with pytest.raises(TransientError):
            await bc.v3.get("/hooks")
    attempts = FAST_RETRIES.max_attempts
    total = "storebridge_bigcommerce_requests_total"
    assert value(registry, total, method="GET", status="error") == attempts
    assert value(registry, "storebridge_bigcommerce_retries_total", reason="ConnectError") == (
        attempts - 1
    )
    assert value(registry, "storebridge_bigcommerce_failed_calls_total", status="error") == 1


async def test_given_more_calls_than_one_window_allows_when_sent_then_the_wait_is_counted(
    open_client, registry
):
    config = sandbox_config(rate_limit_quota=3, rate_limit_window_ms=200)
    async with running_sandbox(config) as metered, open_client(metered) as bc:
        await asyncio.gather(*(bc.v3.get("/catalog/brands/35") for _ in range(8)))
    assert value(registry, "storebridge_bigcommerce_quota_wait_seconds_total") > 0
