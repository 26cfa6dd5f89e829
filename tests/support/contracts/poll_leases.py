"""What every set of poll leases does: one poller per store, stores leased apart, renewed by the
holder only, given up at once on release (one store, or every store of ours on stop).

Subclass with a `poll_leases` fixture: a callable `(store_hashes, owner) -> poll leases`.
`storebridge_order_replicator.store.poll_leases.PollLeases` on MongoDB passes it (integration).
Expiry is the named lease's (`LeaseContract`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PollLeasesOf = Callable[[list[str], str], Any]

STORES = ["a1", "b2"]


class PollLeasesContract:
    """The behaviour suite of the poll leases."""

    async def test_given_a_store_polled_by_one_replica_then_another_is_refused_it_but_polls_the_other_store(
        self, poll_leases: PollLeasesOf
    ) -> None:
        one, two = poll_leases(STORES, "one"), poll_leases(STORES, "two")

        assert await one.acquire("a1")
        assert not await two.acquire("a1")
        assert await two.acquire("b2")
        assert not await one.acquire("b2")

    async def test_given_a_held_store_lease_then_only_its_holder_renews_it(
        self, poll_leases: PollLeasesOf
    ) -> None:
        one, two = poll_leases(STORES, "one"), poll_leases(STORES, "two")
        await one.acquire("a1")

        assert await one.renew("a1")
        assert not await two.renew("a1")

    async def test_given_a_poll_finished_when_its_lease_is_released_then_another_replica_polls_at_once(
        self, poll_leases: PollLeasesOf
    ) -> None:
        one, two = poll_leases(STORES, "one"), poll_leases(STORES, "two")
        await one.acquire("a1")
        await one.acquire("b2")

        await one.release("a1")

        assert await two.acquire("a1")
        assert not await two.acquire("b2")

    async def test_given_a_replica_stopping_when_it_releases_all_then_every_store_is_free(
        self, poll_leases: PollLeasesOf
    ) -> None:
        one, two = poll_leases(STORES, "one"), poll_leases(STORES, "two")
        await one.acquire("a1")
        await one.acquire("b2")

        await one.release_all()

        assert [await two.acquire(s) for s in STORES] == [True, True]

    async def test_given_another_replica_s_lease_when_one_releases_all_then_that_lease_stays(
        self, poll_leases: PollLeasesOf
    ) -> None:
        one, two = poll_leases(STORES, "one"), poll_leases(STORES, "two")
        await two.acquire("a1")

        await one.release_all()

        assert not await one.acquire("a1")
