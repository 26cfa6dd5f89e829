"""A fake BigCommerce served over real HTTP per test, and clients pointed at it."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import pytest
from pydantic import SecretStr

from storebridge_shared.bigcommerce import BigCommerceClient, ClientConfig, RetryPolicy
from storebridge_shared.settings import StoreCredentials
from tests.integration.bigcommerce.fake_bigcommerce import STORE, FakeBigCommerce, serving

TOKEN = "tok-never-logged"
FAST_RETRIES = RetryPolicy(
    base_delay_s=0.001,
    max_delay_s=0.01,
    unexplained_429_delay_s=0.02,
    max_unexplained_429_delay_s=0.1,
    rng=random.Random(7),
)

ClientFactory = Callable[..., AbstractAsyncContextManager[BigCommerceClient]]


def store(client_id: str = "client-1") -> StoreCredentials:
    """Credentials of the fake store."""
    return StoreCredentials(
        name="A", store_hash=STORE, access_token=SecretStr(TOKEN), client_id=client_id
    )


@pytest.fixture
async def fake() -> AsyncIterator[FakeBigCommerce]:
    """A fake BigCommerce without a quota, serving for one test."""
    server = FakeBigCommerce()
    async with serving(server):
        yield server


@pytest.fixture
def client_for() -> ClientFactory:
    """Open a client on a fake: `async with client_for(fake, max_concurrency=4) as bc:`."""

    @asynccontextmanager
    async def open_client(
        server: FakeBigCommerce, *, client_id: str = "client-1", **config: Any
    ) -> AsyncIterator[BigCommerceClient]:
        settings = ClientConfig(**{"retry": FAST_RETRIES, **config})
        async with BigCommerceClient(store(client_id), api_url=server.url, config=settings) as bc:
            yield bc

    return open_client
