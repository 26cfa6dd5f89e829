"""What every dead-order store does: an order remembered once per dead-lettering (the first dead
letter alerts), forgotten only when one of its own dead letters comes back, listed per store.

Subclass with a `dead_orders` fixture: `storebridge_order_replicator.store.dead_orders.DeadOrders`
on MongoDB passes it (integration).
"""

from __future__ import annotations

import asyncio
from typing import Any


class DeadOrdersContract:
    """The behaviour suite of a dead-order store."""

    async def test_given_an_order_dead_lettered_twice_then_only_the_first_is_new(
        self, dead_orders: Any
    ) -> None:
        first = await dead_orders.remember("a1", 101, "e1", "status update failed 5 times")
        second = await dead_orders.remember("a1", 101, "e2", "status update failed 5 times")

        assert (first, second) == (True, False)
        assert await dead_orders.count() == 1
        assert await dead_orders.among("a1", [101]) == {101}

    async def test_given_racing_dead_letters_of_one_order_then_exactly_one_is_new(
        self, dead_orders: Any
    ) -> None:
        firsts = await asyncio.gather(
            *(dead_orders.remember("a1", 101, f"e{i}", "failed") for i in range(4))
        )

        assert sorted(firsts) == [False, False, False, True]
        assert await dead_orders.count() == 1

    async def test_given_a_dead_order_when_one_of_its_dead_letters_comes_back_then_it_is_forgotten(
        self, dead_orders: Any
    ) -> None:
        await dead_orders.remember("a1", 101, "e1", "failed")
        await dead_orders.remember("a1", 101, "e2", "failed")

        forgotten = await dead_orders.forget_if_requeued("a1", 101, "e2")

        assert forgotten
        assert await dead_orders.among("a1", [101]) == set()
        assert await dead_orders.count() == 0
        assert await dead_orders.remember("a1", 101, "e3", "failed again")

    async def test_given_a_dead_order_when_an_other_message_of_it_comes_then_it_stays_dead(
        self, dead_orders: Any
    ) -> None:
        await dead_orders.remember("a1", 101, "e1", "failed")

        forgotten = [
            await dead_orders.forget_if_requeued("a1", 101, "e-webhook"),
            await dead_orders.forget_if_requeued("b2", 101, "e1"),
            await dead_orders.forget_if_requeued("a1", 999, "e1"),
        ]

        assert forgotten == [False, False, False]
        assert await dead_orders.among("a1", [101]) == {101}

    async def test_given_dead_orders_of_two_stores_then_among_lists_only_that_store_s(
        self, dead_orders: Any
    ) -> None:
        await dead_orders.remember("a1", 101, "e1", "failed")
        await dead_orders.remember("a1", 103, "e2", "failed")
        await dead_orders.remember("b2", 102, "e3", "failed")

        assert await dead_orders.among("a1", [101, 102, 103, 104]) == {101, 103}
        assert await dead_orders.among("b2", [101, 102]) == {102}
        assert await dead_orders.among("a1", []) == set()
        assert await dead_orders.count() == 3
