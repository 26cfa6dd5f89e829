"""The one exposition every service's /metrics goes through."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

from storebridge_shared.ops.metrics import render_metrics


def test_given_a_counter_and_a_histogram_when_rendered_then_no_created_series_is_exported():
    registry = CollectorRegistry()
    Counter("demo_things", "Things", ["kind"], registry=registry).labels(kind="a").inc()
    Histogram("demo_seconds", "Time", registry=registry).observe(0.2)

    text = render_metrics(registry).decode()

    assert 'demo_things_total{kind="a"} 1.0' in text
    assert "demo_seconds_count 1.0" in text
    assert "_created" not in text
