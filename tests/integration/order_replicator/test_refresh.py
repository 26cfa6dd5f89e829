"""A merchant changing a replicated order: the stored copy follows, `order.updated` is published,
and the status is never moved again (issue 11, point 5)."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from typing import Any

import pytest

from tests.integration.order_replicator.conftest import (
    OTHER_PHYSICAL,
    PHYSICAL,
    Stack,
    replicated_events,
)
from tests.support.ingress import STORE_A
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

UPDATES = "*.updated.order"


async def _later_second(moment_s: int) -> None:
    """Wait until BigCommerce's clock (the sandbox's, on this machine) is past `moment_s`: a
    change in the second of our own status update is taken for its echo."""

    async def past() -> bool:
        return time.time() >= moment_s + 1

    await wait_until(past, timeout=5)


def _seconds(rfc2822: str) -> int:
    return int(parsedate_to_datetime(rfc2822).timestamp())


async def _replicated(stack: Stack, *product_ids: int, **extra: Any) -> tuple[int, dict[str, Any]]:
    order_id = await stack.checkout(*product_ids, **extra)
    doc = await stack.until_state(order_id, "replicated")
    await _later_second(int(doc["own_update_s"]))
    return order_id, doc


async def _processed(stack: Stack, count: int) -> None:
    """Wait until `count` webhook events of store A were handled by the replicator."""

    async def handled() -> bool:
        found = await stack.db.events.count_documents(
            {"store_hash": STORE_A, "status": "processed"}
        )
        return int(found) >= count

    await wait_until(handled, timeout=20)


async def _copy(stack: Stack, order_id: int, ready: Any) -> dict[str, Any]:
    """Wait until the stored copy satisfies `ready(order)`; the document."""

    async def reached() -> bool:
        doc = await stack.order_doc(order_id)
        return doc is not None and bool(ready(doc["order"]))

    await wait_until(reached, timeout=20)
    doc = await stack.order_doc(order_id)
    assert doc is not None
    return doc


def _received(events: Any, count: int) -> Any:
    async def enough() -> bool:
        return len(events()) >= count

    return enough


async def test_given_a_replicated_order_when_its_own_status_update_echoes_then_nothing_is_read_again(
    stack: Stack, amqp_url: str
):
    async with replicated_events(amqp_url, stack.topology, UPDATES) as updates, stack.replicator():
        order_id = await stack.checkout(PHYSICAL)
        await stack.until_state(order_id, "replicated")
        await _processed(stack, 4)  # created, converted, and our PUT's updated + statusUpdated

    assert await stack.order_calls(order_id) == [
        f"GET /v2/orders/{order_id}/coupons",
        f"GET /v2/orders/{order_id}",
        f"PUT /v2/orders/{order_id}",
    ]
    assert updates() == []


async def test_given_a_replicated_order_when_the_merchant_edits_lines_and_address_then_the_copy_follows(
    stack: Stack, amqp_url: str
):
    async with replicated_events(amqp_url, stack.topology, UPDATES) as updates, stack.replicator():
        order_id, doc = await _replicated(stack, PHYSICAL)
        [line], [address] = doc["order"]["products"], doc["order"]["shipping_addresses"]
        edit = {
            "products": [{"id": line["id"], "quantity": 3}],
            "shipping_addresses": [{"id": address["id"], "street_1": "9 Dock Road"}],
            "staff_notes": "Ring twice",
        }
        await stack.sandbox.update_order(order_id, edit, STORE_A)
        await wait_until(_received(updates, 1), timeout=20)
        doc = await stack.order_doc(order_id)

    assert doc is not None
    assert [line["quantity"] for line in doc["order"]["products"]] == [3]
    assert doc["order"]["shipping_addresses"][0]["street_1"] == "9 Dock Road"
    assert doc["order"]["staff_notes"] == "Ring twice"
    [event] = updates()
    assert (event["event"], event["order_id"], event["cause_scope"]) == (
        "order.updated",
        order_id,
        "store/order/updated",
    )
    assert {"products", "shipping_addresses", "staff_notes"} <= set(event["changed"])
    assert len(await stack.status_puts(order_id)) == 1
    assert (await stack.order_calls(order_id))[3:] == [
        f"GET /v2/orders/{order_id}/coupons",
        f"GET /v2/orders/{order_id}",
    ]
    assert (doc["state"], doc["status_after"], doc["status_action"]) == ("replicated", 9, "moved")


@pytest.mark.parametrize("with_status", [True, False], ids=["with-status", "without-status"])
async def test_given_a_replicated_order_when_the_merchant_ships_it_then_the_copy_says_shipped_and_it_is_not_moved_again(
    stack: Stack, amqp_url: str, with_status: bool
):
    await stack.sandbox.set_faults(STORE_A, status_updated_without_status=not with_status)
    async with replicated_events(amqp_url, stack.topology, UPDATES) as updates, stack.replicator():
        order_id, _ = await _replicated(stack, PHYSICAL)
        await stack.sandbox.update_order_status(order_id, 2, STORE_A)
        await _processed(stack, 6)  # and the merchant's updated + statusUpdated
        doc = await _copy(stack, order_id, lambda order: order["status_id"] == 2)

    refresh_calls = (await stack.order_calls(order_id))[3:]
    assert (await stack.bc_order(order_id))["status_id"] == 2
    assert len(await stack.status_puts(order_id)) == 1
    assert doc["order"]["status"] == "Shipped"
    assert (doc["status_before"], doc["status_after"]) == (11, 9)
    assert 1 <= len(refresh_calls) <= 3  # updated: 2, statusUpdated: 1 unless covered
    assert all(call.startswith("GET ") for call in refresh_calls)
    [event] = updates()
    assert event["status_id"] == 2 and "status_id" in event["changed"]


async def test_given_a_replicated_order_when_refunded_then_the_copy_holds_the_refund(
    stack: Stack, amqp_url: str
):
    async with replicated_events(amqp_url, stack.topology, UPDATES) as updates, stack.replicator():
        order_id, doc = await _replicated(stack, PHYSICAL, OTHER_PHYSICAL)
        line = doc["order"]["products"][0]
        body = {
            "items": [{"item_type": "PRODUCT", "item_id": line["id"], "quantity": 1}],
            "payments": [{"provider_id": "testgateway", "amount": float(line["price_inc_tax"])}],
        }
        await stack.sandbox.refund_order(order_id, body, STORE_A)
        doc = await _copy(stack, order_id, lambda order: order["status_id"] == 14)
        await _processed(stack, 7)  # refund/created, updated, statusUpdated
        await wait_until(_received(updates, 1), timeout=20)

    assert float(doc["order"]["refunded_amount"]) == float(line["price_inc_tax"])
    assert doc["order"]["products"][0]["quantity_refunded"] == 1
    assert len(await stack.status_puts(order_id)) == 1
    refresh_calls = (await stack.order_calls(order_id))[3:]
    assert 1 <= len(refresh_calls) <= 4  # refund/created 1, updated 2, statusUpdated 1
    assert all(call.startswith("GET ") for call in refresh_calls)
    assert len(updates()) == 1


async def test_given_a_replicated_order_when_archived_then_the_copy_is_marked_deleted(
    stack: Stack, amqp_url: str
):
    async with replicated_events(amqp_url, stack.topology, UPDATES) as updates, stack.replicator():
        order_id, _ = await _replicated(stack, PHYSICAL)
        await stack.sandbox.archive_order(order_id, STORE_A)
        await _copy(stack, order_id, lambda order: order["is_deleted"] is True)
        await wait_until(_received(updates, 1), timeout=20)

    assert updates()[0]["cause_scope"] == "store/order/archived"
    assert len(await stack.status_puts(order_id)) == 1
    assert len(await stack.order_calls(order_id)) == 3 + 1


async def test_given_an_edit_while_the_order_is_replicated_then_the_copy_gets_it_after(
    stack: Stack, amqp_url: str
):
    await stack.sandbox.set_faults(
        STORE_A, pauses=[{"path": "/v2/orders/*", "method": "PUT", "count": 1}]
    )
    async with replicated_events(amqp_url, stack.topology, UPDATES) as updates, stack.replicator():
        order_id = await stack.checkout(PHYSICAL)
        [held] = await stack.sandbox.wait_for_paused(1, STORE_A, timeout=20)  # stored, PUT held
        await _later_second(_seconds((await stack.bc_order(order_id))["date_modified"]))
        edited = await stack.sandbox.update_order(order_id, {"staff_notes": "Fragile"}, STORE_A)
        await _later_second(_seconds(edited["date_modified"]))  # our PUT comes a second later
        await stack.sandbox.release_paused(held["seq"], STORE_A)
        doc = await _copy(stack, order_id, lambda order: order.get("staff_notes") == "Fragile")
        await wait_until(_received(updates, 1), timeout=20)

    assert doc["state"] == "replicated" and doc["status_after"] == 9
    assert len(await stack.status_puts(order_id)) == 1
    assert "refresh_due" not in doc


@pytest.mark.parametrize("with_status", [True, False], ids=["with-status", "without-status"])
async def test_given_an_incomplete_checkout_then_it_is_ignored_until_paid_then_replicated_once(
    stack: Stack, with_status: bool
):
    await stack.sandbox.set_faults(STORE_A, status_updated_without_status=not with_status)
    async with stack.replicator():
        order_id = await stack.checkout(PHYSICAL, status_id=0)
        waiting = await stack.until_state(order_id, "waiting")
        assert "order" not in waiting and await stack.status_puts(order_id) == []
        await stack.sandbox.complete_checkout(order_id, 11, STORE_A)
        doc = await stack.until_state(order_id, "replicated")

    assert (await stack.bc_order(order_id))["status_id"] == 9
    assert len(await stack.status_puts(order_id)) == 1
    assert (doc["status_before"], doc["status_after"]) == (11, 9)
