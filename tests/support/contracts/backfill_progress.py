"""What every backfill progress store does: one current backfill per destination, resumed while
it runs, begun afresh once finished; checkpoints written once and dropped with their backfill.

Subclass with a `progress` fixture: `storebridge_catalog_sync.store.backfill_progress.
BackfillProgress` on MongoDB passes it (integration).
"""

from __future__ import annotations

from typing import Any

from storebridge_catalog_sync.store.backfill_progress import BackfillHandle, Checkpoint

T0 = 1_700_000_000_000


class BackfillProgressContract:
    """The behaviour suite of a backfill progress store."""

    async def test_given_no_backfill_of_a_destination_when_one_begins_then_it_is_new(
        self, progress: Any
    ) -> None:
        handle = await progress.begin("B", "backfill-1", T0)

        assert handle == BackfillHandle("backfill-1", "B", resumed=False, started_ms=T0)
        assert await progress.done(handle, "product") == {}

    async def test_given_a_running_backfill_when_another_begins_then_the_running_one_resumes(
        self, progress: Any
    ) -> None:
        first = await progress.begin("B", "backfill-1", T0)
        await progress.save(first, [Checkpoint("product", "MUG-1", "created", 901)])

        again = await progress.begin("B", "backfill-2", T0 + 60_000)

        assert again == BackfillHandle("backfill-1", "B", resumed=True, started_ms=T0)
        assert await progress.done(again, "product") == {
            "MUG-1": Checkpoint("product", "MUG-1", "created", 901)
        }

    async def test_given_a_finished_backfill_when_another_begins_then_it_starts_afresh_without_the_old_checkpoints(
        self, progress: Any
    ) -> None:
        first = await progress.begin("B", "backfill-1", T0)
        await progress.save(first, [Checkpoint("phase", "categories")])
        await progress.finish(first, T0 + 1_000)

        second = await progress.begin("B", "backfill-2", T0 + 60_000)

        assert second == BackfillHandle("backfill-2", "B", resumed=False, started_ms=T0 + 60_000)
        assert await progress.done(first, "phase") == {}
        assert await progress.done(second, "phase") == {}

    async def test_given_a_saved_checkpoint_when_saved_again_then_the_first_is_kept(
        self, progress: Any
    ) -> None:
        handle = await progress.begin("B", "backfill-1", T0)
        await progress.save(handle, [Checkpoint("product", "MUG-1", "created", 901)])

        await progress.save(
            handle,
            [Checkpoint("product", "MUG-1", "updated", 902), Checkpoint("product", "MUG-2")],
        )
        await progress.save(handle, [])

        assert await progress.done(handle, "product") == {
            "MUG-1": Checkpoint("product", "MUG-1", "created", 901),
            "MUG-2": Checkpoint("product", "MUG-2", "done", None),
        }

    async def test_given_checkpoints_of_several_kinds_then_done_lists_one_kind_by_key(
        self, progress: Any
    ) -> None:
        handle = await progress.begin("B", "backfill-1", T0)

        await progress.save(
            handle,
            [
                Checkpoint("phase", "categories"),
                Checkpoint("category", "23", "created", 923),
                Checkpoint("product", "MUG-1", "skipped"),
            ],
        )

        assert await progress.done(handle, "category") == {
            "23": Checkpoint("category", "23", "created", 923)
        }
        assert list(await progress.done(handle, "phase")) == ["categories"]

    async def test_given_backfills_of_two_destinations_then_each_begins_and_finishes_on_its_own(
        self, progress: Any
    ) -> None:
        to_b = await progress.begin("B", "backfill-b", T0)
        to_c = await progress.begin("C", "backfill-c", T0)
        await progress.save(to_c, [Checkpoint("product", "MUG-1")])

        await progress.finish(to_b, T0 + 1_000)

        assert (await progress.begin("C", "backfill-c2", T0 + 2_000)).backfill_id == "backfill-c"
        assert list(await progress.done(to_c, "product")) == ["MUG-1"]
        assert (await progress.begin("B", "backfill-b2", T0 + 2_000)).backfill_id == "backfill-b2"

    async def test_given_a_stale_handle_when_it_finishes_then_the_destination_s_current_backfill_runs_on(
        self, progress: Any
    ) -> None:
        old = await progress.begin("B", "backfill-1", T0)
        await progress.finish(old, T0 + 1_000)
        current = await progress.begin("B", "backfill-2", T0 + 2_000)

        await progress.finish(old, T0 + 3_000)

        assert await progress.begin("B", "backfill-3", T0 + 4_000) == BackfillHandle(
            "backfill-2", "B", resumed=True, started_ms=T0 + 2_000
        )
        assert current.backfill_id == "backfill-2"
