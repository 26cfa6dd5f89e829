"""What every reconcile checkpoint store does: a checkpoint created empty once per source and
never reset by a later load, each part (watermark, digests, pass, full compare, rules) written
whole and read back as written, sources kept apart; and per source product, one set of digests
that a later compare replaces.

Subclass with a `checkpoints` and a `product_digests` fixture:
`storebridge_catalog_sync.store.reconcile_state.ReconcileStore` and `ProductDigests` on MongoDB
pass it (integration).
"""

from __future__ import annotations

from typing import Any

from storebridge_catalog_sync.reconcile.decide import Compared, Watermark
from storebridge_catalog_sync.store.reconcile_state import Checkpoint, CurrentPass

T0 = 1_700_000_000_000


def empty(created_ms: int) -> Checkpoint:
    """The checkpoint of a source no pass has written yet."""
    return Checkpoint(
        watermark=Watermark("", {}),
        digests={"category": None, "brand": None},
        current=None,
        created_ms=created_ms,
    )


class ReconcileStoreContract:
    """The behaviour suite of a reconcile checkpoint store."""

    async def test_given_an_unseen_source_when_loaded_then_the_checkpoint_is_empty_and_created_now(
        self, checkpoints: Any
    ) -> None:
        checkpoint = await checkpoints.load("A", T0)

        assert checkpoint == empty(created_ms=T0)

    async def test_given_a_saved_checkpoint_when_loaded_again_later_then_nothing_is_reset(
        self, checkpoints: Any
    ) -> None:
        await checkpoints.load("A", T0)
        await checkpoints.save_watermark("A", Watermark("2026-01-02T03:04:05Z", {7: T0 + 5}))
        await checkpoints.start_pass("A", CurrentPass("pass-1", "changes", T0 + 1))

        first = await checkpoints.load("A", T0 + 60_000)
        second = await checkpoints.load("A", T0 + 120_000)

        assert first == second
        assert first.created_ms == T0, "the first load's time stays the creation time"
        assert first.watermark == Watermark("2026-01-02T03:04:05Z", {7: T0 + 5})
        assert first.current == CurrentPass("pass-1", "changes", T0 + 1)

    async def test_given_a_watermark_saved_twice_then_the_second_replaces_the_first_whole(
        self, checkpoints: Any
    ) -> None:
        await checkpoints.load("A", T0)
        await checkpoints.save_watermark("A", Watermark("2026-01-02T03:04:05Z", {7: 1, 3: 2}))
        await checkpoints.save_watermark("A", Watermark("2026-01-02T03:04:06Z", {9: 4}))

        checkpoint = await checkpoints.load("A", T0)

        assert checkpoint.watermark == Watermark("2026-01-02T03:04:06Z", {9: 4})

    async def test_given_digests_of_one_kind_saved_then_only_that_kind_is_known_and_the_latest_wins(
        self, checkpoints: Any
    ) -> None:
        await checkpoints.load("A", T0)
        await checkpoints.save_digests("A", "category", {5: "d5", 2: "d2"})
        await checkpoints.save_digests("A", "category", {2: "d2b"})

        checkpoint = await checkpoints.load("A", T0)

        assert checkpoint.digests == {"category": {2: "d2b"}, "brand": None}

        await checkpoints.save_digests("A", "brand", {})
        assert (await checkpoints.load("A", T0)).digests == {"category": {2: "d2b"}, "brand": {}}

    async def test_given_a_pass_under_way_when_it_finishes_then_none_is_current(
        self, checkpoints: Any
    ) -> None:
        await checkpoints.load("A", T0)
        await checkpoints.start_pass("A", CurrentPass("pass-1", "changes", T0))
        await checkpoints.start_pass("A", CurrentPass("pass-2", "changes", T0 + 5))
        assert (await checkpoints.load("A", T0)).current == CurrentPass("pass-2", "changes", T0 + 5)

        await checkpoints.finish_pass("A")

        assert (await checkpoints.load("A", T0)).current is None

    async def test_given_a_full_compare_requested_on_an_unseen_source_then_the_checkpoint_holds_the_request_and_reason(
        self, checkpoints: Any
    ) -> None:
        await checkpoints.request_full("A", T0 + 10, reason="rules changed for B")

        checkpoint = await checkpoints.load("A", T0 + 99)

        assert checkpoint.created_ms == T0 + 10
        assert (checkpoint.full_requested_ms, checkpoint.full_reason) == (
            T0 + 10,
            "rules changed for B",
        )
        assert checkpoint.last_full_ms == 0 and checkpoint.full_current is None

    async def test_given_a_full_compare_under_way_when_it_finishes_then_its_request_cursor_and_pass_are_cleared(
        self, checkpoints: Any
    ) -> None:
        await checkpoints.request_full("A", T0, reason="asked")
        await checkpoints.start_full("A", CurrentPass("full-1", "full", T0 + 1))
        await checkpoints.save_full_cursor("A", 40)
        await checkpoints.save_full_cursor("A", 80)

        running = await checkpoints.load("A", T0)
        await checkpoints.finish_full("A", T0 + 500)
        done = await checkpoints.load("A", T0)

        assert running.full_current == CurrentPass("full-1", "full", T0 + 1)
        assert (running.full_cursor, running.full_requested_ms, running.full_reason) == (
            80,
            T0,
            "asked",
        )
        assert (done.last_full_ms, done.full_requested_ms, done.full_cursor) == (T0 + 500, 0, 0)
        assert (done.full_current, done.full_reason) == (None, "")

    async def test_given_a_finished_full_compare_when_requested_again_then_the_last_finish_is_kept(
        self, checkpoints: Any
    ) -> None:
        await checkpoints.load("A", T0)
        await checkpoints.finish_full("A", T0 + 500)

        await checkpoints.request_full("A", T0 + 900)

        checkpoint = await checkpoints.load("A", T0)
        assert (checkpoint.last_full_ms, checkpoint.full_requested_ms) == (T0 + 500, T0 + 900)
        assert checkpoint.full_reason == ""

    async def test_given_rules_digests_saved_twice_then_the_latest_are_read_back(
        self, checkpoints: Any
    ) -> None:
        await checkpoints.load("A", T0)
        await checkpoints.save_rules("A", {"C": "r1", "B": "r2"})
        await checkpoints.save_rules("A", {"B": "r3"})

        assert (await checkpoints.load("A", T0)).rules == {"B": "r3"}

    async def test_given_two_sources_then_each_checkpoint_is_its_own(
        self, checkpoints: Any
    ) -> None:
        await checkpoints.load("A", T0)
        await checkpoints.load("Z", T0 + 1)
        await checkpoints.save_watermark("A", Watermark("2026-01-02T03:04:05Z", {7: 1}))
        await checkpoints.save_digests("A", "brand", {1: "x"})
        await checkpoints.start_pass("A", CurrentPass("pass-1", "changes", T0))
        await checkpoints.request_full("A", T0, reason="asked")
        await checkpoints.save_rules("A", {"B": "r1"})

        other = await checkpoints.load("Z", T0 + 2)

        assert other == empty(created_ms=T0 + 1)


class ProductDigestsContract:
    """The behaviour suite of a full compare's per-product digest store."""

    async def test_given_no_compare_yet_then_a_source_has_no_digests(
        self, product_digests: Any
    ) -> None:
        assert await product_digests.load("A") == {}

    async def test_given_products_saved_then_each_is_read_back_by_its_id(
        self, product_digests: Any
    ) -> None:
        await product_digests.save("A", Compared(7, "a7", {"B": "b7", "C": ""}))
        await product_digests.save("A", Compared(3, "a3", {}))

        assert await product_digests.load("A") == {
            7: Compared(7, "a7", {"B": "b7", "C": ""}),
            3: Compared(3, "a3", {}),
        }

    async def test_given_a_product_saved_again_then_its_digests_are_replaced_not_added(
        self, product_digests: Any
    ) -> None:
        await product_digests.save("A", Compared(7, "a7", {"B": "b7", "C": "c7"}))
        await product_digests.save("A", Compared(7, "a7-new", {"B": "b7-new"}))

        assert await product_digests.load("A") == {7: Compared(7, "a7-new", {"B": "b7-new"})}

    async def test_given_the_same_product_id_in_two_sources_then_each_source_keeps_its_own(
        self, product_digests: Any
    ) -> None:
        await product_digests.save("A", Compared(7, "from-a", {"B": "x"}))
        await product_digests.save("Z", Compared(7, "from-z", {"B": "y"}))

        assert await product_digests.load("A") == {7: Compared(7, "from-a", {"B": "x"})}
        assert await product_digests.load("Z") == {7: Compared(7, "from-z", {"B": "y"})}
