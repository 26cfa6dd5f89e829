"""What every poll-run store does: a watermark per store that only moves forward, finished runs
newest first, and when each store's latest run started (the schedule).

Subclass with a `poll_runs` fixture: `storebridge_shared.store.poll_runs.PollRuns` on
MongoDB passes it (integration).
"""

from __future__ import annotations

from typing import Any

from storebridge_shared.store.poll_runs import PollRun

T0 = 1_700_000_000_000


def run(run_id: str, started_ms: int, store_hash: str = "a1", **fields: Any) -> PollRun:
    """A poll of `store_hash` that started at `started_ms` and took a second."""
    return PollRun(
        run_id, store_hash, started_ms, started_ms + 1_000, started_ms - 60_000, **fields
    )


class PollRunsContract:
    """The behaviour suite of a poll-run store."""

    async def test_given_a_store_never_polled_then_it_has_no_watermark_and_no_last_start(
        self, poll_runs: Any
    ) -> None:
        assert await poll_runs.watermark("a1") is None
        assert await poll_runs.last_started("a1") is None
        assert await poll_runs.recent() == []

    async def test_given_a_watermark_when_advanced_then_it_moves_forward_never_back(
        self, poll_runs: Any
    ) -> None:
        await poll_runs.advance("a1", T0)

        await poll_runs.advance("a1", T0 + 5_000)
        await poll_runs.advance("a1", T0 + 1_000)

        assert await poll_runs.watermark("a1") == T0 + 5_000

    async def test_given_two_stores_then_each_has_its_own_watermark_and_schedule(
        self, poll_runs: Any
    ) -> None:
        await poll_runs.advance("a1", T0)
        await poll_runs.record(run("r1", T0 + 10, "b2"))

        assert (await poll_runs.watermark("a1"), await poll_runs.watermark("b2")) == (T0, None)
        assert (await poll_runs.last_started("a1"), await poll_runs.last_started("b2")) == (
            None,
            T0 + 10,
        )

    async def test_given_finished_runs_when_recorded_then_they_come_back_newest_first_with_their_figures(
        self, poll_runs: Any
    ) -> None:
        failed = run("r2", T0 + 2_000, found=3, new=1, errors=["B answered 500"], dead=1)
        await poll_runs.record(run("r1", T0 + 1_000, found=2, new=2))
        await poll_runs.record(failed)
        await poll_runs.record(run("r0", T0))
        await poll_runs.advance("a1", T0 + 2_000)

        recent = await poll_runs.recent(limit=2)

        assert recent == [failed, run("r1", T0 + 1_000, found=2, new=2)]
        assert [r.status for r in recent] == ["failed", "ok"]
        assert [r.run_id for r in await poll_runs.recent()] == ["r2", "r1", "r0"]

    async def test_given_runs_recorded_out_of_order_then_the_last_start_is_the_latest_one(
        self, poll_runs: Any
    ) -> None:
        await poll_runs.record(run("r2", T0 + 2_000))

        await poll_runs.record(run("r1", T0 + 1_000))

        assert await poll_runs.last_started("a1") == T0 + 2_000
