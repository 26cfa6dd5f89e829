"""The activity register in MongoDB: hourly runs of event-driven syncs, backfill runs, last status."""

from __future__ import annotations

import pytest

from storebridge_catalog_sync.outcomes import DestinationResult, Status, SyncOutcome
from storebridge_catalog_sync.register import BackfillRun, record_outcome
from storebridge_shared.records.activity import HOUR_MS, hour_run_id
from storebridge_shared.store.register import ResourceStatusStore, RunStore

pytestmark = pytest.mark.integration

T0 = 1_700_000_000_000 - 1_700_000_000_000 % HOUR_MS  # an hour boundary


def outcome(product_id: int, status: Status, *, sku: str = "", calls: int = 2) -> SyncOutcome:
    return SyncOutcome(
        kind="product",
        source_id=product_id,
        sku=sku,
        source_calls=1,
        results=(DestinationResult("B", status, destination_id=900 + product_id, api_calls=calls),),
    )


async def test_given_event_driven_outcomes_in_one_hour_when_recorded_then_one_run_counts_them_all(
    db,
):
    for offset, status in enumerate(
        [Status.CREATED, Status.UPDATED, Status.UPDATED, Status.UNCHANGED, Status.FAILED]
    ):
        await record_outcome(db, outcome(offset, status), at_ms=T0 + offset * 1000)

    runs = await RunStore(db).latest(19)

    assert len(runs) == 1
    [run] = runs
    assert run.run_id == hour_run_id("events", "B", T0)
    assert run.kind == "events" and run.destination == "B"
    assert run.counters == {
        "created": 1,
        "updated": 2,
        "unchanged": 1,
        "skipped": 0,
        "failed": 1,
    }
    assert run.api_calls == 5 * 3
    assert run.started_ms == T0 and run.last_ms == T0 + 4000


async def test_given_a_sync_into_two_destinations_when_recorded_then_each_last_status_holds_its_calls(
    db,
):
    two = SyncOutcome(
        kind="product",
        source_id=8,
        source_calls=3,
        results=(
            DestinationResult("B", Status.UPDATED, api_calls=2),
            DestinationResult("C", Status.UNCHANGED, api_calls=0),
        ),
    )

    await record_outcome(db, two, at_ms=T0)

    states = await ResourceStatusStore(db).by_id("product", "8")
    assert [(s.destination, s.api_calls) for s in states] == [("B", 4), ("C", 1)]
    runs = {run.destination: run.api_calls for run in await RunStore(db).latest(19)}
    assert runs == {"B": 4, "C": 1}


async def test_given_outcomes_in_two_hours_when_recorded_then_two_runs_newest_first(db):
    await record_outcome(db, outcome(1, Status.CREATED), at_ms=T0 + 10)
    await record_outcome(db, outcome(2, Status.SKIPPED), at_ms=T0 + HOUR_MS + 10)

    runs = await RunStore(db).latest(19)

    assert [r.started_ms for r in runs] == [T0 + HOUR_MS, T0]
    assert runs[0].counters["skipped"] == 1 and runs[1].counters["created"] == 1


async def test_given_a_later_and_an_earlier_outcome_of_one_product_then_the_later_one_is_its_status(
    db,
):
    await record_outcome(db, outcome(7, Status.UPDATED, sku="MUG-1"), at_ms=T0 + 5000)
    await record_outcome(db, outcome(7, Status.FAILED, sku="MUG-1"), at_ms=T0 + 1000)

    [by_sku] = await ResourceStatusStore(db).by_sku("MUG-1")
    [by_id] = await ResourceStatusStore(db).by_id("product", "7")

    assert by_sku == by_id
    assert by_sku.status == "updated" and by_sku.target_id == 907 and by_sku.at_ms == T0 + 5000


async def test_given_a_backfill_run_when_counted_flushed_and_finished_then_the_register_holds_its_totals(
    db,
):
    run = BackfillRun(db, "backfill:abc", "B")
    await run.start(T0)
    run.count("created", 3)
    run.count("skipped")
    await run.flush(api_calls_total=10)
    run.count("updated", 2)
    await run.finish(api_calls_total=25, status="succeeded")

    stored = await RunStore(db).get("backfill:abc")

    assert stored is not None
    assert stored.status == "succeeded" and stored.kind == "backfill"
    assert stored.counters == {
        "created": 3,
        "updated": 2,
        "unchanged": 0,
        "skipped": 1,
        "failed": 0,
    }
    assert stored.api_calls == 25
    assert stored.finished_ms is not None and stored.finished_ms >= T0


async def test_given_hourly_runs_of_three_destinations_then_each_destination_s_latest_come_newest_first(
    db,
):
    runs = RunStore(db)
    for hour, destination in [(0, "B"), (1, "B"), (2, "B"), (0, "C"), (5, "D"), (3, "D")]:
        await runs.add_to_hour("events", destination, {"created": 1}, at_ms=T0 + hour * HOUR_MS)

    latest = await runs.latest_by_destination(2)

    started = {name: [r.started_ms for r in found] for name, found in latest.items()}
    assert started == {
        "B": [T0 + 2 * HOUR_MS, T0 + HOUR_MS],
        "C": [T0],
        "D": [T0 + 5 * HOUR_MS, T0 + 3 * HOUR_MS],
    }
    assert list(latest) == ["B", "C", "D"]
