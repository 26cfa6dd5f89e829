"""A real broker restart under load: the node is stopped while shoppers check out and started
again; every order is replicated once, none twice.

Stopping the node closes the replicator's channel, and aio-pika cancels the handlers it runs; an
order cut off while it was read must find its lease free when its delivery comes back (it once
stayed `new`, claimed by the cancelled attempt until the lease ran out)."""

from __future__ import annotations

import asyncio

import pytest

from tests.integration.resilience.conftest import PHYSICAL, every_order_replicated_once
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.resilience]


async def test_given_orders_before_during_and_after_a_broker_restart_then_each_is_replicated_once(
    stack, rabbitmq_node
):
    async with stack.replicator():
        before = [await stack.checkout(PHYSICAL) for _ in range(5)]
        stopped = await asyncio.to_thread(rabbitmq_node.ctl, "stop_app")
        assert stopped.returncode == 0, stopped.stderr
        during = [await stack.checkout(PHYSICAL) for _ in range(5)]
        started = await asyncio.to_thread(rabbitmq_node.ctl, "start_app")
        assert started.returncode == 0, started.stderr
        after = [await stack.checkout(PHYSICAL) for _ in range(5)]

        await every_order_replicated_once(stack, before + during + after, timeout=90)

    answered = await stack.sandbox.deliveries(STORE_A, scope="store/order/created")
    assert {d["outcome"] for d in answered} == {"delivered"}  # the ingress answered 200 throughout


async def test_given_an_order_being_read_when_the_broker_stops_then_its_redelivery_replicates_it(
    stack, rabbitmq_node
):
    read = {"path": "/v2/orders/*", "method": "GET", "query": {"consignment_structure": "object"}}
    await stack.sandbox.set_faults(STORE_A, pauses=[{**read, "count": 1, "max_ms": 120_000}])
    async with stack.replicator():
        order_id = await stack.checkout(PHYSICAL)
        [held] = await stack.sandbox.wait_for_paused(1, STORE_A, timeout=30)
        stopped = await asyncio.to_thread(rabbitmq_node.ctl, "stop_app")
        assert stopped.returncode == 0, stopped.stderr

        async def let_go() -> bool:  # once the client sees the closed channel, the attempt ends
            doc = await stack.order_doc(order_id)
            return doc is not None and doc["lease_owner"] == ""

        try:
            await wait_until(let_go, timeout=30)
        finally:
            await stack.sandbox.release_paused(held["seq"], STORE_A)
            started = await asyncio.to_thread(rabbitmq_node.ctl, "start_app")
            assert started.returncode == 0, started.stderr
        cut_off = await stack.order_doc(order_id)
        assert cut_off is not None and cut_off["state"] == "new"
        assert cut_off.get("failures", 0) == 0  # a cut is not the order's failure
        await every_order_replicated_once(stack, [order_id], timeout=60)


STORE_A = "abc123"
