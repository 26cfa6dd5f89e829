"""The replicator's metrics move when an order is stored and moved, and when a poll runs."""

from __future__ import annotations

import pytest
from prometheus_client import CollectorRegistry

from tests.integration.order_replicator.conftest import PHYSICAL, Stack
from tests.support.ingress import STORE_A

pytestmark = pytest.mark.integration


def sample(registry: CollectorRegistry, name: str, **labels: str) -> float:
    """A sample's value, 0 when never set."""
    return registry.get_sample_value(name, labels) or 0.0


async def test_given_a_checkout_when_the_order_is_replicated_then_its_lags_and_calls_are_recorded(
    stack: Stack,
):
    registry = CollectorRegistry()
    async with stack.replicator(registry=registry):
        order_id = await stack.checkout(PHYSICAL)
        await stack.until_state(order_id, "replicated")

    store = {"store": STORE_A}
    assert sample(registry, "storebridge_order_stored_lag_seconds_count", **store) == 1
    assert sample(registry, "storebridge_order_moved_lag_seconds_count", **store) == 1
    assert sample(registry, "storebridge_order_moved_lag_seconds_sum", **store) >= sample(
        registry, "storebridge_order_stored_lag_seconds_sum", **store
    )
    put = {"store": STORE_A, "method": "PUT", "status": "200"}
    assert sample(registry, "storebridge_bigcommerce_requests_total", **put) == 1
    assert sample(registry, "storebridge_bigcommerce_quota_remaining", **store) > 0
    handled = {"service": "order-replicator", "outcome": "ack"}
    assert sample(registry, "storebridge_consumer_messages_total", **handled) >= 1


async def test_given_polls_when_one_fails_and_one_succeeds_then_both_are_counted(stack: Stack):
    registry = CollectorRegistry()
    await stack.sandbox.set_faults(STORE_A, failures=[{"path": "/v2/orders", "status": 500}])
    async with stack.replicator(registry=registry) as replicator:
        assert replicator.backstop is not None
        await replicator.backstop.poll_store(STORE_A)
        failed = sample(registry, "storebridge_order_polls_total", store=STORE_A, result="failed")
        last_good = "storebridge_order_last_good_poll_timestamp_seconds"
        assert registry.get_sample_value(last_good, {"store": STORE_A}) is None
        await stack.sandbox.set_faults(STORE_A)
        await replicator.backstop.poll_store(STORE_A)

    assert failed == 1
    assert sample(registry, "storebridge_order_polls_total", store=STORE_A, result="ok") == 1
    assert sample(registry, last_good, store=STORE_A) > 0
