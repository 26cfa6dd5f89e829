"""A janitor pass: metrics always; re-drive, stuck report and purge only with the lease."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from prometheus_client import CollectorRegistry

from storebridge_janitor.janitor import Janitor, JanitorConfig
from storebridge_janitor.metrics import JanitorMetrics
from storebridge_janitor.stuck import StuckReporter
from storebridge_shared.events.envelope import utcnow
from storebridge_shared.events.lifecycle import EventStatus
from storebridge_shared.store.leases import epoch_ms
from tests.support.contracts.event_maintenance import envelope
from tests.support.fakes import (
    FakeAlerts,
    FakeEventLog,
    FakeEventMaintenance,
    FakeLeases,
    FakePublisher,
)
from tests.support.waiting import wait_until


class Events(FakeEventMaintenance):
    """The shared fake with 1 received event (90 s old), 2 published and 3 processed ones; it
    notes how often the purge read it."""

    def __init__(self) -> None:
        super().__init__()
        self.add(envelope(utcnow() - timedelta(seconds=90)), EventStatus.RECEIVED)
        for status, how_many in ((EventStatus.PUBLISHED, 2), (EventStatus.PROCESSED, 3)):
            for _ in range(how_many):
                self.add(envelope(utcnow()), status)
        self.purge_reads = 0

    async def purge_state(self):
        self.purge_reads += 1
        return await super().purge_state()


def janitor(held: bool, events: Events, registry: CollectorRegistry) -> Janitor:
    leases = FakeLeases()
    if not held:
        leases.holders["janitor"] = ("another-janitor", epoch_ms() + 600_000)

    async def depths():
        return {"catalog-sync": {"main": 2, "retry": 1, "dead": 4}}

    return Janitor(
        config=JanitorConfig(interval_secs=0.01),
        lease=leases("janitor", "this-janitor", 30, epoch_ms),
        events=events,
        unpublished=FakeEventLog(),
        publisher=FakePublisher(),
        queue_depths=depths,
        stuck=StuckReporter(events, FakeAlerts(), threshold=timedelta(minutes=1)),
        metrics=JanitorMetrics.register(registry),
    )


async def test_given_no_lease_when_a_pass_runs_then_metrics_are_refreshed_and_nothing_is_done():
    events, registry = Events(), CollectorRegistry()

    report = await janitor(False, events, registry).run_pass()

    assert not report.leader and report.purged is None and events.purge_reads == 0
    assert registry.get_sample_value("storebridge_events", {"status": "processed"}) == 3
    assert registry.get_sample_value("storebridge_dead_letters", {"service": "catalog-sync"}) == 4
    queued = {"service": "catalog-sync", "queue": "main"}
    assert registry.get_sample_value("storebridge_queue_messages", queued) == 2
    assert registry.get_sample_value("storebridge_oldest_unprocessed_event_age_seconds") >= 90
    assert registry.get_sample_value("storebridge_janitor_lease_held") == 0


async def test_given_the_lease_when_passes_run_then_the_purge_runs_once_per_clean_period():
    events, registry = Events(), CollectorRegistry()
    subject = janitor(True, events, registry)

    first = await subject.run_pass()
    second = await subject.run_pass()

    assert first.leader and first.purged == 0 and second.purged is None
    assert events.purge_reads == 1
    assert registry.get_sample_value("storebridge_janitor_lease_held") == 1


async def test_given_a_stop_signal_when_running_then_the_loop_ends_promptly():
    registry = CollectorRegistry()
    subject = janitor(True, Events(), registry)
    stop = asyncio.Event()
    task = asyncio.create_task(subject.run_until(stop))

    async def passed() -> bool:
        return bool(registry.get_sample_value("storebridge_janitor_last_pass_timestamp_seconds"))

    await wait_until(passed, timeout=2)

    stop.set()

    await asyncio.wait_for(task, timeout=1)
