"""Purge batches and stops when the lease is lost; stuck events alert on news only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storebridge_janitor.purge import purge_processed
from storebridge_janitor.stuck import StuckReporter

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


class FakePurgeStore:
    def __init__(self, ids: int) -> None:
        self.ids = [str(i) for i in range(ids)]
        self.batches: list[int] = []

    async def processed_ids(self, received_before, limit):
        return self.ids[:limit]

    async def delete(self, event_ids):
        self.batches.append(len(event_ids))
        self.ids = [i for i in self.ids if i not in event_ids]
        return len(event_ids)


async def keep() -> bool:
    return True


async def test_given_more_events_than_a_batch_when_purged_then_bounded_batches_until_done():
    store = FakePurgeStore(25)

    deleted = await purge_processed(
        store, received_before=NOW, batch_size=10, pause_secs=0, keep_going=keep
    )

    assert deleted == 25 and store.batches == [10, 10, 5]


async def test_given_exactly_full_batches_when_purged_then_it_stops_on_the_empty_read():
    store = FakePurgeStore(20)

    assert (
        await purge_processed(
            store, received_before=NOW, batch_size=10, pause_secs=0, keep_going=keep
        )
        == 20
    )
    assert store.batches == [10, 10]


async def test_given_the_lease_lost_when_purging_then_no_further_batch_runs():
    store = FakePurgeStore(25)
    answers = iter([True, False])

    async def lease() -> bool:
        return next(answers)

    deleted = await purge_processed(
        store, received_before=NOW, batch_size=10, pause_secs=0, keep_going=lease
    )

    assert deleted == 20 and len(store.ids) == 5


class FakeStuck:
    def __init__(self) -> None:
        self.count = 0
        self.cutoffs: list[datetime] = []

    async def count_stuck(self, received_before):
        self.cutoffs.append(received_before)
        return self.count

    async def stuck_sample(self, received_before, limit=5):
        return ["e1"]


class Alerts:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def alert(self, kind, message, **context):
        self.sent.append((kind, message))


async def test_given_a_standing_backlog_when_checked_each_minute_then_it_alerts_on_growth_and_after_the_realert_period():
    events, alerts = FakeStuck(), Alerts()
    reporter = StuckReporter(
        events, alerts, threshold=timedelta(minutes=60), realert_after=timedelta(hours=6)
    )

    events.count = 3
    assert await reporter.check(NOW) == 3
    await reporter.check(NOW + timedelta(minutes=1))
    events.count = 5
    await reporter.check(NOW + timedelta(minutes=2))
    await reporter.check(NOW + timedelta(hours=7))
    events.count = 0
    await reporter.check(NOW + timedelta(hours=8))
    events.count = 1
    await reporter.check(NOW + timedelta(hours=9))

    assert [m for _, m in alerts.sent] == [
        "3 published event(s) not processed after 60 minutes",
        "5 published event(s) not processed after 60 minutes",
        "5 published event(s) not processed after 60 minutes",
        "1 published event(s) not processed after 60 minutes",
    ]
    assert events.cutoffs[0] == NOW - timedelta(minutes=60)
