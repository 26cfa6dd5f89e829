"""The polling backstop: lost webhooks, racing with webhooks and replicas, never backwards."""

from __future__ import annotations

import asyncio

import pytest

from storebridge_order_replicator.poll_loop import PollLoop
from storebridge_order_replicator.status import status_lines
from storebridge_order_replicator.store.orders import epoch_ms
from storebridge_order_replicator.store.poll_leases import POLL_LEASE_SECS
from storebridge_shared.store.leases import Lease
from storebridge_shared.store.poll_runs import PollRuns
from tests.integration.order_replicator.conftest import DIGITAL, PHYSICAL, Stack, replicated_events
from tests.support.ingress import STORE_A
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration


async def test_given_the_webhooks_of_an_order_were_lost_when_the_poll_runs_then_it_finds_and_replicates_it(
    stack: Stack,
):
    await stack.sandbox.set_faults(STORE_A, webhook_drop_next=2)
    order_id = await stack.checkout(PHYSICAL)
    await stack.sandbox.wait_for_deliveries(2, STORE_A, outcome="dropped")

    async with stack.replicator() as replicator:
        assert replicator.backstop is not None
        [first, _] = await replicator.backstop.poll_all()
        await stack.until_state(order_id, "replicated")
        [second, _] = await replicator.backstop.poll_all()

    assert (first.store_hash, first.found, first.new, first.errors) == (STORE_A, 1, 1, [])
    assert (second.found, second.new) == (0, 0)  # moved to 9: no longer in a polled status
    assert second.since_ms == first.started_ms  # the watermark moved
    assert (await stack.bc_order(order_id))["status_id"] == 9
    assert len(await stack.status_puts(order_id)) == 1
    recorded = {run.run_id for run in await PollRuns(stack.db).recent(10)}
    assert {first.run_id, second.run_id} <= recorded
    report = "\n".join(await status_lines(stack.settings))
    assert "replicated  1" in report and f"{STORE_A}" in report
    assert "0 in " in report  # no dead letters


async def test_given_two_replicas_polling_while_the_webhooks_arrive_then_one_document_and_one_status_update(
    stack: Stack, amqp_url: str
):
    async with (
        replicated_events(amqp_url, stack.topology) as seen,
        stack.replicator() as one,
        stack.replicator() as two,
    ):
        assert one.backstop is not None and two.backstop is not None
        order_ids = [await stack.checkout(PHYSICAL) for _ in range(5)]
        await asyncio.gather(
            one.backstop.poll_store(STORE_A),
            two.backstop.poll_store(STORE_A),
            one.backstop.poll_store(STORE_A),
        )
        for order_id in order_ids:
            await stack.until_state(order_id, "replicated")

        async def all_announced() -> bool:
            return {event["order_id"] for event in seen()} == set(order_ids)

        await wait_until(all_announced)

    for order_id in order_ids:
        assert len(await stack.status_puts(order_id)) == 1
        assert await stack.db.orders.count_documents({"order_id": order_id}) == 1
    assert sorted(event["order_id"] for event in seen()) == sorted(order_ids)


async def test_given_orders_already_finished_when_polled_then_none_moves_backwards(stack: Stack):
    async with stack.replicator(order_poll_lookback_hours=24 * 5000) as replicator:
        assert replicator.backstop is not None
        run = await replicator.backstop.poll_store(STORE_A)  # seed orders 100-109
        for order_id in (100, 104, 109, 101):
            await stack.until_state(order_id, "replicated")

    statuses = {o: (await stack.bc_order(o))["status_id"] for o in (100, 101, 102, 104, 107, 109)}
    assert statuses == {100: 9, 101: 10, 102: 2, 104: 9, 107: 9, 109: 9}
    assert run.found == 4
    completed = await stack.order_doc(101)
    assert completed is not None and completed["status_action"] == "kept"
    assert await stack.status_puts(101) == [] and await stack.status_puts(102) == []
    assert await stack.order_doc(102) is None


async def test_given_a_completed_or_shipped_order_event_then_its_status_is_never_touched(
    stack: Stack,
):
    async with stack.replicator():
        completed = await stack.checkout(PHYSICAL, DIGITAL, status_id=10)
        doc = await stack.until_state(completed, "replicated")
        shipped = await stack.checkout(PHYSICAL, status_id=2)
        await stack.until_state(shipped, "waiting")

    assert doc["status_action"] == "kept" and doc["status_after"] == 10
    assert (await stack.bc_order(completed))["status_id"] == 10
    assert (await stack.bc_order(shipped))["status_id"] == 2
    assert await stack.status_puts(completed) == [] and await stack.status_puts(shipped) == []


async def test_given_bigcommerce_fails_the_poll_then_an_alert_goes_out_and_the_watermark_stays(
    stack: Stack,
):
    await stack.sandbox.set_faults(STORE_A, failures=[{"path": "/v2/orders", "status": 500}])
    async with stack.replicator() as replicator:
        assert replicator.backstop is not None
        run = await replicator.backstop.poll_store(STORE_A)

    assert run.errors and run.status == "failed"
    assert await PollRuns(stack.db).watermark(STORE_A) is None
    assert any(alert["alert"] == "order_poll_failed" for alert in stack.alerts)


async def test_given_a_replicator_stopped_mid_poll_when_the_next_one_starts_then_it_polls_at_once(
    stack: Stack,
):
    await stack.sandbox.set_faults(
        STORE_A, delays=[{"path": "/v2/orders", "method": "GET", "delay_ms": 3000, "count": 1}]
    )
    lease = Lease(stack.db, f"order-poll:{STORE_A}", "observer", ttl_secs=1)
    async with stack.replicator(poll=True, order_poll_interval_minutes=1440) as first:

        async def listing() -> bool:
            return bool(await stack.sandbox.requests(STORE_A, method="GET", path="/v2/orders"))

        await wait_until(listing, timeout=15)
        held = await lease.holder()
    released = await lease.holder()
    assert await PollRuns(stack.db).last_started(STORE_A) is None  # stopped before it finished

    async with stack.replicator(poll=True, order_poll_interval_minutes=1440) as second:

        async def polled() -> bool:
            return await PollRuns(stack.db).last_started(STORE_A) is not None

        await wait_until(polled, timeout=20)

    assert held is not None and held[0] == first.owner
    assert held[1] - epoch_ms() <= POLL_LEASE_SECS * 1000  # not the 1440-minute interval
    assert released is not None and released[1] == 0  # given up on stop
    [run, *_] = [r for r in await PollRuns(stack.db).recent(10) if r.store_hash == STORE_A]
    assert run.status == "ok" and second.owner != first.owner


async def test_given_a_recent_poll_by_another_replica_when_a_replicator_starts_then_it_waits_for_the_interval(
    stack: Stack,
):
    async with stack.replicator() as other:
        assert other.backstop is not None
        await other.backstop.poll_all()
    async with stack.replicator(poll=True, order_poll_interval_minutes=15) as replicator:
        assert replicator.backstop is not None
        loop = PollLoop(replicator.backstop, 15 * 60)
        wait = await loop.poll_due()

    assert 14 * 60 < wait <= 15 * 60
    assert len(await PollRuns(stack.db).recent(10)) == 2  # one per store, by the other replica


async def test_given_orders_changing_status_while_the_poll_pages_then_the_same_poll_finds_them(
    stack: Stack,
):
    await stack.sandbox.set_faults(STORE_A, webhook_drop_rate=1.0)  # only the poll sees orders
    completed = await stack.checkout(PHYSICAL)  # 11, then 10 while the poll pages
    paid = await stack.checkout(PHYSICAL, status_id=1)  # Pending, then 11 meanwhile
    plain = await stack.checkout(PHYSICAL)
    await stack.sandbox.set_faults(
        STORE_A,
        webhook_drop_rate=1.0,
        pauses=[{"path": "/v2/orders", "method": "GET", "count": 2}],
    )
    async with stack.replicator() as replicator:
        assert replicator.backstop is not None
        replicator.backstop.page_size = 2
        polling = asyncio.ensure_future(replicator.backstop.poll_store(STORE_A))
        [first_page] = await stack.sandbox.wait_for_paused(1, STORE_A, timeout=15)
        await stack.sandbox.release_paused(first_page["seq"], STORE_A)

        async def second_page_held() -> bool:
            return any(
                call["seq"] != first_page["seq"] for call in await stack.sandbox.paused(STORE_A)
            )

        await wait_until(second_page_held, timeout=15)
        await stack.sandbox.update_order_status(completed, 10, STORE_A)
        await stack.sandbox.update_order_status(paid, 11, STORE_A)
        await stack.sandbox.release_paused(None, STORE_A)
        run = await polling
        for order_id in (completed, paid, plain):
            await stack.until_state(order_id, "replicated")

    assert (run.found, run.new, run.errors) == (3, 3, [])
    assert (await stack.bc_order(completed))["status_id"] == 10  # stored, never moved back
    assert (await stack.bc_order(paid))["status_id"] == 9
    assert (await stack.bc_order(plain))["status_id"] == 9
    listings = await stack.sandbox.requests(STORE_A, method="GET", path="/v2/orders")
    assert all(call["query"]["sort"] in ("date_modified:asc", "id:asc") for call in listings)
    assert not any("status_id" in call["query"] for call in listings)
