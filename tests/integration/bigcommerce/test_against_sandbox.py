"""The client and the resource calls against the BigCommerce sandbox (storebridge_sandbox)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr

from storebridge_sandbox.config import SandboxConfig, StoreConfig
from storebridge_sandbox.testing import RunningSandbox, running_sandbox
from storebridge_shared.bigcommerce import (
    BigCommerceClient,
    ClientConfig,
    Conflict,
    NotFound,
    ValidationFailed,
    resources,
)
from storebridge_shared.settings import StoreCredentials
from tests.integration.bigcommerce.conftest import FAST_RETRIES

STORE, TOKEN = "abc123", "sandbox-token-abc123"


def sandbox_config(**overrides: Any) -> SandboxConfig:
    stores = [StoreConfig.from_spec(f"{STORE}:{TOKEN}")]
    return SandboxConfig(stores=stores, random_seed=3, **overrides)


@pytest.fixture
async def sandbox() -> AsyncIterator[RunningSandbox]:
    async with running_sandbox(sandbox_config()) as running:
        yield running


def client(sandbox: RunningSandbox) -> BigCommerceClient:
    credentials = StoreCredentials(name="A", store_hash=STORE, access_token=SecretStr(TOKEN))
    config = ClientConfig(retry=FAST_RETRIES)
    return BigCommerceClient(credentials, api_url=sandbox.url, config=config)


async def test_given_seeded_products_when_listed_by_id_then_returns_them_with_variants(sandbox):
    async with client(sandbox) as bc:
        found = await resources.list_products(bc, ids=[77, 78], include=["variants"])
    assert sorted(p.get("id") for p in found) == [77, 78]
    assert all(p.get("variants") for p in found)


async def test_given_a_sku_with_plus_and_umlaut_when_created_then_it_is_found_by_that_sku(sandbox):
    sku = f"A+B/ü-{uuid.uuid4().hex[:6]}"
    body = {"name": f"Mug {sku}", "type": "physical", "weight": 1, "price": 9.5, "sku": sku}
    async with client(sandbox) as bc:
        created = await resources.create_product(bc, body)
        found = await resources.list_products(bc, skus=[sku])
        with pytest.raises(Conflict):
            await resources.create_product(bc, {**body, "name": "Another mug"})
        await resources.delete_product(bc, created.get("id"))
        with pytest.raises(NotFound):
            await resources.get_product(bc, created.get("id"))
    assert [p.get("id") for p in found] == [created.get("id")]


async def test_given_missing_fields_when_creating_a_product_then_validation_names_them(sandbox):
    async with client(sandbox) as bc:
        with pytest.raises(ValidationFailed) as caught:
            await resources.create_product(bc, {"sku": "NO-NAME"})
    assert {"name", "price"} <= set(caught.value.errors)


async def test_given_categories_when_paginated_in_pages_of_two_then_the_same_as_one_page(sandbox):
    async with client(sandbox) as bc:
        small = await bc.v3.collect("/catalog/categories", limit=2)
        whole = await resources.list_categories(bc)
    assert len(whole) > 2
    assert [c["id"] for c in small] == [c.id for c in whole]


async def test_given_a_seeded_order_when_read_and_moved_then_status_and_lines_come_back(sandbox):
    async with client(sandbox) as bc:
        orders = [o async for o in resources.iter_orders(bc, resources.order_filters(min_id=100))]
        lines = await resources.list_order_products(bc, 100)
        updated = await resources.update_order_status(bc, 100, 9)
        assert (await resources.get_order(bc, 100)).status_id == 9
    assert orders[0].id == 100
    assert lines
    assert updated.get("status_id") == 9


async def test_given_a_hook_when_created_updated_and_deleted_then_the_list_follows(sandbox):
    destination = "https://ingress.example/webhooks"
    async with client(sandbox) as bc:
        hook = await resources.create_hook(bc, "store/product/updated", destination)
        await resources.update_hook(bc, hook.get("id"), {"is_active": False})
        listed = await resources.list_hooks(bc, scope="store/product/updated")
        await resources.delete_hook(bc, hook.get("id"))
        remaining = await resources.list_hooks(bc)
    assert [(h.get("id"), h.get("is_active")) for h in listed] == [(hook.get("id"), False)]
    assert hook.get("id") not in [h.get("id") for h in remaining]


async def test_given_a_small_quota_when_120_callers_request_then_no_429_reaches_them():
    config = sandbox_config(rate_limit_quota=20, rate_limit_window_ms=250)
    async with running_sandbox(config) as sandbox, client(sandbox) as bc:
        results = await asyncio.gather(
            *(resources.get_category(bc, 18) for _ in range(120)), return_exceptions=True
        )
        answered_429 = (await sandbox.stats())["rate_limited"]
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert answered_429 == 0


async def test_given_injected_503s_when_reading_then_retries_through_them(sandbox):
    failure = {"path": "/v3/catalog/products/77", "method": "GET", "status": 503, "count": 2}
    await sandbox.set_faults(failures=[failure])
    async with client(sandbox) as bc:
        product = await resources.get_product(bc, 77)
        assert bc.stats.retries == 2
    assert product.get("id") == 77
