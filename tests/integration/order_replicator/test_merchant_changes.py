"""A merchant acting on an order while it is replicated: never overwritten."""

from __future__ import annotations

import pytest

from storebridge_shared.broker.dead_letters import dead_letter_queue
from tests.integration.order_replicator.conftest import PHYSICAL, Stack
from tests.support.ingress import STORE_A
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

STATUSES = [(5, "Cancelled"), (2, "Shipped"), (6, "Declined")]
SLOW_COUPONS = {"path": "/v2/orders/*/coupons", "delay_ms": 4000, "count": 1}
"""Holds the first read of an order long enough for the merchant to act meanwhile."""


@pytest.mark.parametrize(("merchant_status", "name"), STATUSES)
async def test_given_a_merchant_sets_a_status_while_the_order_is_read_then_it_is_neither_moved_nor_stored(
    stack: Stack, merchant_status: int, name: str
):
    await stack.sandbox.set_faults(STORE_A, delays=[SLOW_COUPONS])
    async with stack.replicator():
        order_id = await stack.checkout(PHYSICAL)

        async def being_read() -> bool:
            path = f"/v2/orders/{order_id}/coupons"
            return bool(await stack.sandbox.requests(STORE_A, method="GET", path=path))

        await wait_until(being_read, timeout=15)
        await stack.sandbox.update_order_status(order_id, merchant_status, STORE_A)
        doc = await stack.until_state(order_id, "waiting", timeout=20)

    assert (await stack.bc_order(order_id))["status"] == name
    assert await stack.status_puts(order_id) == []
    assert doc["seen_status_id"] == merchant_status and "order" not in doc


@pytest.mark.parametrize(("merchant_status", "name"), STATUSES)
async def test_given_a_merchant_sets_a_status_after_the_order_was_stored_then_the_status_is_kept(
    stack: Stack, amqp_url: str, merchant_status: int, name: str
):
    await stack.sandbox.set_faults(
        STORE_A,
        webhook_drop_next=1,  # store/order/created: cart/converted alone carries the order
        failures=[{"path": "/v2/orders/*", "method": "PUT", "status": 500}],
    )
    async with (
        stack.replicator(order_max_attempts=1),
        dead_letter_queue(amqp_url, stack.topology, "order-replicator") as dlq,
    ):
        order_id = await stack.checkout(PHYSICAL)

        async def dead_lettered() -> bool:
            return await dlq.count() == 1

        await wait_until(dead_lettered, timeout=20)  # stored, its status update failed
        await stack.sandbox.update_order_status(order_id, merchant_status, STORE_A)
        await stack.sandbox.set_faults(STORE_A)
        assert await dlq.requeue() == 1  # the operator sends it back after the outage
        doc = await stack.until_state(order_id, "replicated", timeout=20)

    assert (await stack.bc_order(order_id))["status"] == name
    assert [put["body"] for put in await stack.status_puts(order_id)] == [{"status_id": 9}] * 2
    assert (doc["status_before"], doc["status_after"]) == (merchant_status, merchant_status)
    assert doc["status_action"] == "kept"
    assert (doc["order"]["status_id"], doc["order"]["status"]) == (merchant_status, name)
