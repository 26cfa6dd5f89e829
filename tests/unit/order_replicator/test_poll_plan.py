"""What one poll lists and queues: since the watermark (or the look-back), minus the overlap;
the orders not replicated, the dead-lettered left alone."""

from __future__ import annotations

from storebridge_order_replicator.poll_plan import (
    OVERLAP_MS,
    listed_from,
    listing_since,
    pending,
    to_queue,
)
from storebridge_order_replicator.states import MOVED, REPLICATED, STORED


class TestListingSince:
    def test_given_a_watermark_when_polled_then_the_run_starts_there(self) -> None:
        assert listing_since(5_000_000, 9_000_000, 1_000_000) == 5_000_000

    def test_given_no_watermark_when_polled_then_it_looks_back_from_the_start(self) -> None:
        assert listing_since(None, 9_000_000, 1_000_000) == 8_000_000

    def test_given_a_since_when_listed_then_the_overlap_is_added_behind_it(self) -> None:
        assert listed_from(5_000_000) == 5_000_000 - OVERLAP_MS


class TestWhatIsQueued:
    def test_given_found_orders_when_some_are_replicated_then_the_rest_pend_by_id(self) -> None:
        states = {3: REPLICATED, 1: STORED, 4: MOVED}

        assert pending({4: 11, 3: 11, 2: 11, 1: 11}, states) == [1, 2, 4]

    def test_given_pending_orders_when_one_is_dead_lettered_then_it_is_not_queued(self) -> None:
        assert to_queue([1, 2, 4], {2}) == [1, 4]
