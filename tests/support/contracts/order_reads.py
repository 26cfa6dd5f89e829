"""What every read side of the replicated orders does: every state counted (zeros included),
the orders first seen latest first and no more than asked, one order of one store with its
steps, its lease and its dead letter, and None for an order never seen.

Subclass with an `order_reads` fixture (the reads), an `orders` fixture (a callable
`(clock) -> order store` that writes what is read, as in `orders.py`) and a `dead_orders`
fixture: `storebridge_shared.store.orders.OrderReads` on MongoDB, written by the order
replicator's `OrderStore` and `DeadOrders`, passes it (integration).
"""

from __future__ import annotations

from typing import Any

from storebridge_shared.records.order_states import STATES
from tests.support.contracts.leases import T0, Clock
from tests.support.contracts.orders import LEASE_MS, ORDER, Orders

ADDRESS = {"email": "buyer@example.com", "phone": "555-0100"}


async def seen(store: Any, clock: Clock, order_id: int, at_ms: int, store_hash: str = "a1") -> None:
    """Order `order_id` of `store_hash` first seen at `at_ms`, left `new` and unclaimed."""
    clock.now_ms = at_ms
    assert (await store.claim(store_hash, order_id, "t", LEASE_MS)).outcome == "claimed"
    await store.release(store_hash, order_id, "t", "", failed=False)


async def replicated(store: Any, order_id: int) -> None:
    """Order `order_id` of a1 taken through every step: stored, moved 11 -> 2, replicated."""
    assert (await store.claim("a1", order_id, "t", LEASE_MS)).outcome == "claimed"
    copy = ORDER | {"id": order_id, "billing_address": ADDRESS, "date_modified": "Tue, 1 Dec"}
    assert await store.store("a1", order_id, "t", copy, 2)
    fields = {"status_id": 2, "status": "Shipped"}
    assert await store.mark_moved(
        "a1", order_id, "t", before=11, after=2, action="moved", order_fields=fields
    )
    assert await store.mark_replicated("a1", order_id, "t")


class OrderReadsContract:
    """The behaviour suite of the orders' read side."""

    async def test_given_no_order_then_every_state_counts_zero_and_nothing_is_listed_or_found(
        self, order_reads: Any
    ) -> None:
        counts = await order_reads.count_by_state()

        assert list(counts) == list(STATES), "every state, in the order an order goes through"
        assert set(counts.values()) == {0}
        assert await order_reads.recent() == []
        assert await order_reads.get("a1", 101) is None

    async def test_given_orders_in_each_state_then_each_state_counts_its_own(
        self, order_reads: Any, orders: Orders
    ) -> None:
        clock = Clock()
        store = orders(clock)
        await seen(store, clock, 1, T0)
        await seen(store, clock, 2, T0)
        await store.claim("a1", 3, "t", LEASE_MS)
        await store.mark_waiting("a1", 3, "t", 1)
        await store.claim("a1", 4, "t", LEASE_MS)
        await store.store("a1", 4, "t", ORDER, 2)
        await replicated(store, 5)

        assert await order_reads.count_by_state() == {
            "new": 2,
            "waiting": 1,
            "stored": 1,
            "moved": 0,
            "replicated": 1,
        }

    async def test_given_orders_seen_at_different_times_then_recent_lists_the_latest_first_up_to_the_limit(
        self, order_reads: Any, orders: Orders
    ) -> None:
        clock = Clock()
        store = orders(clock)
        for order_id, at in ((10, T0 + 2_000), (11, T0), (12, T0 + 3_000), (13, T0 + 1_000)):
            await seen(store, clock, order_id, at)
        clock.now_ms = T0 + 9_000
        await store.claim("a1", 11, "t", LEASE_MS)  # seen again: first seen stays T0

        latest = await order_reads.recent(3)
        every = await order_reads.recent()

        assert [(row.order_id, row.first_seen_ms) for row in latest] == [
            (12, T0 + 3_000),
            (10, T0 + 2_000),
            (13, T0 + 1_000),
        ]
        assert [row.order_id for row in every] == [12, 10, 13, 11]

    async def test_given_a_replicated_order_then_its_row_has_the_status_last_set_and_the_step(
        self, order_reads: Any, orders: Orders
    ) -> None:
        await replicated(orders(Clock()), 101)

        [row] = await order_reads.recent()

        assert (row.store_hash, row.order_id, row.state) == ("a1", 101, "replicated")
        assert (row.bc_status_id, row.bc_status, row.target_status_id) == (2, "Shipped", 2)
        assert (row.status_action, row.last_error, row.failures) == ("moved", "", 0)

    async def test_given_a_waiting_order_with_no_copy_then_its_row_has_the_status_it_was_seen_in(
        self, order_reads: Any, orders: Orders
    ) -> None:
        store = orders(Clock())
        await store.claim("a1", 101, "t", LEASE_MS)
        await store.mark_waiting("a1", 101, "t", 7)

        [row] = await order_reads.recent()

        assert (row.state, row.bc_status_id, row.bc_status, row.target_status_id) == (
            "waiting",
            7,
            "",
            None,
        )

    async def test_given_an_order_failing_twice_then_its_row_counts_the_failures_and_shows_the_last_error(
        self, order_reads: Any, orders: Orders
    ) -> None:
        store = orders(Clock())
        for error in ("B answered 500", "B answered 502"):
            await store.claim("a1", 101, "t", LEASE_MS)
            await store.release("a1", 101, "t", error)

        [row] = await order_reads.recent()

        assert (row.state, row.failures, row.last_error) == ("new", 2, "B answered 502")

    async def test_given_a_replicated_order_then_get_gives_its_steps_status_step_and_no_lease(
        self, order_reads: Any, orders: Orders
    ) -> None:
        await replicated(orders(Clock()), 101)

        detail = await order_reads.get("a1", 101)

        assert detail is not None and detail.dead is None
        assert detail.row.state == "replicated"
        assert (detail.status_before, detail.status_after) == (11, 2)
        assert detail.bc_modified == "Tue, 1 Dec"
        steps = detail.steps
        assert None not in (steps.stored_at, steps.moved_at, steps.announced_at)
        assert steps.stored_at <= steps.moved_at <= steps.announced_at
        assert (steps.seen_at, steps.refreshed_at) == (None, None)
        assert (detail.lease_owner, detail.lease_until_ms, detail.refreshes) == ("", 0, 0)

    async def test_given_a_held_order_then_get_names_its_holder_and_lease_expiry(
        self, order_reads: Any, orders: Orders
    ) -> None:
        await orders(Clock()).claim("a1", 101, "host:1:w", LEASE_MS)

        detail = await order_reads.get("a1", 101)

        assert detail is not None
        assert (detail.lease_owner, detail.lease_until_ms) == ("host:1:w", T0 + LEASE_MS)
        assert detail.steps.stored_at is None and detail.status_before is None

    async def test_given_a_dead_lettered_order_then_get_gives_its_reason_and_every_event(
        self, order_reads: Any, orders: Orders, dead_orders: Any
    ) -> None:
        store = orders(Clock())
        await store.claim("a1", 104, "t", LEASE_MS)
        await store.release("a1", 104, "t", "422 from store A")
        await dead_orders.remember("a1", 104, "dead-1", "422 from store A: invalid")
        await dead_orders.remember("a1", 104, "dead-2", "a later reason")

        detail = await order_reads.get("a1", 104)

        assert detail is not None and detail.dead is not None
        assert detail.dead.reason == "422 from store A: invalid", "the first dead letter's reason"
        assert detail.dead.event_ids == ("dead-1", "dead-2")
        assert detail.dead.dead_at_ms > 0

    async def test_given_the_same_order_id_in_two_stores_then_get_reads_each_store_apart(
        self, order_reads: Any, orders: Orders, dead_orders: Any
    ) -> None:
        clock = Clock()
        store = orders(clock)
        await replicated(store, 101)
        await seen(store, clock, 101, T0 + 5, store_hash="b2")
        await dead_orders.remember("a1", 101, "dead-a1", "only a1's")

        in_a1, in_b2 = await order_reads.get("a1", 101), await order_reads.get("b2", 101)

        assert in_a1 is not None and in_b2 is not None
        assert (in_a1.row.state, in_b2.row.state) == ("replicated", "new")
        assert in_b2.row.first_seen_ms == T0 + 5 and in_b2.dead is None
        assert await order_reads.get("c3", 101) is None
