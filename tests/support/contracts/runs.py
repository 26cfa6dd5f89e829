"""What every run register does: a run started once (a resumed run keeps its counts), counters
added by any number of workers, one run per destination and hour for event syncs, newest first.

Subclass with a `runs` fixture: `storebridge_shared.store.register.RunStore` on MongoDB passes
it (integration).
"""

from __future__ import annotations

from typing import Any

from storebridge_shared.records.activity import HOUR_MS, RunRecord, hour_run_id

T0 = 1_700_000_000_000 - 1_700_000_000_000 % HOUR_MS  # an hour boundary
ZERO = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0, "failed": 0}


class RunStoreContract:
    """The behaviour suite of a run register."""

    async def test_given_no_run_when_one_starts_then_it_is_running_with_zero_counters(
        self, runs: Any
    ) -> None:
        assert await runs.get("backfill:1") is None

        await runs.start("backfill:1", "backfill", "B", T0)

        assert await runs.get("backfill:1") == RunRecord(
            run_id="backfill:1",
            kind="backfill",
            destination="B",
            started_ms=T0,
            last_ms=T0,
            finished_ms=None,
            status="running",
            counters=ZERO,
            api_calls=0,
        )

    async def test_given_a_run_with_counts_when_it_starts_again_then_it_resumes_with_its_counts(
        self, runs: Any
    ) -> None:
        await runs.start("backfill:1", "backfill", "B", T0)
        await runs.add("backfill:1", {"created": 2}, api_calls=5, at_ms=T0 + 10)
        await runs.finish("backfill:1", "interrupted", finished_ms=T0 + 20)

        await runs.start("backfill:1", "backfill", "B", T0 + 60_000)

        run = await runs.get("backfill:1")
        assert (run.status, run.started_ms, run.last_ms) == ("running", T0, T0 + 60_000)
        assert run.counters["created"] == 2 and run.api_calls == 5

    async def test_given_a_run_when_counts_are_added_then_they_sum_and_the_last_time_never_goes_back(
        self, runs: Any
    ) -> None:
        await runs.start("backfill:1", "backfill", "B", T0)

        await runs.add("backfill:1", {"created": 2, "failed": 1}, api_calls=4, at_ms=T0 + 5_000)
        await runs.add("backfill:1", {"created": 1, "bogus": 9}, api_calls=1, at_ms=T0 + 1_000)

        run = await runs.get("backfill:1")
        assert run.counters == {**ZERO, "created": 3, "failed": 1}
        assert run.api_calls == 5 and run.last_ms == T0 + 5_000

    async def test_given_a_running_run_when_finished_then_its_status_time_and_note_are_kept(
        self, runs: Any
    ) -> None:
        await runs.start("backfill:1", "backfill", "B", T0)

        await runs.finish("backfill:1", "failed", finished_ms=T0 + 9_000, note="B answered 500")

        run = await runs.get("backfill:1")
        assert (run.status, run.finished_ms, run.last_ms, run.note) == (
            "failed",
            T0 + 9_000,
            T0 + 9_000,
            "B answered 500",
        )

    async def test_given_a_run_with_counts_when_they_are_set_then_they_are_replaced(
        self, runs: Any
    ) -> None:
        await runs.start("backfill:1", "backfill", "B", T0)
        await runs.add("backfill:1", {"created": 7, "skipped": 2}, at_ms=T0)

        await runs.set_counters("backfill:1", {"created": 5, "updated": 1})

        assert (await runs.get("backfill:1")).counters == {**ZERO, "created": 5, "updated": 1}

    async def test_given_outcomes_in_one_hour_when_added_to_the_hour_then_one_run_sums_them(
        self, runs: Any
    ) -> None:
        late = await runs.add_to_hour(
            "events", "B", {"updated": 1}, at_ms=T0 + 50_000, api_calls=3, busy_ms=40
        )
        early = await runs.add_to_hour(
            "events", "B", {"created": 1}, at_ms=T0 + 10_000, api_calls=2, busy_ms=60
        )

        assert late == early == hour_run_id("events", "B", T0 + 1)
        run = await runs.get(late)
        assert (run.kind, run.destination, run.status) == ("events", "B", "hourly")
        assert (run.started_ms, run.first_ms, run.last_ms) == (T0, T0 + 10_000, T0 + 50_000)
        assert run.counters == {**ZERO, "created": 1, "updated": 1}
        assert (run.api_calls, run.busy_ms, run.finished_ms) == (5, 100, None)

    async def test_given_outcomes_in_two_hours_or_two_destinations_then_each_has_its_own_run(
        self, runs: Any
    ) -> None:
        ids = {
            await runs.add_to_hour("events", "B", {"created": 1}, at_ms=T0),
            await runs.add_to_hour("events", "B", {"created": 1}, at_ms=T0 + HOUR_MS),
            await runs.add_to_hour("events", "C", {"created": 1}, at_ms=T0),
        }

        assert len(ids) == 3
        assert [(await runs.get(i)).counters["created"] for i in sorted(ids)] == [1, 1, 1]

    async def test_given_several_runs_when_the_latest_are_asked_then_newest_started_first_up_to_the_limit(
        self, runs: Any
    ) -> None:
        for run_id, started in (("r2", T0 + 2), ("r1", T0 + 1), ("r3", T0 + 3)):
            await runs.start(run_id, "backfill", "B", started)

        assert [r.run_id for r in await runs.latest(2)] == ["r3", "r2"]
        assert [r.run_id for r in await runs.latest(10)] == ["r3", "r2", "r1"]
