"""What one poll of a store lists and queues (pure): the backstop (`backstop.py`) reads the
watermark, the orders' states and dead letters, and applies these."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from storebridge_order_replicator.states import REPLICATED

OVERLAP_MS = 10 * 60_000
"""Each poll looks this far behind the watermark: clocks of BigCommerce and ours differ."""


def listing_since(watermark_ms: int | None, started_ms: int, lookback_ms: int) -> int:
    """The run's `since`: the watermark, or `lookback_ms` before the start on a first poll."""
    return watermark_ms or started_ms - lookback_ms


def listed_from(since_ms: int) -> int:
    """Where the listing starts: `since` minus the overlap for clock skew."""
    return since_ms - OVERLAP_MS


def pending(found: Collection[int], states: Mapping[int, str]) -> list[int]:
    """The orders found and not replicated yet, by id."""
    return [order_id for order_id in sorted(found) if states.get(order_id) != REPLICATED]


def to_queue(waiting: list[int], dead: Collection[int]) -> list[int]:
    """The pending orders to queue: all but the dead-lettered (left until an operator requeues)."""
    return [order_id for order_id in waiting if order_id not in dead]
