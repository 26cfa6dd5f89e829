"""The purge deletes ranges of event ids near the batch size, paced by a duty cycle, resumes where
it ended, handles random (old) ids, stops when the lease is lost; stuck events alert on news
only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storebridge_janitor import purge
from storebridge_janitor.purge import MAX_WIDTH, Pacing, purge_processed
from storebridge_janitor.stuck import StuckReporter
from storebridge_shared.events.event_ids import id_at
from storebridge_shared.events.lifecycle import EventStatus
from tests.support.contracts.event_maintenance import envelope
from tests.support.fakes import FakeAlerts, FakeEventMaintenance

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
OLD = NOW - timedelta(days=30)
CUTOFF = NOW - timedelta(days=7)


class PurgeStore(FakeEventMaintenance):
    """The shared fake, holding `processed` old processed events (one a second), noting the size
    of each delete; `legacy` of them have random ids, as before ids were time-ordered."""

    def __init__(self, processed: int, legacy: int = 0) -> None:
        super().__init__()
        for n in range(processed):
            event = envelope(OLD + timedelta(seconds=n), legacy=n < legacy)
            self.add(event, EventStatus.PROCESSED)
        self.ranges: list[int] = []
        self.batches: list[int] = []

    async def delete_range(self, low, high, received_before):
        deleted = await super().delete_range(low, high, received_before)
        self.ranges.append(deleted)
        return deleted

    async def delete(self, event_ids):
        self.batches.append(len(event_ids))
        return await super().delete(event_ids)


async def keep() -> bool:
    return True


FREE = Pacing(batch_size=10, duty_cycle=1.0)
"""Aims at 10 events a delete, with no pause."""


class TestPacing:
    def test_given_a_duty_cycle_then_the_pause_is_in_proportion_to_the_delete(self):
        assert Pacing(duty_cycle=0.1).pause_after(0.05) == pytest.approx(0.45)
        assert Pacing(duty_cycle=0.5).pause_after(0.2) == pytest.approx(0.2)
        assert Pacing(duty_cycle=1.0).pause_after(3.0) == 0

    def test_given_what_a_range_deleted_then_the_next_one_aims_at_the_batch_size(self):
        pacing = Pacing(batch_size=500)

        assert pacing.next_width(1000, 0) == 2000  # nothing there: twice as wide
        assert pacing.next_width(1000, 250) == 2000  # at most twice
        assert pacing.next_width(1000, 1000) == 500
        assert pacing.next_width(1000, 100_000) == 125  # at least an eighth
        assert pacing.next_width(MAX_WIDTH, 0) == MAX_WIDTH


async def test_given_old_events_when_purged_then_range_deletes_near_the_batch_size_take_them_all():
    store = PurgeStore(200)
    store.add(envelope(NOW - timedelta(days=1)), EventStatus.PROCESSED)  # within retention

    deleted = await purge_processed(store, received_before=CUTOFF, pacing=FREE, keep_going=keep)

    assert deleted == 200
    assert sum(store.ranges) == 200 and store.batches == []
    assert max(store.ranges) <= 2 * 10 * 2  # never far over the aim
    assert await store.count_by_status() == {"received": 0, "published": 0, "processed": 1}


class Clock:
    """The purge's clock and sleep: time passes only when a delete holds the database (its
    cost) or the purge pauses."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def perf_counter(self) -> float:
        return self.now

    async def sleep(self, secs: float) -> None:
        self.pauses.append(secs)
        self.now += secs


class CostlyStore(PurgeStore):
    """Each range delete holds the database 1 ms plus 0.2 ms per event it deletes."""

    def __init__(self, processed: int, clock: Clock) -> None:
        super().__init__(processed)
        self.clock = clock
        self.held: list[float] = []

    async def delete_range(self, low, high, received_before):
        deleted = await super().delete_range(low, high, received_before)
        cost = 0.001 + 0.0002 * deleted
        self.held.append(cost)
        self.clock.now += cost
        return deleted


async def test_given_a_duty_cycle_below_one_when_purging_then_each_pause_is_in_proportion_to_the_delete_before_it(
    monkeypatch,
):
    clock = Clock()
    monkeypatch.setattr(purge, "time", clock)
    monkeypatch.setattr(purge, "asyncio", clock)
    store = CostlyStore(300, clock)
    pacing = Pacing(batch_size=10, duty_cycle=0.25)

    deleted = await purge_processed(store, received_before=CUTOFF, pacing=pacing, keep_going=keep)

    assert deleted == 300
    assert len(set(store.held)) > 1  # deletes of different costs
    assert len(clock.pauses) == len(store.held) - 1  # after every delete but the last
    assert clock.pauses == [pytest.approx(3 * held) for held in store.held[:-1]]
    busy = sum(store.held[:-1]) / (sum(store.held[:-1]) + sum(clock.pauses))
    assert busy == pytest.approx(0.25)  # the database held a quarter of the time


async def test_given_a_finished_purge_when_the_next_one_runs_then_it_resumes_at_the_cut_off():
    store = PurgeStore(30)
    await purge_processed(store, received_before=CUTOFF, pacing=FREE, keep_going=keep)
    store.ranges.clear()
    store.add(envelope(CUTOFF + timedelta(seconds=5)), EventStatus.PROCESSED)

    deleted = await purge_processed(
        store, received_before=CUTOFF + timedelta(minutes=1), pacing=FREE, keep_going=keep
    )

    assert deleted == 1
    assert store.state.resume_id == id_at(CUTOFF + timedelta(minutes=1))
    assert len(store.ranges) < 30  # from the cut-off, not from the oldest event again


async def test_given_an_old_unprocessed_event_when_purged_then_the_next_purge_resumes_there():
    store = PurgeStore(10)
    stuck = envelope(OLD + timedelta(seconds=3))
    store.add(stuck, EventStatus.PUBLISHED)

    await purge_processed(store, received_before=CUTOFF, pacing=FREE, keep_going=keep)
    store.add(stuck, EventStatus.PROCESSED)  # processed at last, after a dead-letter requeue
    deleted = await purge_processed(store, received_before=CUTOFF, pacing=FREE, keep_going=keep)

    assert store.state.resume_id == id_at(CUTOFF)
    assert deleted == 1 and store.events == {}


async def test_given_events_with_random_ids_when_purged_then_read_and_deleted_by_id_until_none_is_left():
    store = PurgeStore(25, legacy=25)

    first = await purge_processed(store, received_before=CUTOFF, pacing=FREE, keep_going=keep)
    store.add(envelope(CUTOFF + timedelta(seconds=5)), EventStatus.PROCESSED)
    later = CUTOFF + timedelta(minutes=1)
    second = await purge_processed(store, received_before=later, pacing=FREE, keep_going=keep)

    assert (first, second) == (25, 1)
    assert store.batches == [10, 10, 5]  # read-then-delete, once
    assert store.state.legacy_done is True


async def test_given_the_lease_lost_when_purging_then_no_further_delete_runs():
    store = PurgeStore(200)
    answers = iter([True, True, False])

    async def lease() -> bool:
        return next(answers)

    deleted = await purge_processed(store, received_before=CUTOFF, pacing=FREE, keep_going=lease)

    assert len(store.ranges) == 3
    assert deleted == sum(store.ranges) < 200
    resumed = await purge_processed(store, received_before=CUTOFF, pacing=FREE, keep_going=keep)
    assert deleted + resumed == 200


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


async def test_given_a_standing_backlog_when_checked_each_minute_then_it_alerts_on_growth_and_after_the_realert_period():
    events, alerts = Stuck(), FakeAlerts()
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

    assert [m for _, m, _ in alerts.sent] == [
        "3 published event(s) not processed after 60 minutes",
        "5 published event(s) not processed after 60 minutes",
        "5 published event(s) not processed after 60 minutes",
        "1 published event(s) not processed after 60 minutes",
    ]
    assert events.cutoffs[0] == NOW - timedelta(minutes=60)
