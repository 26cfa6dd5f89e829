"""What the event log does beyond recording (`EventRecorderContract`): publish and process
marks that only move an event forward, the relay's view of stragglers, reads by id.

Subclass with a `log` fixture: `store.event_log.EventLog` on MongoDB passes it (integration),
and so does the relay's and the janitor's fake (`tests.support.fakes.FakeEventLog`, unit). The
ingress's fake (`tests.support.fakes.FakeRecorder`) covers the recorder part only and passes
`EventRecorderContract`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from storebridge_shared.events.lifecycle import EventStatus
from tests.support.contracts.event_maintenance import envelope as received
from tests.support.contracts.event_recorder import EventRecorderContract

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


class EventLogContract(EventRecorderContract):
    """The behaviour suite of the event log (the recorder's suite included)."""

    @pytest.fixture
    def recorder(self, log: Any) -> Any:
        return log

    async def test_given_stragglers_and_published_events_then_unpublished_lists_old_stragglers_oldest_first_up_to_the_limit(
        self, log: Any
    ) -> None:
        stragglers = [received(NOW - timedelta(minutes=m)) for m in (2, 4, 3)]
        published, recent = received(NOW - timedelta(minutes=5)), received(NOW)
        for event in (*stragglers, published, recent):
            await log.record(event)
        await log.mark_published(published.event_id)

        listed = await log.unpublished(NOW - timedelta(minutes=1), limit=10)
        first_two = await log.unpublished(NOW - timedelta(minutes=1), limit=2)

        oldest_first = [stragglers[1], stragglers[2], stragglers[0]]
        assert [e.event_id for e in listed] == [e.event_id for e in oldest_first]
        assert [e.event_id for e in first_two] == [e.event_id for e in oldest_first[:2]]
        assert await log.count_unpublished(NOW - timedelta(minutes=1)) == 3

    async def test_given_a_received_event_when_marked_published_then_it_is_published_and_no_straggler(
        self, log: Any
    ) -> None:
        event = received(NOW - timedelta(minutes=5))
        await log.record(event)

        await log.mark_published(event.event_id)

        assert (await log.get(event.event_id))[1] is EventStatus.PUBLISHED
        assert await log.unpublished(NOW, limit=10) == []

    async def test_given_a_received_event_when_its_consumer_finished_then_it_is_processed_and_no_straggler(
        self, log: Any
    ) -> None:
        event = received(NOW - timedelta(minutes=5))
        await log.record(event)

        await log.mark_processed(event.event_id, "order-replicator")

        assert (await log.get(event.event_id))[1] is EventStatus.PROCESSED
        assert await log.count_unpublished(NOW) == 0

    async def test_given_a_published_event_when_published_again_then_it_stays_published(
        self, log: Any
    ) -> None:
        event = received(NOW - timedelta(minutes=5))
        await log.record(event)
        await log.mark_published(event.event_id)

        await log.mark_published(event.event_id)

        assert (await log.get(event.event_id))[1] is EventStatus.PUBLISHED

    async def test_given_an_id_never_recorded_then_get_finds_nothing_and_marks_change_nothing(
        self, log: Any
    ) -> None:
        await log.mark_published("never-recorded")
        await log.mark_processed("never-recorded", "catalog-sync")

        assert await log.get("never-recorded") is None
        assert await log.count_unpublished(NOW) == 0
