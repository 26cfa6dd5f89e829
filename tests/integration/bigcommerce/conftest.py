"""The BigCommerce sandbox served per test, and clients pointed at it."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import pytest
from pydantic import SecretStr

from storebridge_sandbox.config import SandboxConfig, StoreConfig, TokenConfig
from storebridge_sandbox.testing import RunningSandbox, running_sandbox
from storebridge_shared.bigcommerce import BigCommerceClient, ClientConfig, RetryPolicy
from storebridge_shared.settings import StoreCredentials

STORE = "abc123"
TOKEN = "tok-never-logged"
OTHER_APP_TOKEN = "other-app-token"
FAST_RETRIES = RetryPolicy(
    base_delay_s=0.001,
    max_delay_s=0.01,
    unexplained_429_delay_s=0.02,
    max_unexplained_429_delay_s=0.1,
    rng=random.Random(7),
)

ClientFactory = Callable[..., AbstractAsyncContextManager[BigCommerceClient]]


def store(client_id: str = "client-1") -> StoreCredentials:
    """Credentials of the sandbox store."""
    return StoreCredentials(
        name="A", store_hash=STORE, access_token=SecretStr(TOKEN), client_id=client_id
    )


def sandbox_config(**overrides: Any) -> SandboxConfig:
    """Store abc123 (our token and another app's) seeded with the default fixture; a quota so
    large that it never paces unless a test sets its own."""
    tokens = [TokenConfig(token=TOKEN), TokenConfig(token=OTHER_APP_TOKEN)]
    values: dict[str, Any] = {
        "stores": [StoreConfig(store_hash=STORE, tokens=tokens)],
        "random_seed": 7,
        "rate_limit_quota": 100_000,
        "rate_limit_window_ms": 30_000,
    }
    return SandboxConfig(**(values | overrides))


def catalog(products: int = 0, orders: int = 0) -> dict[str, Any]:
    """A compact fixture: products 1..n (SKU P-n) and orders 1..m of one line each."""
    return {
        "products": [
            {"id": n, "name": f"P{n}", "type": "physical", "weight": 1, "price": 1, "sku": f"P-{n}"}
            for n in range(1, products + 1)
        ],
        "orders": [
            {"id": n, "line_items": [{"product_id": 1, "quantity": 1}]}
            for n in range(1, orders + 1)
        ],
    }


@pytest.fixture
async def sandbox() -> AsyncIterator[RunningSandbox]:
    """A sandbox with the default seed (products 77-90, orders 100-109), serving for one test."""
    async with running_sandbox(sandbox_config()) as running:
        yield running


@pytest.fixture
def client_for() -> ClientFactory:
    """Open a client on a sandbox: `async with client_for(sandbox, max_concurrency=4) as bc:`."""

    @asynccontextmanager
    async def open_client(
        server: RunningSandbox, *, client_id: str = "client-1", **config: Any
    ) -> AsyncIterator[BigCommerceClient]:
        settings = ClientConfig(**{"retry": FAST_RETRIES, **config})
        async with BigCommerceClient(store(client_id), api_url=server.url, config=settings) as bc:
            yield bc

    return open_client
