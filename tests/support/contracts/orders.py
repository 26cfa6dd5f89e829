"""What every order store does: one document per (store, order id), one lease holder per order,
steps that apply only for the holder and only forward (new/waiting -> stored -> moved ->
replicated), a failure that keeps the state and counts, one status update per order.

Subclass with an `orders` fixture: a callable `(clock) -> order store` (stores made from one
fixture share their orders; `clock` gives epoch ms). `storebridge_order_replicator.store.orders.
OrderStore` on MongoDB passes it (integration).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from tests.support.contracts.leases import T0, Clock

Orders = Callable[[Clock], Any]

LEASE_MS = 30_000
ORDER = {"id": 101, "status_id": 11, "total_inc_tax": "25.0000", "coupons": []}


async def claimed(orders: Orders, owner: str = "one", order_id: int = 101) -> tuple[Any, Clock]:
    """An order store at T0 in which `owner` holds order `order_id` of store a1."""
    clock = Clock()
    store = orders(clock)
    claim = await store.claim("a1", order_id, owner, LEASE_MS)
    assert claim.outcome == "claimed"
    return store, clock


class OrderStoreContract:
    """The behaviour suite of an order store."""

    async def test_given_an_unseen_order_when_claimed_then_it_is_created_new_and_held(
        self, orders: Orders
    ) -> None:
        store = orders(Clock())
        assert await store.get("a1", 101) is None

        claim = await store.claim("a1", 101, "one", LEASE_MS)

        assert (claim.outcome, claim.state) == ("claimed", "new")
        assert claim.document["lease_owner"] == "one"
        assert claim.document["lease_until_ms"] == T0 + LEASE_MS
        document = await store.get("a1", 101)
        assert (document["store_hash"], document["order_id"], document["state"]) == (
            "a1",
            101,
            "new",
        )
        assert document["first_seen_ms"] == T0

    async def test_given_a_held_order_then_another_owner_is_busy_up_to_the_lease_expiry_and_claims_it_after(
        self, orders: Orders
    ) -> None:
        store, clock = await claimed(orders, "one")

        busy = [(await store.claim("a1", 101, "two", LEASE_MS)).outcome]
        clock.now_ms = T0 + LEASE_MS
        busy.append((await store.claim("a1", 101, "two", LEASE_MS)).outcome)
        clock.now_ms = T0 + LEASE_MS + 1
        after = await store.claim("a1", 101, "two", LEASE_MS)

        assert busy == ["busy", "busy"]
        assert (after.outcome, after.document["lease_owner"]) == ("claimed", "two")
        assert not await store.store("a1", 101, "one", ORDER, 9)

    async def test_given_two_owners_claiming_one_order_at_once_then_exactly_one_holds_it(
        self, orders: Orders
    ) -> None:
        clock = Clock()
        first, second = orders(clock), orders(clock)

        outcomes = await asyncio.gather(
            first.claim("a1", 101, "one", LEASE_MS), second.claim("a1", 101, "two", LEASE_MS)
        )

        assert sorted(c.outcome for c in outcomes) == ["busy", "claimed"]

    async def test_given_a_held_order_when_it_goes_through_every_step_then_it_ends_replicated_and_done(
        self, orders: Orders
    ) -> None:
        store, _ = await claimed(orders)

        stored = await store.store("a1", 101, "one", ORDER, 9)
        moved = await store.mark_moved(
            "a1", 101, "one", before=11, after=9, action="moved", order_fields={"status_id": 9}
        )
        replicated = await store.mark_replicated("a1", 101, "one")

        assert (stored, moved, replicated) == (True, True, True)
        document = await store.get("a1", 101)
        assert document["state"] == "replicated" and document["target_status_id"] == 9
        assert document["order"] == {**ORDER, "status_id": 9}
        assert (document["status_before"], document["status_after"]) == (11, 9)
        assert document["status_action"] == "moved"
        assert (await store.claim("a1", 101, "two", LEASE_MS)).outcome == "done"

    async def test_given_a_held_order_then_a_step_of_another_owner_changes_nothing(
        self, orders: Orders
    ) -> None:
        store, _ = await claimed(orders, "one")

        attempts = [
            await store.store("a1", 101, "two", ORDER, 9),
            await store.mark_waiting("a1", 101, "two", 1),
            await store.release("a1", 101, "two", "not mine"),
        ]

        assert attempts == [False, False, 0]
        document = await store.get("a1", 101)
        assert (document["state"], document["lease_owner"]) == ("new", "one")
        assert (await store.claim("a1", 101, "two", LEASE_MS)).outcome == "busy"

    async def test_given_a_lease_given_up_then_a_later_step_of_its_former_holder_changes_nothing(
        self, orders: Orders
    ) -> None:
        store, _ = await claimed(orders, "one")
        assert await store.release("a1", 101, "one", "boom") == 1
        waiting, _ = await claimed(orders, "one", order_id=102)
        assert await waiting.mark_waiting("a1", 102, "one", 1)

        late = [
            await store.store("a1", 101, "one", ORDER, 9),
            await waiting.store("a1", 102, "one", ORDER, 9),
        ]

        assert late == [False, False]
        assert (await store.get("a1", 101))["state"] == "new"
        assert (await waiting.get("a1", 102))["state"] == "waiting"

    async def test_given_an_order_at_one_state_then_only_the_next_step_applies(
        self, orders: Orders
    ) -> None:
        store, _ = await claimed(orders)

        early = [
            await store.mark_moved("a1", 101, "one", before=11, after=9, action="moved"),
            await store.mark_replicated("a1", 101, "one"),
        ]
        store_state = (await store.get("a1", 101))["state"]
        again, _ = await claimed(orders, "one", order_id=102)
        await again.store("a1", 102, "one", ORDER, 9)
        await again.mark_moved("a1", 102, "one", before=11, after=9, action="kept")
        late = [
            await again.store("a1", 102, "one", ORDER, 9),
            await again.mark_waiting("a1", 102, "one", 1),
        ]

        assert early == [False, False] and store_state == "new"
        assert late == [False, False] and (await again.get("a1", 102))["state"] == "moved"

    async def test_given_an_order_in_a_status_not_taken_when_marked_waiting_then_it_is_free_and_may_be_stored_later(
        self, orders: Orders
    ) -> None:
        store, _ = await claimed(orders, "one")

        waiting = await store.mark_waiting("a1", 101, "one", 1)

        assert waiting
        document = await store.get("a1", 101)
        assert (document["state"], document["seen_status_id"]) == ("waiting", 1)
        later = await store.claim("a1", 101, "two", LEASE_MS)
        assert (later.outcome, later.state) == ("claimed", "waiting")
        assert await store.store("a1", 101, "two", ORDER, 9)

    async def test_given_a_failure_when_the_holder_releases_then_state_and_error_stay_failures_count_and_the_order_is_free(
        self, orders: Orders
    ) -> None:
        store, _ = await claimed(orders, "one")
        await store.store("a1", 101, "one", ORDER, 9)

        first = await store.release("a1", 101, "one", "B answered 500")
        retry = await store.claim("a1", 101, "two", LEASE_MS)
        second = await store.release("a1", 101, "two", "B answered 502")

        assert (first, second) == (1, 2)
        assert (retry.outcome, retry.state) == ("claimed", "stored")
        assert "order" not in retry.document
        document = await store.get("a1", 101)
        assert (document["state"], document["last_error"]) == ("stored", "B answered 502")
        assert document["order"] == ORDER

    async def test_given_a_status_update_reserved_then_another_owner_waits_for_its_expiry_or_release(
        self, orders: Orders
    ) -> None:
        clock = Clock()
        store = orders(clock)

        first = await store.reserve_status_update("a1", 101, "one", 9, LEASE_MS)
        again = await store.reserve_status_update("a1", 101, "one", 9, LEASE_MS)
        refused = await store.reserve_status_update("a1", 101, "two", 9, LEASE_MS)
        await store.release_status_update("a1", 101, "two")
        still_refused = await store.reserve_status_update("a1", 101, "two", 9, LEASE_MS)
        await store.release_status_update("a1", 101, "one")
        after_release = await store.reserve_status_update("a1", 101, "two", 9, LEASE_MS)
        clock.now_ms = T0 + 2 * LEASE_MS
        after_expiry = await store.reserve_status_update("a1", 101, "three", 9, LEASE_MS)

        assert (first, again, refused, still_refused) == (True, True, False, False)
        assert (after_release, after_expiry) == (True, True)

    async def test_given_two_owners_reserving_one_status_update_at_once_then_exactly_one_gets_it(
        self, orders: Orders
    ) -> None:
        clock = Clock()
        first, second = orders(clock), orders(clock)

        reserved = await asyncio.gather(
            first.reserve_status_update("a1", 101, "one", 9, LEASE_MS),
            second.reserve_status_update("a1", 101, "two", 9, LEASE_MS),
        )

        assert sorted(reserved) == [False, True]

    async def test_given_orders_in_several_states_then_states_and_counts_list_them(
        self, orders: Orders
    ) -> None:
        store, _ = await claimed(orders, order_id=101)
        await store.claim("a1", 102, "one", LEASE_MS)
        await store.mark_waiting("a1", 102, "one", 1)
        await store.claim("b2", 101, "one", LEASE_MS)
        await store.store("b2", 101, "one", ORDER, 9)

        assert await store.states("a1", [101, 102, 103]) == {101: "new", 102: "waiting"}
        assert await store.states("b2", [101, 102]) == {101: "stored"}
        assert await store.count_by_state() == {
            "new": 1,
            "waiting": 1,
            "stored": 1,
            "moved": 0,
            "replicated": 0,
        }
