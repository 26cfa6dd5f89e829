"""What every store of replicated orders' copies does for the refresh: the order's lease shared
with the replication (one live holder, taken over once expired, given up only by its holder), a
copy replaced only while the order is replicated and its copy is still the one read (of two
racing refreshes one writes), the pending `order.updated` dropped only by its own id, and a
refresh left for the holder that a covered one clears unless a newer was left meanwhile.

Subclass with an `order_copies` fixture (the store) and an `orders` fixture (a callable
`(clock) -> order store`, as in `orders.py`, writing the orders refreshed):
`storebridge_order_replicator.store.order_copies.OrderCopies` on MongoDB passes it
(integration).
"""

from __future__ import annotations

from typing import Any

from storebridge_order_replicator.store.orders import epoch_ms
from tests.support.contracts.leases import Clock
from tests.support.contracts.order_reads import replicated
from tests.support.contracts.orders import LEASE_MS, ORDER, Orders

REFRESHED = ORDER | {"id": 101, "status_id": 10, "total_inc_tax": "30.0000"}
PENDING = {"event_id": "e-upd-1", "status_id": 10}


class OrderCopiesContract:
    """The behaviour suite of the orders' copies as the refresh keeps them."""

    async def test_given_an_order_never_seen_then_there_is_no_copy_and_no_copy_is_written(
        self, order_copies: Any
    ) -> None:
        assert await order_copies.get("a1", 101) is None
        written = await order_copies.replace(
            "a1", 101, held_s=None, order=REFRESHED, modified_s=5, pending=None
        )

        assert not written
        assert await order_copies.get("a1", 101) is None, "a refresh never creates an order"

    async def test_given_a_replicated_order_when_refreshed_then_the_copy_the_event_and_the_count_are_written(
        self, order_copies: Any, orders: Orders
    ) -> None:
        await replicated(orders(Clock()), 101)

        written = await order_copies.replace(
            "a1", 101, held_s=None, order=REFRESHED, modified_s=1_700, pending=PENDING
        )

        document = await order_copies.get("a1", 101)
        assert written
        assert document["order"] == REFRESHED and document["copy_modified_s"] == 1_700
        assert document["pending_update"] == PENDING
        assert document["refreshes"] == 1 and document["refreshed_at"] is not None
        assert document["state"] == "replicated"

    async def test_given_two_refreshes_of_one_read_then_only_the_first_writes_and_the_next_read_may(
        self, order_copies: Any, orders: Orders
    ) -> None:
        await replicated(orders(Clock()), 101)
        first = await order_copies.replace(
            "a1", 101, held_s=None, order=REFRESHED, modified_s=1_700, pending=None
        )
        stale = await order_copies.replace(
            "a1", 101, held_s=None, order=ORDER, modified_s=1_600, pending=None
        )
        reread = await order_copies.replace(
            "a1",
            101,
            held_s=1_700,
            order=REFRESHED | {"status_id": 2},
            modified_s=1_800,
            pending=None,
        )

        document = await order_copies.get("a1", 101)
        assert (first, stale, reread) == (True, False, True)
        assert document["order"]["status_id"] == 2 and document["copy_modified_s"] == 1_800
        assert document["refreshes"] == 2
        assert "pending_update" not in document

    async def test_given_an_order_not_yet_replicated_then_a_refresh_writes_nothing(
        self, order_copies: Any, orders: Orders
    ) -> None:
        store = orders(Clock())
        await store.claim("a1", 101, "t", LEASE_MS)
        await store.store("a1", 101, "t", ORDER, 9)

        written = await order_copies.replace(
            "a1", 101, held_s=None, order=REFRESHED, modified_s=1_700, pending=PENDING
        )

        document = await order_copies.get("a1", 101)
        assert not written
        assert document["order"] == ORDER and "pending_update" not in document
        assert document.get("refreshes", 0) == 0

    async def test_given_a_pending_update_then_only_its_own_event_id_drops_it(
        self, order_copies: Any, orders: Orders
    ) -> None:
        await replicated(orders(Clock()), 101)
        await order_copies.replace(
            "a1", 101, held_s=None, order=REFRESHED, modified_s=1_700, pending=PENDING
        )

        await order_copies.published("a1", 101, "another-event")
        kept = await order_copies.get("a1", 101)
        await order_copies.published("a1", 101, PENDING["event_id"])
        await order_copies.published("a1", 101, PENDING["event_id"])  # twice: nothing left

        assert kept["pending_update"] == PENDING
        document = await order_copies.get("a1", 101)
        assert "pending_update" not in document and document["order"] == REFRESHED

    async def test_given_refreshes_left_for_the_holder_then_the_latest_cause_wins_and_coupons_stay_asked(
        self, order_copies: Any, orders: Orders
    ) -> None:
        await replicated(orders(Clock()), 101)

        await order_copies.defer("a1", 101, {"event_id": "e1"}, coupons=True)
        await order_copies.defer("a1", 101, {"event_id": "e2"}, coupons=False)

        document = await order_copies.get("a1", 101)
        assert document["refresh_due"] == {"event_id": "e2"}
        assert document["refresh_coupons"] == 1

    async def test_given_a_newer_refresh_left_when_an_older_is_covered_then_the_newer_stays_until_it_is_covered(
        self, order_copies: Any, orders: Orders
    ) -> None:
        await replicated(orders(Clock()), 101)
        await order_copies.defer("a1", 101, {"event_id": "e1"}, coupons=True)
        await order_copies.defer("a1", 101, {"event_id": "e2"}, coupons=False)

        await order_copies.undefer("a1", 101, "e1")
        still = await order_copies.get("a1", 101)
        await order_copies.undefer("a1", 101, "e2")

        assert still["refresh_due"] == {"event_id": "e2"} and still["refresh_coupons"] == 1
        document = await order_copies.get("a1", 101)
        assert "refresh_due" not in document and "refresh_coupons" not in document

    async def test_given_a_held_lease_then_another_owner_is_refused_until_its_holder_gives_it_up(
        self, order_copies: Any
    ) -> None:
        assert await order_copies.lease("a1", 101, "refresh-1", LEASE_MS)

        refused = await order_copies.lease("a1", 101, "refresh-2", LEASE_MS)
        await order_copies.unlease("a1", 101, "refresh-2")  # not the holder: nothing changes
        still_refused = await order_copies.lease("a1", 101, "refresh-2", LEASE_MS)
        await order_copies.unlease("a1", 101, "refresh-1")
        taken = await order_copies.lease("a1", 101, "refresh-2", LEASE_MS)

        assert (refused, still_refused, taken) == (False, False, True)
        assert await order_copies.lease("a1", 102, "refresh-1", LEASE_MS), "one lease per order"

    async def test_given_an_expired_lease_then_another_owner_takes_it_over(
        self, order_copies: Any
    ) -> None:
        assert await order_copies.lease("a1", 101, "refresh-1", lease_ms=-60_000)  # expired

        assert await order_copies.lease("a1", 101, "refresh-2", LEASE_MS)
        assert not await order_copies.lease("a1", 101, "refresh-1", LEASE_MS)

    async def test_given_an_order_held_by_its_replication_then_a_refresh_cannot_lease_it_until_released(
        self, order_copies: Any, orders: Orders
    ) -> None:
        store = orders(epoch_ms)
        assert (await store.claim("a1", 101, "replication", LEASE_MS)).outcome == "claimed"

        refused = await order_copies.lease("a1", 101, "refresh-1", LEASE_MS)
        await store.release("a1", 101, "replication", "cut off", failed=False)
        taken = await order_copies.lease("a1", 101, "refresh-1", LEASE_MS)

        assert (refused, taken) == (False, True)
        assert (await store.claim("a1", 101, "replication", LEASE_MS)).outcome == "busy"
