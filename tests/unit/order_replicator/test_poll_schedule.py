"""When a store's next poll is due: from its last poll, whoever ran it."""

from __future__ import annotations

from storebridge_order_replicator.poll_loop import seconds_until_due

MINUTE_MS = 60_000


def test_given_a_store_never_polled_then_its_poll_is_due_now():
    assert seconds_until_due(None, 10 * MINUTE_MS, 15 * 60) == 0


def test_given_a_poll_five_minutes_ago_then_the_next_is_due_in_ten():
    assert seconds_until_due(0, 5 * MINUTE_MS, 15 * 60) == 10 * 60


def test_given_a_poll_longer_ago_than_the_interval_then_it_is_due_now():
    assert seconds_until_due(0, 40 * MINUTE_MS, 15 * 60) == 0
