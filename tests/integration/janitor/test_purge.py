"""The janitor purges processed events past retention, one range of ids at a time, and nothing
else; on MongoDB (or the stand-in)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storebridge_janitor.purge import Pacing, purge_processed
from storebridge_shared.events.envelope import utcnow
from storebridge_shared.events.lifecycle import EventStatus
from storebridge_shared.store.event_log import EventLog
from storebridge_shared.store.event_maintenance import EventMaintenance
from tests.integration.janitor.conftest import envelope

pytestmark = pytest.mark.integration


class CountingStore(EventMaintenance):
    """The real store, counting what each range delete took."""

    batches: list[int]

    async def delete_range(self, low, high, received_before) -> int:
        deleted = await super().delete_range(low, high, received_before)
        self.batches.append(deleted)
        return deleted


async def record(event_log: EventLog, *, age: timedelta, processed: bool, published: bool = True):
    event = envelope(age=age)
    await event_log.record(event)
    if published:
        await event_log.mark_published(event.event_id)
    if processed:
        await event_log.mark_processed(event.event_id, "order-replicator")
    return event.event_id


async def test_given_old_and_recent_events_in_every_state_when_purged_then_only_old_processed_ones_go_in_batches(
    db,
):
    event_log = EventLog(db)
    old_processed = [
        await record(event_log, age=timedelta(days=8, seconds=n), processed=True) for n in range(7)
    ]
    old_published = await record(event_log, age=timedelta(days=8), processed=False)
    old_received = await record(event_log, age=timedelta(days=9), processed=False, published=False)
    recent_processed = await record(event_log, age=timedelta(hours=1), processed=True)
    store = CountingStore(db)
    store.batches = []

    deleted = await purge_processed(
        store,
        received_before=utcnow() - timedelta(days=7),
        pacing=Pacing(batch_size=3, duty_cycle=1.0),
        keep_going=_always,
    )

    assert deleted == 7
    assert sum(store.batches) == 7 and max(store.batches) <= 3 * 2 * 2
    for event_id in old_processed:
        assert await event_log.get(event_id) is None
    assert (await event_log.get(old_published))[1] is EventStatus.PUBLISHED
    assert (await event_log.get(old_received))[1] is EventStatus.RECEIVED
    assert (await event_log.get(recent_processed))[1] is EventStatus.PROCESSED
    await event_log.close()


async def test_given_the_lease_is_lost_between_batches_when_purging_then_it_stops(db):
    event_log = EventLog(db)
    for n in range(5):
        await record(event_log, age=timedelta(days=8, seconds=n), processed=True)
    store = CountingStore(db)
    store.batches = []

    async def lost() -> bool:
        return False

    deleted = await purge_processed(
        store,
        received_before=utcnow(),
        pacing=Pacing(batch_size=2, duty_cycle=1.0),
        keep_going=lost,
    )

    assert len(store.batches) == 1 and deleted == store.batches[0] < 5
    counts = await store.count_by_status()
    assert counts == {"received": 0, "published": 0, "processed": 5 - deleted}
    await event_log.close()


async def _always() -> bool:
    return True
