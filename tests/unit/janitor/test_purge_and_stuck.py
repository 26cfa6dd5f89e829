"""Purge batches and stops when the lease is lost; stuck events alert on news only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storebridge_janitor.purge import purge_processed
from storebridge_janitor.stuck import StuckReporter
from storebridge_shared.events.lifecycle import EventStatus
from tests.support.contracts.event_maintenance import envelope
from tests.support.fakes import FakeEventMaintenance

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


class PurgeStore(FakeEventMaintenance):
    """The shared fake, holding `processed` old processed events, noting each delete's size."""

    def __init__(self, processed: int) -> None:
        super().__init__()
        for _ in range(processed):
            self.add(envelope(NOW - timedelta(days=30)), EventStatus.PROCESSED)
        self.batches: list[int] = []

    async def delete(self, event_ids):
        self.batches.append(len(event_ids))
        return await super().delete(event_ids)


async def keep() -> bool:
    return True


async def test_given_more_events_than_a_batch_when_purged_then_bounded_batches_until_done():
    store = PurgeStore(25)

    deleted = await purge_processed(
        store, received_before=NOW, batch_size=10, pause_secs=0, keep_going=keep
    )

    assert deleted == 25 and store.batches == [10, 10, 5]


async def test_given_exactly_full_batches_when_purged_then_it_stops_on_the_empty_read():
    store = PurgeStore(20)

    assert (
        await purge_processed(
            store, received_before=NOW, batch_size=10, pause_secs=0, keep_going=keep
        )
        == 20
    )
    assert store.batches == [10, 10]


async def test_given_the_lease_lost_when_purging_then_no_further_batch_runs():
    store = PurgeStore(25)
    answers = iter([True, False])

    async def lease() -> bool:
        return next(answers)

    deleted = await purge_processed(
        store, received_before=NOW, batch_size=10, pause_secs=0, keep_going=lease
    )

    assert deleted == 20 and len(await store.processed_ids(NOW, limit=100)) == 5


class Stuck(FakeEventMaintenance):
    """The shared fake, noting the cut-off of each count; `stick(n)` adds n stuck events."""

    def __init__(self) -> None:
        super().__init__()
        self.cutoffs: list[datetime] = []

    def stick(self, how_many: int) -> None:
        for _ in range(how_many):
            self.add(envelope(NOW - timedelta(hours=2)), EventStatus.PUBLISHED)

    def process_all(self) -> None:
        for event, _ in list(self.events.values()):
            self.add(event, EventStatus.PROCESSED)

    async def count_stuck(self, received_before):
        self.cutoffs.append(received_before)
        return await super().count_stuck(received_before)


class Alerts:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def alert(self, kind, message, **context):
        self.sent.append((kind, message))


async def test_given_a_standing_backlog_when_checked_each_minute_then_it_alerts_on_growth_and_after_the_realert_period():
    events, alerts = Stuck(), Alerts()
    reporter = StuckReporter(
        events, alerts, threshold=timedelta(minutes=60), realert_after=timedelta(hours=6)
    )

    events.stick(3)
    assert await reporter.check(NOW) == 3
    await reporter.check(NOW + timedelta(minutes=1))
    events.stick(2)
    await reporter.check(NOW + timedelta(minutes=2))
    await reporter.check(NOW + timedelta(hours=7))
    events.process_all()
    await reporter.check(NOW + timedelta(hours=8))
    events.stick(1)
    await reporter.check(NOW + timedelta(hours=9))

    assert [m for _, m in alerts.sent] == [
        "3 published event(s) not processed after 60 minutes",
        "5 published event(s) not processed after 60 minutes",
        "5 published event(s) not processed after 60 minutes",
        "1 published event(s) not processed after 60 minutes",
    ]
    assert events.cutoffs[0] == NOW - timedelta(minutes=60)
