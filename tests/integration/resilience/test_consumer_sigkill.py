"""A real SIGKILL of a consumer process mid-work: catalog-sync, run as `storebridge catalog-sync`
in a process of its own, is killed while it copies products to store B; a new process finishes
the work from the messages RabbitMQ hands back and the sync states whose lease ran out. Every
product of A is in B once with A's values, and B received exactly one create POST per product
(none sent again by the new process)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest

from storebridge_catalog_sync.settings import CatalogSyncSettings
from storebridge_shared.settings import env_name
from tests.integration.catalog_sync.conftest import B, world
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.resilience, pytest.mark.timeout(300)]

__all__ = ["world"]

PRODUCTS = 10
PASSED = (
    "mongodb_uri",
    "amqp_url",
    "broker_namespace",
    "store_a_hash",
    "store_a_access_token",
    "store_b_hash",
    "store_b_access_token",
    "bigcommerce_api_url",
    "max_attempts",
    "consumer_prefetch",
    "catalog_sweep_interval_secs",
    "catalog_lease_secs",
)


def environment(settings: CatalogSyncSettings) -> dict[str, str]:
    """The service's settings as the variables a deployment would set."""
    values: dict[str, str] = {"LOG_LEVEL": "warning", "CATALOG_SYNC_OPS_PORT": "0"}
    for name in PASSED:
        value: Any = getattr(settings, name)
        secret = getattr(value, "get_secret_value", None)
        values[env_name(CatalogSyncSettings, name)] = str(secret() if secret else value)
    return values


@contextlib.asynccontextmanager
async def catalog_sync_process(settings: CatalogSyncSettings) -> AsyncIterator[Any]:
    """`storebridge catalog-sync` in a process of its own (killed at the end if still alive)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "storebridge_cli",
        "catalog-sync",
        env=os.environ | environment(settings),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


def product(n: int) -> dict[str, Any]:
    return {"name": f"Mug {n}", "type": "physical", "sku": f"MUG-{n}", "price": 10 + n,
            "weight": 0.4}  # fmt: skip


async def test_given_products_being_synced_when_catalog_sync_is_sigkilled_then_a_new_process_syncs_each_once(
    world, amqp_url
):
    async with world(consumers=0, catalog_lease_secs=2.0, amqp_url=amqp_url) as w:
        await w.sandbox.set_faults(B, latency_ms=150)  # B answers slowly: syncs in flight
        for n in range(PRODUCTS):
            await w.create_product(**product(n))

        async def in_b() -> int:
            return len(await w.table("products"))

        async def some_synced() -> bool:
            return await in_b() >= 2

        async with catalog_sync_process(w.settings) as first:
            await wait_until(some_synced, timeout=60)
            first.send_signal(signal.SIGKILL)
            await first.wait()
        synced_when_killed = await in_b()

        async def all_synced() -> bool:
            return await in_b() >= PRODUCTS

        async with catalog_sync_process(w.settings):
            await wait_until(all_synced, timeout=120)
            await w.sandbox.set_faults(B)
        b_products = await w.table("products")
        creates = await w.sandbox.requests(B, method="POST", path="/v3/catalog/products")

    assert first.returncode == -signal.SIGKILL
    assert synced_when_killed < PRODUCTS  # it died mid-work
    assert sorted(p["sku"] for p in b_products) == sorted(f"MUG-{n}" for n in range(PRODUCTS))
    assert len(creates) == PRODUCTS  # one create POST per product: none sent again after the kill
    assert {p["sku"]: p["price"] for p in b_products} == {
        f"MUG-{n}": 10 + n for n in range(PRODUCTS)
    }
