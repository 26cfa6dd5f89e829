"""What every event-maintenance store does (the janitor's and the replay's port on the event
log): find and delete old processed events (by id or by `_id` range), remember where the purge
resumes, count events per state, find stuck ones, replay a store's window, tell which stores have
events (the replay's check of `--store`).

Subclass with two fixtures: `maintenance`, the store under test, and `seed`, an async callable
`(status, received_at, store_hash="abc123", legacy=False) -> EventEnvelope` that puts one event in
that state (`legacy`: with a random id, as before ids were time-ordered).
`store.event_maintenance.EventMaintenance` on MongoDB passes it (seeded through the event log,
integration), and so does `tests.support.fakes.FakeEventMaintenance` (unit).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.event_ids import END_ID, FIRST_ID, id_at
from storebridge_shared.events.lifecycle import EventStatus, PurgeState
from storebridge_shared.events.webhooks import WebhookDelivery

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
OLD = NOW - timedelta(days=30)
CUTOFF = NOW - timedelta(days=7)

RECEIVED, PUBLISHED, PROCESSED = EventStatus.RECEIVED, EventStatus.PUBLISHED, EventStatus.PROCESSED

Seed = Callable[..., Awaitable[EventEnvelope]]


def envelope(
    received_at: datetime, store_hash: str = "abc123", legacy: bool = False
) -> EventEnvelope:
    """A product update of `store_hash` received at `received_at` (its own hash each call); with
    `legacy`, a random id as events had before ids were time-ordered."""
    delivery = WebhookDelivery(
        scope="store/product/updated",
        store_id="1025646",
        data={"type": "product", "id": 205},
        hash=uuid.uuid4().hex,
        created_at=1561479233,
        producer=f"stores/{store_hash}",
    )
    made = EventEnvelope.from_delivery(delivery, received_at=received_at)
    return made.model_copy(update={"event_id": "f" + uuid.uuid4().hex[1:]}) if legacy else made


def ids(envelopes: list[EventEnvelope]) -> list[str]:
    return [e.event_id for e in envelopes]


class EventMaintenanceContract:
    """The behaviour suite of an event-maintenance store."""

    async def test_given_events_in_every_state_and_age_when_processed_ids_are_read_then_only_old_processed_ones_up_to_the_limit(
        self, maintenance: Any, seed: Seed
    ) -> None:
        old_processed = [await seed(PROCESSED, OLD + timedelta(minutes=i)) for i in range(3)]
        await seed(PROCESSED, NOW)
        await seed(PUBLISHED, OLD)
        await seed(RECEIVED, OLD)

        every = await maintenance.processed_ids(CUTOFF, limit=10)
        two = await maintenance.processed_ids(CUTOFF, limit=2)

        assert sorted(every) == sorted(ids(old_processed))
        assert len(two) == 2 and set(two) <= set(every)

    async def test_given_ids_of_processed_published_and_unknown_events_when_deleted_then_only_processed_ones_go(
        self, maintenance: Any, seed: Seed
    ) -> None:
        processed = await seed(PROCESSED, OLD)
        published = await seed(PUBLISHED, OLD)

        deleted = await maintenance.delete([processed.event_id, published.event_id, "unknown"])

        assert deleted == 1
        assert await maintenance.count_by_status() == {
            "received": 0,
            "published": 1,
            "processed": 0,
        }
        assert await maintenance.delete([processed.event_id]) == 0

    async def test_given_events_in_an_id_range_when_it_is_deleted_then_only_old_processed_ones_in_it_go(
        self, maintenance: Any, seed: Seed
    ) -> None:
        inside = [await seed(PROCESSED, OLD + timedelta(minutes=i)) for i in range(3)]
        later = await seed(PROCESSED, OLD + timedelta(hours=1))
        published = await seed(PUBLISHED, OLD + timedelta(minutes=1))
        recent = await seed(PROCESSED, NOW)

        low, high = id_at(OLD), id_at(OLD + timedelta(minutes=30))
        deleted = await maintenance.delete_range(low, high, CUTOFF)
        everything = await maintenance.delete_range(FIRST_ID, END_ID, CUTOFF)

        assert deleted == len(inside)
        assert everything == 1  # `later`; the published and the recent one stay
        assert await maintenance.count_by_status() == {
            "received": 0,
            "published": 1,
            "processed": 1,
        }
        assert all(low <= e.event_id < high for e in inside)
        assert not low <= later.event_id < high
        assert published.event_id and recent.event_id

    async def test_given_a_saved_purge_state_then_it_is_read_back_and_none_before(
        self, maintenance: Any
    ) -> None:
        before = await maintenance.purge_state()
        await maintenance.save_purge_state(PurgeState(resume_id=id_at(OLD), legacy_done=True))
        await maintenance.save_purge_state(PurgeState(resume_id=id_at(NOW), legacy_done=True))

        assert before == PurgeState(None, False)
        assert await maintenance.purge_state() == PurgeState(id_at(NOW), True)

    async def test_given_time_ordered_ids_only_then_no_legacy_ids_are_left_and_the_oldest_processed_is_known(
        self, maintenance: Any, seed: Seed
    ) -> None:
        assert await maintenance.oldest_processed() is None
        await seed(PROCESSED, OLD + timedelta(hours=1))
        await seed(PROCESSED, OLD)
        await seed(PUBLISHED, OLD - timedelta(hours=1))

        assert await maintenance.legacy_ids_left() is False
        assert await maintenance.oldest_processed() == OLD

    async def test_given_an_event_with_a_random_id_then_legacy_ids_are_left_until_it_is_deleted(
        self, maintenance: Any, seed: Seed
    ) -> None:
        legacy = await seed(PROCESSED, OLD, legacy=True)

        left_before = await maintenance.legacy_ids_left()
        deleted = await maintenance.delete(await maintenance.processed_ids(CUTOFF, limit=10))

        assert (left_before, deleted) == (True, 1)
        assert legacy.event_id.startswith("f")
        assert await maintenance.legacy_ids_left() is False

    async def test_given_no_events_then_every_state_counts_zero_and_nothing_is_unprocessed(
        self, maintenance: Any
    ) -> None:
        assert await maintenance.count_by_status() == {
            "received": 0,
            "published": 0,
            "processed": 0,
        }
        assert await maintenance.oldest_unprocessed() is None

    async def test_given_events_in_each_state_then_they_are_counted_per_state(
        self, maintenance: Any, seed: Seed
    ) -> None:
        for status, how_many in ((RECEIVED, 1), (PUBLISHED, 2), (PROCESSED, 3)):
            for _ in range(how_many):
                await seed(status, NOW)

        assert await maintenance.count_by_status() == {
            "received": 1,
            "published": 2,
            "processed": 3,
        }

    async def test_given_processed_and_unprocessed_events_then_the_oldest_unprocessed_is_the_oldest_not_processed(
        self, maintenance: Any, seed: Seed
    ) -> None:
        await seed(PROCESSED, OLD)
        await seed(RECEIVED, NOW - timedelta(hours=1))
        await seed(PUBLISHED, NOW - timedelta(hours=2))

        assert await maintenance.oldest_unprocessed() == NOW - timedelta(hours=2)

    async def test_given_only_processed_events_then_nothing_is_unprocessed(
        self, maintenance: Any, seed: Seed
    ) -> None:
        await seed(PROCESSED, OLD)

        assert await maintenance.oldest_unprocessed() is None

    async def test_given_published_events_old_and_new_then_only_old_ones_are_stuck_sampled_oldest_first(
        self, maintenance: Any, seed: Seed
    ) -> None:
        stuck = [await seed(PUBLISHED, OLD + timedelta(minutes=i)) for i in (3, 1, 2)]
        await seed(PUBLISHED, NOW)
        await seed(RECEIVED, OLD)
        await seed(PROCESSED, OLD)

        assert await maintenance.count_stuck(CUTOFF) == 3
        assert await maintenance.stuck_sample(CUTOFF, limit=2) == ids([stuck[1], stuck[2]])
        assert await maintenance.stuck_sample(CUTOFF) == ids([stuck[1], stuck[2], stuck[0]])

    async def test_given_events_of_two_stores_when_a_window_is_replayed_then_that_store_s_events_in_it_oldest_first(
        self, maintenance: Any, seed: Seed
    ) -> None:
        before = await seed(PROCESSED, NOW - timedelta(hours=3))
        second = await seed(PUBLISHED, NOW - timedelta(hours=1))
        first = await seed(PROCESSED, NOW - timedelta(hours=2))
        await seed(PROCESSED, NOW - timedelta(hours=2), store_hash="other1")
        at_until = await seed(RECEIVED, NOW)

        since = NOW - timedelta(hours=2)
        bounded = [e async for e in maintenance.window("abc123", since, NOW)]
        open_ended = [e async for e in maintenance.window("abc123", since, None)]

        assert ids(bounded) == ids([first, second])
        assert ids(open_ended) == ids([first, second, at_until])
        assert before.event_id not in ids(open_ended)

    async def test_given_events_of_two_stores_then_each_is_known_and_listed_and_no_other(
        self, maintenance: Any, seed: Seed
    ) -> None:
        assert await maintenance.stores() == []
        await seed(PROCESSED, OLD, store_hash="zed9")
        await seed(RECEIVED, NOW)
        await seed(PUBLISHED, NOW)

        assert await maintenance.has_store("abc123") and await maintenance.has_store("zed9")
        assert not await maintenance.has_store("nosuch")
        assert await maintenance.stores() == ["abc123", "zed9"]
