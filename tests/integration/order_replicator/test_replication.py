"""Shopper checkouts in the sandbox reach MongoDB once and move on once, through the webhooks."""

from __future__ import annotations

import pytest

from tests.integration.order_replicator.conftest import (
    DIGITAL,
    OTHER_DIGITAL,
    PHYSICAL,
    Stack,
    replicated_events,
)
from tests.support.ingress import STORE_A
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration


async def test_given_a_shopper_checkout_when_the_webhooks_arrive_then_the_order_lands_once_and_moves_to_awaiting_shipment(
    stack: Stack, amqp_url: str
):
    async with replicated_events(amqp_url, stack.topology) as seen, stack.replicator():
        order_id = await stack.checkout(PHYSICAL)

        doc = await stack.until_state(order_id, "replicated")
        await wait_until(lambda: _holds(lambda: len(seen()) == 1))

    assert (await stack.bc_order(order_id))["status_id"] == 9
    assert len(await stack.status_puts(order_id)) == 1
    assert await stack.db.orders.count_documents({"order_id": order_id}) == 1
    assert doc["status_before"] == 11 and doc["status_after"] == 9
    assert doc["status_action"] == "moved" and doc["replicated_at"] is not None
    assert [line["product_id"] for line in doc["order"]["products"]] == [PHYSICAL]
    assert len(doc["order"]["shipping_addresses"]) == 1
    [event] = seen()
    assert event["event"] == "order.replicated"
    assert (event["store_hash"], event["order_id"], event["status_after"]) == (STORE_A, order_id, 9)
    processed = await stack.db.events.count_documents(
        {"store_hash": STORE_A, "status": "processed"}
    )
    assert processed >= 2  # order/created and cart/converted


async def test_given_a_digital_only_order_then_it_moves_to_awaiting_pickup(stack: Stack):
    async with stack.replicator():
        order_id = await stack.checkout(DIGITAL, OTHER_DIGITAL, shipping_address=None)

        doc = await stack.until_state(order_id, "replicated")

    assert (await stack.bc_order(order_id))["status_id"] == 8
    assert doc["status_after"] == 8
    assert doc["order"]["shipping_addresses"] == []
    assert doc["order"]["coupons"] == []


async def test_given_a_mixed_order_then_it_moves_to_awaiting_shipment(stack: Stack):
    async with stack.replicator():
        order_id = await stack.checkout(DIGITAL, PHYSICAL)

        await stack.until_state(order_id, "replicated")

    assert (await stack.bc_order(order_id))["status_id"] == 9


async def test_given_an_order_with_coupons_then_they_are_stored_with_it(stack: Stack):
    async with stack.replicator():
        order_id = await stack.checkout(
            PHYSICAL, coupons=[{"code": "SAVE5", "amount": 5, "type": 0}]
        )

        doc = await stack.until_state(order_id, "replicated")

    assert [coupon["code"] for coupon in doc["order"]["coupons"]] == ["SAVE5"]


async def test_given_an_order_in_a_status_not_taken_then_nothing_is_stored_or_moved(stack: Stack):
    async with stack.replicator():
        order_id = await stack.checkout(PHYSICAL, status_id=1)  # Pending

        doc = await stack.until_state(order_id, "waiting")

    assert "order" not in doc
    assert (await stack.bc_order(order_id))["status_id"] == 1
    assert await stack.status_puts(order_id) == []


async def test_given_pii_fields_configured_then_they_are_dropped_or_masked(stack: Stack):
    async with stack.replicator(
        order_drop_fields="billing_address.phone,shipping_addresses.*.phone",
        order_mask_fields="billing_address.email,shipping_addresses.*.email,billing_address.last_name",
    ):
        order_id = await stack.checkout(
            PHYSICAL,
            billing_address={
                "first_name": "Ann",
                "last_name": "Lee",
                "email": "ann@example.com",
                "phone": "555-0100",
            },
            shipping_address={"first_name": "Ann", "email": "ann@example.com", "phone": "555-0100"},
        )

        doc = await stack.until_state(order_id, "replicated")

    billing, [shipping] = doc["order"]["billing_address"], doc["order"]["shipping_addresses"]
    assert "phone" not in billing and "phone" not in shipping
    assert billing["email"] == shipping["email"] == billing["last_name"] == "***"
    assert billing["first_name"] == "Ann"
    assert "ann@example.com" not in str(doc)


async def _holds(condition) -> bool:
    return bool(condition())
