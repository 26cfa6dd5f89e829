"""A real broker restart under load: the node is stopped while shoppers check out and started
again; every order is replicated once, none twice."""

from __future__ import annotations

import asyncio

import pytest

from tests.integration.resilience.conftest import PHYSICAL, every_order_replicated_once

pytestmark = [pytest.mark.integration, pytest.mark.resilience]


@pytest.mark.xfail(
    strict=False,
    reason="open defect (issue 14 item 7): in one fresh-clone run 2 of 15 orders stayed new after the"
    " broker restart; under investigation",
)
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


STORE_A = "abc123"
