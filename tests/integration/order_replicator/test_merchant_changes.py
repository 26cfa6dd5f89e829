"""A merchant acting on an order while it is replicated: never overwritten."""

from __future__ import annotations

import pytest

from tests.integration.order_replicator.conftest import PHYSICAL, Stack
from tests.support.ingress import STORE_A
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

SLOW_LINES = {"path": "/v2/orders/*/products", "delay_ms": 4000, "count": 1}
"""Holds the read of the order's lines long enough for the merchant to act meanwhile."""


@pytest.mark.parametrize(
    ("merchant_status", "name"), [(5, "Cancelled"), (2, "Shipped"), (6, "Declined")]
)
async def test_given_a_merchant_sets_a_status_while_the_lines_are_read_then_the_status_is_kept(
    stack: Stack, merchant_status: int, name: str
):
    await stack.sandbox.set_faults(STORE_A, delays=[SLOW_LINES])
    async with stack.replicator():
        order_id = await stack.checkout(PHYSICAL)

        async def lines_requested() -> bool:
            path = f"/v2/orders/{order_id}/products"
            return bool(await stack.sandbox.requests(STORE_A, method="GET", path=path))

        await wait_until(lines_requested, timeout=15)
        await stack.sandbox.update_order_status(order_id, merchant_status, STORE_A)
        doc = await stack.until_state(order_id, "replicated", timeout=20)

    assert (await stack.bc_order(order_id))["status_id"] == merchant_status
    assert await stack.status_puts(order_id) == []
    assert (doc["status_before"], doc["status_after"]) == (merchant_status, merchant_status)
    assert doc["status_action"] == "kept"
    assert (doc["order"]["status_id"], doc["order"]["status"]) == (merchant_status, name)
