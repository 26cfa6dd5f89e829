"""The reconcile metrics: lag from the oldest pending change, changes by what found them."""

from __future__ import annotations

from prometheus_client import CollectorRegistry

from storebridge_catalog_sync.outcomes import DestinationResult, Status, SyncOutcome
from storebridge_catalog_sync.reconcile.decide import moment_ms
from storebridge_catalog_sync.reconcile.metrics import ReconcileMetrics
from storebridge_shared.bigcommerce.pacing import QuotaHeaders, QuotaTracker

EDITED = "2026-12-02T10:00:00+00:00"


def _metrics(now_ms: list[int]) -> tuple[ReconcileMetrics, CollectorRegistry]:
    registry = CollectorRegistry()
    return ReconcileMetrics.register(registry, clock=lambda: now_ms[0]), registry


def test_given_nothing_pending_then_the_lag_is_zero():
    _, registry = _metrics([moment_ms(EDITED)])
    assert registry.get_sample_value("storebridge_catalog_reconcile_lag_seconds") == 0.0


def test_given_a_pass_stopped_at_a_change_then_the_lag_grows_until_the_pass_finishes():
    now = [moment_ms(EDITED) + 5_000]
    metrics, registry = _metrics(now)
    metrics.pending(EDITED)
    assert registry.get_sample_value("storebridge_catalog_reconcile_lag_seconds") == 5.0
    now[0] += 30_000
    assert registry.get_sample_value("storebridge_catalog_reconcile_lag_seconds") == 35.0

    metrics.pass_finished()

    assert registry.get_sample_value("storebridge_catalog_reconcile_lag_seconds") == 0.0
    last = registry.get_sample_value("storebridge_catalog_reconcile_last_pass_timestamp_seconds")
    assert last == now[0] / 1000


def test_given_outcomes_then_only_destinations_changed_are_counted_by_what_found_them():
    metrics, registry = _metrics([0])
    outcome = SyncOutcome(
        "product",
        77,
        (
            DestinationResult("B", Status.UPDATED),
            DestinationResult("C", Status.UNCHANGED),
            DestinationResult("D", Status.FAILED),
            DestinationResult("E", Status.DISABLED),
        ),
    )

    metrics.count("reconcile", outcome)
    metrics.count("webhook", SyncOutcome("product", 78, (DestinationResult("B", Status.CREATED),)))

    def value(found_by: str, destination: str) -> float | None:
        labels = {"found_by": found_by, "destination": destination}
        return registry.get_sample_value("storebridge_catalog_reconcile_changes_total", labels)

    assert (value("reconcile", "B"), value("reconcile", "E"), value("webhook", "B")) == (1, 1, 1)
    assert value("reconcile", "C") is None and value("reconcile", "D") is None


def test_given_a_client_with_a_share_when_it_spends_part_of_the_window_then_share_used_says_so():
    tracker = QuotaTracker(share=0.3)
    assert tracker.share_used(0.0) is None  # quota unknown
    tracker.admit(0.0)
    tracker.release(QuotaHeaders(left=149, quota=150, reset_ms=30_000, window_ms=30_000), 0.0)
    for _ in range(14):
        tracker.admit(1.0)

    assert tracker.share_used(1.0) == 15 / 150
    assert tracker.share_used(40.0) == 0.0  # the window rolled over
