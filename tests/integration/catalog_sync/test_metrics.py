"""catalog-sync's metrics move when syncs write to B: the lag behind A, the BigCommerce calls."""

from __future__ import annotations

import pytest
from prometheus_client import CollectorRegistry

from tests.integration.catalog_sync.conftest import A, B
from tests.support.ingress import webhook

pytestmark = pytest.mark.integration

LAMP = {"name": "Desk Lamp", "type": "physical", "sku": "LAMP", "price": 30, "weight": 2}
LAG = "storebridge_catalog_sync_lag_seconds_count"


def sample(registry: CollectorRegistry, name: str, **labels: str) -> float:
    """A sample's value, 0 when never set."""
    return registry.get_sample_value(name, labels) or 0.0


async def test_given_a_new_product_in_a_when_b_gets_it_then_its_lag_and_the_calls_are_recorded(
    world,
):
    async with world() as w:
        registry = w.registry
        pid = (await w.create_product(**LAMP))["id"]
        await w.until_b(lambda w: w.settled(pid))

    assert sample(registry, LAG, destination="B", since="date_modified") == 1
    assert (
        sample(
            registry,
            "storebridge_catalog_sync_lag_seconds_sum",
            destination="B",
            since="date_modified",
        )
        >= 0
    )
    requests = "storebridge_bigcommerce_requests_total"
    assert sample(registry, requests, store=A, method="GET", status="200") >= 1
    assert sample(registry, requests, store=B, method="POST", status="200") >= 1


async def test_given_b_already_holds_the_product_when_a_duplicate_event_arrives_then_no_lag(
    world,
):
    async with world() as w:
        registry = w.registry
        pid = (await w.create_product(**LAMP))["id"]
        await w.until_b(lambda w: w.settled(pid))
        state = await w.state_of(pid)
        await w.ingress.post(webhook("store/product/updated", store=A, resource_id=pid))
        await w.until_b(lambda w: w.settled(pid, state["requested"] + 1))

    assert sample(registry, LAG, destination="B", since="date_modified") == 1


async def test_given_a_product_deleted_in_a_when_b_deletes_it_then_the_lag_is_from_the_webhook(
    world,
):
    async with world(catalog_delete_policy="delete") as w:
        registry = w.registry
        pid = (await w.create_product(**LAMP))["id"]
        await w.until_b(lambda w: w.settled(pid))
        await w.delete_product(pid)
        await w.until_b(lambda w: w.settled(pid, 2))

    assert sample(registry, LAG, destination="B", since="webhook") == 1
