"""One sync at a time per resource; a burst coalesced; failures released and raised."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from storebridge_catalog_sync.coordinator import Coordinator
from storebridge_catalog_sync.outcomes import DestinationResult, Status, SyncOutcome
from storebridge_shared.broker.failures import PermanentFailure, TransientFailure
from tests.support.fakes import FakeStates


class Marks:
    def __init__(self) -> None:
        self.processed: list[str] = []

    async def mark_processed(self, event_id: str, service: str) -> None:
        self.processed.append(event_id)


def outcome(status: Status = Status.UPDATED, *, permanent: bool = False) -> SyncOutcome:
    return SyncOutcome("product", 7, (DestinationResult("B", status, permanent=permanent),))


def coordinator(states: FakeStates, marks: Marks, run: Any) -> Coordinator:
    return Coordinator("a1", states, marks, run, owner="w1", clock=lambda: 1_000)


async def test_given_a_sync_in_progress_when_more_events_arrive_then_they_coalesce_into_one_more_sync():
    states, marks, gate, runs = FakeStates(), Marks(), asyncio.Event(), []

    async def run(kind: str, resource_id: int) -> SyncOutcome:
        runs.append(resource_id)
        await gate.wait()
        return outcome()

    sync = coordinator(states, marks, run)
    first = asyncio.create_task(sync.submit("product", 7, "e1"))
    await asyncio.sleep(0)
    await sync.submit("product", 7, "e2")
    await sync.submit("product", 7, "e3")
    gate.set()
    await first

    assert runs == [7, 7], "three events, two syncs: the one running and one after it"
    assert sorted(set(marks.processed)) == ["e1", "e2", "e3"]
    assert states.docs["a1:product:7"]["state"] == "idle"


async def test_given_a_permanent_failure_then_it_raises_and_the_resource_is_marked_failed():
    states, marks = FakeStates(), Marks()

    async def run(kind: str, resource_id: int) -> SyncOutcome:
        return outcome(Status.FAILED, permanent=True)

    with pytest.raises(PermanentFailure):
        await coordinator(states, marks, run).submit("product", 7, "e1")

    assert states.docs["a1:product:7"]["state"] == "failed"
    assert states.docs["a1:product:7"]["lease_until"] == 0
    assert marks.processed == []


async def test_given_a_transient_failure_then_the_lease_is_released_and_the_sweep_finishes_it():
    states, marks, results = FakeStates(), Marks(), [outcome(Status.FAILED), outcome()]

    async def run(kind: str, resource_id: int) -> SyncOutcome:
        return results.pop(0)

    sync = coordinator(states, marks, run)
    with pytest.raises(TransientFailure):
        await sync.submit("product", 7, "e1")

    assert await sync.sweep() == 1
    assert marks.processed == ["e1"]
    assert states.docs["a1:product:7"]["state"] == "idle"


async def test_given_a_write_with_an_unknown_outcome_then_the_resource_is_synced_again_later():
    states, marks, now, runs = FakeStates(), Marks(), [1_000], []
    unsure = SyncOutcome("product", 7, (DestinationResult("B", Status.UPDATED, uncertain=1),))

    async def run(kind: str, resource_id: int) -> SyncOutcome:
        runs.append(resource_id)
        return unsure if len(runs) == 1 else outcome()

    sync = Coordinator(
        "a1", states, marks, run, owner="w1", recheck_ms=90_000, clock=lambda: now[0]
    )
    await sync.submit("product", 7, "e1")

    now[0] = 90_999
    assert await sync.sweep() == 0, "not before B can no longer apply the lost request"
    now[0] = 91_000
    assert await sync.sweep() == 1
    assert await sync.sweep() == 0, "a sure sync schedules nothing"
    assert runs == [7, 7]
    assert states.docs["a1:product:7"]["state"] == "idle"
