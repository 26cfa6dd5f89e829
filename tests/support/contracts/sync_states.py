"""What every catalog sync-state store does: one lease holder, a coalescing counter, a sweep.

Subclass with a `states` fixture: `store.sync_state.SyncStates` on MongoDB passes it
(integration), and so does `tests.support.fakes.FakeStates` (unit).
"""

from __future__ import annotations


class SyncStatesContract:
    """The behaviour suite of a sync-state store."""

    async def test_given_a_held_lease_then_a_second_owner_is_refused_until_it_expires(self, states):
        key = await states.request("a1", "product", 7, "e1")

        first = await states.acquire(key, "w1", now_ms=1_000, ttl_ms=500)
        second = await states.acquire(key, "w2", now_ms=1_200, ttl_ms=500)
        after_expiry = await states.acquire(key, "w2", now_ms=1_600, ttl_ms=500)

        assert first is not None and first.requested == 1 and first.events == ("e1",)
        assert second is None
        assert after_expiry is not None

    async def test_given_a_request_during_a_sync_then_settle_keeps_the_lease_for_another_pass(
        self, states
    ):
        key = await states.request("a1", "product", 7, "e1")
        claim = await states.acquire(key, "w1", now_ms=1_000, ttl_ms=60_000)
        await states.request("a1", "product", 7, "e2")

        assert not await states.settle(claim, "w1", {"in_sync": "yes"})
        again = await states.renew(key, "w1", now_ms=1_100, ttl_ms=60_000)
        assert again.requested == 2 and set(again.events) == {"e1", "e2"}
        assert await states.settle(again, "w1", {"in_sync": "yes"})
        doc = await states.get("a1", "product", 7)
        assert doc["state"] == "idle" and doc["synced"] == 2 and doc["events"] == []
        assert doc["owner"] == "" and doc["lease_until"] == 0

    async def test_given_a_worker_that_died_holding_a_lease_then_the_sweep_finds_it_after_expiry(
        self, states
    ):
        key = await states.request("a1", "product", 7, "e1")
        await states.acquire(key, "dead-worker", now_ms=1_000, ttl_ms=500)

        assert await states.stranded(now_ms=1_200) == []
        assert await states.stranded(now_ms=2_000) == [key]

    async def test_given_rechecks_scheduled_then_the_earliest_is_due_and_taken_once(self, states):
        key = await states.request("a1", "product", 7, "e1")
        claim = await states.acquire(key, "w1", now_ms=1_000, ttl_ms=500)
        assert await states.settle(claim, "w1", {"in_sync": "yes"})

        await states.schedule_recheck(key, 5_000)
        await states.schedule_recheck(key, 4_000)
        await states.schedule_recheck(key, 6_000)

        assert await states.due_rechecks(now_ms=3_999) == []
        assert await states.due_rechecks(now_ms=4_000) == [key]
        assert await states.take_recheck(key, 4_000, "recheck-1")
        assert not await states.take_recheck(key, 4_000, "recheck-2"), "one worker takes it"
        assert await states.due_rechecks(now_ms=9_000) == []
        doc = await states.get("a1", "product", 7)
        assert doc["state"] == "pending" and doc["requested"] == 2 and doc["rechecks"] == 1

    async def test_given_a_resource_never_synced_when_a_recheck_is_asked_from_outside_then_the_sweep_takes_and_claims_it(
        self, states
    ):
        await states.recheck_later("a1", "product", 9, 5_000)  # the backfill's uncertain write
        await states.recheck_later("a1", "product", 9, 4_000)

        assert await states.stranded(now_ms=3_000) == []  # idle: nothing to sync before it
        assert await states.due_rechecks(now_ms=3_999) == []
        [key] = await states.due_rechecks(now_ms=4_000)
        assert await states.take_recheck(key, 4_000, "recheck-1")
        claim = await states.acquire(key, "w1", now_ms=4_000, ttl_ms=500)
        assert claim is not None
        assert (claim.kind, claim.resource_id, claim.requested) == ("product", 9, 1)
