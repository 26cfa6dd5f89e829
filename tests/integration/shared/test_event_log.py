"""The event log stores each BigCommerce event once and tracks its life."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from storebridge_shared.events.envelope import EventEnvelope, utcnow
from storebridge_shared.events.lifecycle import EventStatus
from storebridge_shared.events.storable import UnstorableEvent
from storebridge_shared.events.webhooks import WebhookDelivery
from storebridge_shared.store.event_log import EventLog
from tests.support.contracts.event_log import EventLogContract

pytestmark = __import__("pytest").mark.integration


def delivery(
    bc_hash: str = "a" * 40, store: str = "abc123", resource_id: int = 205
) -> WebhookDelivery:
    return WebhookDelivery(
        scope="store/product/updated",
        store_id="1025646",
        data={"type": "product", "id": resource_id},
        hash=bc_hash,
        created_at=1561479233,
        producer=f"stores/{store}",
    )


async def test_given_a_new_event_when_recorded_then_it_is_stored_as_received(db):
    log = EventLog(db)
    envelope = EventEnvelope.from_delivery(delivery())

    recorded = await log.record(envelope)

    assert not recorded.duplicate
    stored = await log.get(envelope.event_id)
    assert stored == (envelope, EventStatus.RECEIVED)


async def test_given_a_stored_event_when_the_same_hash_arrives_again_then_the_first_is_returned(db):
    log = EventLog(db)
    first = EventEnvelope.from_delivery(delivery())
    await log.record(first)

    again = await log.record(EventEnvelope.from_delivery(delivery()))

    assert again.duplicate
    assert again.event.event_id == first.event_id
    assert await db.events.count_documents({}) == 1


async def test_given_the_same_hash_from_two_stores_when_recorded_then_both_are_kept(db):
    log = EventLog(db)
    await log.record(EventEnvelope.from_delivery(delivery(store="abc123")))
    other = await log.record(EventEnvelope.from_delivery(delivery(store="def456")))
    assert not other.duplicate


async def test_given_many_concurrent_deliveries_with_repeats_then_each_hash_is_stored_once(db):
    log = EventLog(db)
    envelopes = [
        EventEnvelope.from_delivery(delivery(bc_hash=f"{i % 50:040d}")) for i in range(300)
    ]

    outcomes = await asyncio.gather(*(log.record(e) for e in envelopes))

    assert sum(not o.duplicate for o in outcomes) == 50
    assert await db.events.count_documents({}) == 50


async def test_given_received_events_when_marked_published_then_only_stragglers_remain(db):
    log = EventLog(db)
    published, straggler = (EventEnvelope.from_delivery(delivery(bc_hash=h * 40)) for h in "ab")
    await log.record(published)
    await log.record(straggler)

    await log.mark_published(published.event_id)

    left = await log.unpublished(utcnow() + timedelta(seconds=1), limit=10)
    assert [e.event_id for e in left] == [straggler.event_id]
    assert await log.count_unpublished(utcnow() + timedelta(seconds=1)) == 1


async def test_given_an_event_received_now_when_counting_older_stragglers_then_it_is_not_one(db):
    log = EventLog(db)
    await log.record(EventEnvelope.from_delivery(delivery()))

    assert await log.count_unpublished(utcnow() - timedelta(seconds=4)) == 0
    assert await log.count_unpublished(utcnow() + timedelta(seconds=1)) == 1


async def test_given_a_processed_event_when_marked_published_late_then_it_stays_processed(db):
    log = EventLog(db)
    envelope = EventEnvelope.from_delivery(delivery())
    await log.record(envelope)
    await log.mark_processed(envelope.event_id, "catalog-sync")

    await log.mark_published(envelope.event_id)

    assert (await log.get(envelope.event_id))[1] is EventStatus.PROCESSED


async def _twenty_confirmed_and_marked_soon(db) -> EventLog:
    log = EventLog(db)
    envelopes = [EventEnvelope.from_delivery(delivery(bc_hash=f"{i:040d}")) for i in range(20)]
    for envelope in envelopes:
        await log.record(envelope)
    for envelope in envelopes:
        log.mark_published_soon(envelope.event_id)
    return log


async def test_given_confirms_marked_soon_when_the_log_closes_then_every_mark_is_written(db):
    log = await _twenty_confirmed_and_marked_soon(db)

    await log.close()

    assert await db.events.count_documents({"status": "published"}) == 20


async def test_given_confirms_marked_soon_when_the_marks_are_settled_then_none_is_still_unpublished(
    db,
):
    log = await _twenty_confirmed_and_marked_soon(db)

    await log.settle_marks()

    assert await db.events.count_documents({"status": "published"}) == 20
    await log.close()


async def test_given_a_product_and_a_category_with_the_same_id_when_one_is_processed_then_the_other_is_not(
    db,
):
    log = EventLog(db)
    product = EventEnvelope.from_delivery(delivery(bc_hash="p" * 40, resource_id=23))
    category = EventEnvelope.from_delivery(
        WebhookDelivery(
            scope="store/category/updated",
            store_id="1",
            data={"type": "category", "id": 23},
            hash="c" * 40,
            created_at=1,
            producer="stores/abc123",
        )
    )
    await log.record(product)
    await log.record(category)

    await log.mark_processed(product.event_id, "catalog-sync")

    assert (await log.get(product.event_id))[1] is EventStatus.PROCESSED
    assert (await log.get(category.event_id))[1] is EventStatus.RECEIVED


async def test_given_a_batch_with_a_document_mongodb_cannot_encode_then_only_that_caller_fails_as_unstorable(
    db,
):
    log = EventLog(db)
    good = EventEnvelope.from_delivery(delivery("b" * 40))
    bad = EventEnvelope.from_delivery(delivery("c" * 40)).model_copy(
        update={"payload": {"key\x00with nul": 1}}  # past the door's checks, as a future bug might
    )

    results = await asyncio.gather(log.record(good), log.record(bad), return_exceptions=True)

    assert not results[0].duplicate
    assert isinstance(results[1], UnstorableEvent)
    assert [d["_id"] async for d in db.events.find({})] == [good.event_id]


async def test_given_an_unstorable_event_when_recorded_alone_then_it_raises_and_nothing_is_stored(
    db,
):
    log = EventLog(db)
    bad = EventEnvelope.from_delivery(delivery()).model_copy(update={"payload": {"n": 2**64}})

    with pytest.raises(UnstorableEvent):
        await log.record(bad)
    assert await db.events.count_documents({}) == 0


class TestMongoEventLog(EventLogContract):
    @pytest.fixture
    async def log(self, db):
        log = EventLog(db)
        yield log
        await log.close()
