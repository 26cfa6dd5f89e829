"""A real broker restart under catalog changes: products of A are created before, during and after
the private node is stopped, and the ones from before are edited while it is down. Catalog-sync
(in this process, its channel closed by the restart) brings B to A's state: each product once,
with A's latest price."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.integration.catalog_sync.conftest import world
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.resilience, pytest.mark.timeout(300)]

__all__ = ["world"]


def product(n: int) -> dict[str, Any]:
    return {"name": f"Kettle {n}", "type": "physical", "sku": f"KET-{n}", "price": 20 + n,
            "weight": 1.2}  # fmt: skip


async def test_given_catalog_changes_before_during_and_after_a_broker_restart_then_b_has_each_product_once_as_in_a(
    world, amqp_url, rabbitmq_node
):
    async with world(catalog_lease_secs=2.0, amqp_url=amqp_url) as w:
        before = [await w.create_product(**product(n)) for n in range(3)]
        stopped = await asyncio.to_thread(rabbitmq_node.ctl, "stop_app")
        assert stopped.returncode == 0, stopped.stderr
        for n in range(3, 6):
            await w.create_product(**product(n))
        for created in before:  # edited while the broker is down
            await w.update_product(created["id"], price=created["price"] + 100)
        started = await asyncio.to_thread(rabbitmq_node.ctl, "start_app")
        assert started.returncode == 0, started.stderr
        for n in range(6, 9):
            await w.create_product(**product(n))
        expected = {f"KET-{n}": float(20 + n + (100 if n < 3 else 0)) for n in range(9)}

        async def b_matches_a() -> bool:
            prices = {p["sku"]: float(p["price"]) for p in await w.table("products")}
            return prices == expected

        try:
            await wait_until(b_matches_a, timeout=120)
        except AssertionError:
            found = {p["sku"]: p["price"] for p in await w.table("products")}
            raise AssertionError(f"B is not A after the restart: {found}") from None
        b_products = await w.table("products")

    assert sorted(p["sku"] for p in b_products) == sorted(expected)  # none twice
