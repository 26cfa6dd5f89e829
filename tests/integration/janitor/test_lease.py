"""Exactly one janitor acts at a time: a lease in MongoDB with an epoch-ms expiry."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from storebridge_janitor.app import open_janitor
from storebridge_shared.store.event_log import EventLog
from storebridge_shared.store.leases import Lease
from tests.integration.janitor.conftest import FAST, envelope

pytestmark = pytest.mark.integration


async def test_given_two_janitors_when_both_run_passes_at_once_then_only_one_holds_the_lease_and_purges(
    db, janitor_settings, declared_topology
):
    event_log = EventLog(db)
    for _ in range(4):
        event = envelope(age=timedelta(days=30))
        await event_log.record(event)
        await event_log.mark_processed(event.event_id, "order-replicator")
    settings = janitor_settings()

    async with (
        open_janitor(settings, config=FAST, owner="janitor-one") as one,
        open_janitor(settings, config=FAST, owner="janitor-two") as two,
    ):
        for _ in range(3):
            reports = await asyncio.gather(one.janitor.run_pass(), two.janitor.run_pass())
            assert sorted(r.leader for r in reports) == [False, True]
            assert [r.purged for r in reports if not r.leader] == [None]
        holder = await Lease(db, "janitor", "observer", ttl_secs=1).holder()
        assert holder is not None and holder[0] in {"janitor-one", "janitor-two"}

    assert await event_log.get(event.event_id) is None
    await event_log.close()


async def test_given_a_lease_held_by_a_dead_janitor_when_it_expires_then_another_takes_over(db):
    now = [1_000_000]
    dead = Lease(db, "janitor", "dead", ttl_secs=30, clock=lambda: now[0])
    alive = Lease(db, "janitor", "alive", ttl_secs=30, clock=lambda: now[0])

    assert await dead.acquire()
    assert not await alive.acquire()
    now[0] += 29_000
    assert not await alive.acquire()
    now[0] += 2_000
    assert await alive.acquire()
    assert not await dead.renew()
    assert await Lease(db, "janitor", "x", ttl_secs=1).holder() == ("alive", now[0] + 30_000)


async def test_given_a_janitor_that_stops_when_it_releases_then_the_other_acquires_at_once(db):
    first = Lease(db, "janitor", "first", ttl_secs=600)
    second = Lease(db, "janitor", "second", ttl_secs=600)
    assert await first.acquire()
    assert not await second.acquire()

    await first.release()

    assert await second.acquire()


async def test_given_mongodb_gone_when_the_lease_is_released_then_why_is_returned_not_raised(db):
    from storebridge_shared.store.client import make_client
    from storebridge_shared.testing.mongodb import free_port

    lease = Lease(db, "janitor", "me", ttl_secs=30)
    assert await lease.acquire()
    assert await lease.try_release() == ""

    gone = make_client(f"mongodb://127.0.0.1:{free_port()}/?directConnection=true", timeout_ms=200)
    try:
        reason = await Lease(gone["x"], "janitor", "me", ttl_secs=30).try_release()
    finally:
        await gone.close()
    assert reason != ""
