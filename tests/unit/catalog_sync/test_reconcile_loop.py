"""The reconcile loop keeps its period: a pass starts a period after the last one started."""

from __future__ import annotations

from storebridge_catalog_sync.reconcile.loop import next_start


def test_given_a_pass_shorter_than_the_period_then_the_next_starts_a_period_after_it_started():
    assert next_start(started=100.0, period_s=15.0, now=103.0) == 115.0


def test_given_a_pass_longer_than_the_period_then_the_next_starts_at_once():
    assert next_start(started=100.0, period_s=15.0, now=121.0) == 121.0
