"""What every named lease does: one holder at a time, taken over only after its expiry, given up
at once on release. Times come from the lease's clock (epoch ms), so expiry is tested exactly.

Subclass with a `leases` fixture: a callable `(name, owner, ttl_secs, clock) -> lease`.
`store.leases.Lease` on MongoDB passes it (integration), and so does
`tests.support.fakes.FakeLeases` (unit).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

T0 = 1_700_000_000_000


class Clock:
    """A hand-moved clock in epoch milliseconds."""

    def __init__(self, now_ms: int = T0) -> None:
        self.now_ms = now_ms

    def __call__(self) -> int:
        return self.now_ms


LeaseFactory = Callable[..., Any]


def one_and_two(leases: LeaseFactory, ttl_secs: float = 30) -> tuple[Clock, Any, Any]:
    """A clock at T0 and the lease `janitor` as owners `one` and `two` see it."""
    clock = Clock()
    return (
        clock,
        leases("janitor", "one", ttl_secs, clock),
        leases("janitor", "two", ttl_secs, clock),
    )


class LeaseContract:
    """The behaviour suite of a named lease."""

    async def test_given_a_lease_never_taken_when_acquired_then_it_is_held_until_now_plus_ttl(
        self, leases: LeaseFactory
    ) -> None:
        clock = Clock()
        lease = leases("janitor", "one", 30, clock)

        assert await leases("janitor", "observer", 30, clock).holder() is None
        assert await lease.acquire()
        assert await lease.holder() == ("one", T0 + 30_000)

    async def test_given_a_held_lease_then_another_owner_is_refused_up_to_its_expiry_and_takes_it_after(
        self, leases: LeaseFactory
    ) -> None:
        clock, one, two = one_and_two(leases)
        await one.acquire()

        refused = [await two.acquire()]
        clock.now_ms = T0 + 30_000  # the expiry instant itself still belongs to the holder
        refused.append(await two.acquire())
        clock.now_ms = T0 + 30_001
        taken = await two.acquire()

        assert refused == [False, False] and taken
        assert await two.holder() == ("two", T0 + 30_001 + 30_000)

    async def test_given_a_held_lease_when_its_holder_renews_then_the_expiry_moves_on(
        self, leases: LeaseFactory
    ) -> None:
        clock, one, two = one_and_two(leases)
        await one.acquire()
        clock.now_ms = T0 + 20_000

        assert await one.renew()
        clock.now_ms = T0 + 40_000
        assert not await two.acquire()
        assert await one.holder() == ("one", T0 + 50_000)

    async def test_given_a_lease_taken_over_after_expiry_when_the_old_holder_renews_then_it_is_refused(
        self, leases: LeaseFactory
    ) -> None:
        clock, one, two = one_and_two(leases)
        await one.acquire()
        clock.now_ms = T0 + 31_000
        await two.acquire()

        assert not await one.renew()
        assert (await one.holder())[0] == "two"

    async def test_given_a_held_lease_when_released_then_another_owner_acquires_at_once(
        self, leases: LeaseFactory
    ) -> None:
        clock, one, two = one_and_two(leases, 600)
        await one.acquire()

        await one.release()

        holder = await one.holder()
        assert holder is None or holder[1] < clock.now_ms
        assert await two.acquire()

    async def test_given_a_lease_held_by_another_when_a_non_holder_releases_then_it_stays_held(
        self, leases: LeaseFactory
    ) -> None:
        _, one, two = one_and_two(leases)
        await one.acquire()

        await two.release()

        assert not await two.acquire()
        assert await one.holder() == ("one", T0 + 30_000)

    async def test_given_a_held_lease_when_released_quietly_then_it_says_nothing_went_wrong(
        self, leases: LeaseFactory
    ) -> None:
        _, one, two = one_and_two(leases)
        await one.acquire()

        assert await one.try_release() == ""
        assert await two.acquire()

    async def test_given_two_lease_names_then_each_has_its_own_holder(
        self, leases: LeaseFactory
    ) -> None:
        clock = Clock()
        await leases("order-poll:a1", "one", 30, clock).acquire()

        taken = await leases("order-poll:b2", "two", 30, clock).acquire()

        assert taken
        assert await leases("order-poll:a1", "x", 30, clock).holder() == ("one", T0 + 30_000)
        assert await leases("order-poll:b2", "x", 30, clock).holder() == ("two", T0 + 30_000)
