"""BigCommerce failing: 5xx then recovery, a status update that keeps failing, crashes midway."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest

from storebridge_order_replicator.replicate import CUT_OFF
from storebridge_order_replicator.status import status_lines
from storebridge_order_replicator.store.dead_orders import DeadOrders
from storebridge_order_replicator.store.orders import OrderStore
from storebridge_shared.broker.dead_letters import dead_letter_queue
from tests.integration.order_replicator.conftest import PHYSICAL, Stack
from tests.support.ingress import STORE_A
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration


@contextlib.asynccontextmanager
async def smtp_receiver() -> AsyncIterator[tuple[int, list[str]]]:
    """A minimal SMTP server (no TLS, no auth) collecting message bodies."""
    messages: list[str] = []

    async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 test ESMTP\r\n")
        while line := await reader.readline():
            verb = line.decode(errors="replace").strip().upper()
            if verb.startswith("DATA"):
                writer.write(b"354 go ahead\r\n")
                await writer.drain()
                body = await reader.readuntil(b"\r\n.\r\n")
                messages.append(body.decode(errors="replace"))
                writer.write(b"250 queued\r\n")
            elif verb.startswith("QUIT"):
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:
                writer.write(b"250 ok\r\n")
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(session, "127.0.0.1", 0)
    async with server:
        yield server.sockets[0].getsockname()[1], messages


async def test_given_bigcommerce_answers_5xx_for_a_while_when_it_recovers_then_the_order_is_replicated_once(
    stack: Stack,
):
    await stack.sandbox.set_faults(
        STORE_A, failures=[{"path": "/v2/orders/*", "status": 503, "count": 3}]
    )
    async with stack.replicator():
        order_id = await stack.checkout(PHYSICAL)

        await stack.until_state(order_id, "replicated", timeout=60)

    assert (await stack.bc_order(order_id))["status_id"] == 9
    assert len(await stack.status_puts(order_id)) == 1


async def test_given_an_attempt_cut_off_when_the_replicator_stops_then_the_order_is_released_without_counting_a_failure(
    stack: Stack,
):
    read = {"path": "/v2/orders/*", "method": "GET", "query": {"consignment_structure": "object"}}
    await stack.sandbox.set_faults(STORE_A, pauses=[{**read, "count": 1, "max_ms": 120_000}])
    async with stack.replicator():
        order_id = await stack.checkout(PHYSICAL)
        [held] = await stack.sandbox.wait_for_paused(1, STORE_A, timeout=30)
    # the stop cancelled the attempt held in its read
    try:
        cut_off = await stack.order_doc(order_id)
    finally:
        await stack.sandbox.release_paused(held["seq"], STORE_A)

    assert cut_off is not None and cut_off["state"] == "new"
    assert (cut_off["lease_owner"], cut_off["last_error"]) == ("", CUT_OFF)
    assert cut_off.get("failures", 0) == 0
    async with stack.replicator():
        replicated = await stack.until_state(order_id, "replicated", timeout=60)
    assert replicated.get("failures", 0) == 0
    assert len(await stack.status_puts(order_id)) == 1
    assert "order_processing_failed" not in [alert["alert"] for alert in stack.alerts]


async def test_given_a_status_update_that_keeps_failing_then_the_order_is_dead_lettered_with_alerts(
    stack: Stack, amqp_url: str
):
    await stack.sandbox.set_faults(
        STORE_A, failures=[{"path": "/v2/orders/*", "method": "PUT", "status": 500}]
    )
    async with (
        smtp_receiver() as (smtp_port, mails),
        stack.replicator(
            order_max_attempts=2,
            smtp_host="127.0.0.1",
            smtp_port=smtp_port,
            smtp_starttls=False,
            alert_email_to="ops@example.com",
        ),
        dead_letter_queue(amqp_url, stack.topology, "order-replicator") as dlq,
    ):
        order_id = await stack.checkout(PHYSICAL)

        async def dead_lettered() -> bool:
            kinds = {alert["alert"] for alert in stack.alerts}
            return await dlq.count() >= 1 and "order_dead_lettered" in kinds

        await wait_until(dead_lettered, timeout=60)
        [dead, *_] = await dlq.peek()

    assert "gave up after 2 attempt(s)" in dead.reason
    kinds = [alert["alert"] for alert in stack.alerts]
    assert "order_processing_failed" in kinds and "order_dead_lettered" in kinds
    assert any("order_dead_lettered" in mail for mail in mails)
    doc = await stack.order_doc(order_id)
    assert doc is not None and doc["state"] == "stored" and doc["failures"] >= 2
    assert (await stack.bc_order(order_id))["status_id"] == 11


async def test_given_the_status_update_failed_once_after_the_order_was_stored_then_the_retry_resumes_without_refetching(
    stack: Stack,
):
    await stack.sandbox.set_faults(
        STORE_A, failures=[{"path": "/v2/orders/*", "method": "PUT", "status": 500, "count": 2}]
    )
    async with stack.replicator():
        order_id = await stack.checkout(PHYSICAL)

        await stack.until_state(order_id, "replicated", timeout=60)

    assert (await stack.bc_order(order_id))["status_id"] == 9
    coupons = await stack.sandbox.requests(
        STORE_A, method="GET", path=f"/v2/orders/{order_id}/coupons"
    )
    reads = await stack.sandbox.requests(STORE_A, method="GET", path=f"/v2/orders/{order_id}")
    assert len(coupons) == 1  # stored once; a retry only re-reads the order and sends the PUT
    [first, *resumed] = [read["query"].get("include") for read in reads]
    assert first == "consignments,consignments.line_items"
    assert resumed and set(resumed) == {None}


async def test_given_a_replica_crashed_after_its_status_update_then_the_next_holder_does_not_update_again(
    stack: Stack,
):
    order_id = await stack.checkout(PHYSICAL)

    async def both_events_queued() -> bool:
        return await stack.ingress.queued("order-replicator") >= 2

    await wait_until(both_events_queued)
    crashed = OrderStore(stack.db)
    await crashed.claim(STORE_A, order_id, "crashed-replica", lease_ms=1)
    await crashed.store(STORE_A, order_id, "crashed-replica", {"id": order_id}, 9)
    await stack.sandbox.update_order_status(order_id, 9, STORE_A)  # its PUT went through

    async with stack.replicator():
        doc = await stack.until_state(order_id, "replicated")

    assert doc["status_action"] == "already"
    assert await stack.status_puts(order_id) == []


async def test_given_a_dead_lettered_order_when_the_poll_runs_again_then_it_is_skipped_and_alerted_once_until_an_operator_requeues_it(
    stack: Stack, amqp_url: str
):
    await stack.sandbox.set_faults(
        STORE_A,
        webhook_drop_next=1,  # store/order/created: one message (cart/converted) carries the order
        failures=[{"path": "/v2/orders/*", "method": "PUT", "status": 500}],
    )
    async with (
        stack.replicator(order_max_attempts=2) as replicator,
        dead_letter_queue(amqp_url, stack.topology, "order-replicator") as dlq,
    ):
        assert replicator.backstop is not None
        order_id = await stack.checkout(PHYSICAL)

        async def dead_lettered() -> bool:
            kinds = {alert["alert"] for alert in stack.alerts}
            return await dlq.count() == 1 and "order_dead_lettered" in kinds

        await wait_until(dead_lettered, timeout=60)
        polls = [await replicator.backstop.poll_store(STORE_A) for _ in range(3)]
        queued_by_polls = await stack.ingress.queued("order-replicator")
        report = "\n".join(await status_lines(stack.settings))

        await stack.sandbox.set_faults(STORE_A)  # the operator fixed the cause
        assert await dlq.requeue() == 1
        doc = await stack.until_state(order_id, "replicated", timeout=60)
        after = await replicator.backstop.poll_store(STORE_A)

    assert [(run.found, run.new, run.dead) for run in polls] == [(1, 0, 1)] * 3
    assert queued_by_polls == 0
    assert "dead-lettered (skipped by the poll until requeued): 1" in report
    assert [a["alert"] for a in stack.alerts].count("order_dead_lettered") == 1
    assert doc["status_action"] == "moved" and (await stack.bc_order(order_id))["status_id"] == 9
    assert (after.found, after.new, after.dead) == (0, 0, 0)
    assert await DeadOrders(stack.db).count() == 0
