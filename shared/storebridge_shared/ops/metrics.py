"""Prometheus exposition: the text format of a registry and its content type.

Every service renders its /metrics here, so this is the one place that turns off
prometheus-client's `_created` series (a timestamp per counter and histogram child that only
doubles the series count; Prometheus has no use for it in the text format).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, disable_created_metrics, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

METRICS_CONTENT_TYPE = CONTENT_TYPE_LATEST


def render_metrics(registry: CollectorRegistry) -> bytes:
    """The Prometheus text exposition of `registry`, without `_created` series."""
    disable_created_metrics()  # type: ignore[no-untyped-call] # a flag read at collection; setting it again costs nothing
    return generate_latest(registry)
