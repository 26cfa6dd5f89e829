"""Prometheus metrics of the ingress, registered on a registry the app owns."""

from __future__ import annotations

import os
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.multiprocess import MultiProcessCollector

from storebridge_shared.ops.metrics import render_metrics

METRICS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
"""Set by the supervisor of several workers: every worker's metrics are written there."""


@dataclass(frozen=True)
class IngressMetrics:
    """Requests by status, events by outcome, publish latency, backlog and insert batches."""

    registry: CollectorRegistry
    requests: Counter
    events: Counter
    publish_seconds: Histogram
    unpublished: Gauge
    insert_batch_size: Histogram
    hook_exceptions: Counter

    @classmethod
    def create(cls, registry: CollectorRegistry | None = None) -> IngressMetrics:
        """Register the ingress metrics on `registry` (a fresh one by default)."""
        registry = registry or CollectorRegistry()
        return cls(
            registry=registry,
            requests=Counter(
                "storebridge_ingress_requests",
                "Webhook requests by HTTP status",
                ["status"],
                registry=registry,
            ),
            events=Counter(
                "storebridge_ingress_events",
                "Webhook events by outcome",
                ["outcome"],
                registry=registry,
            ),
            publish_seconds=Histogram(
                "storebridge_ingress_publish_seconds",
                "Confirmed publish latency",
                buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3),
                registry=registry,
            ),
            unpublished=Gauge(
                "storebridge_ingress_unpublished_events",
                "Events durable in MongoDB but unconfirmed by the broker past the publish timeout",
                multiprocess_mode="max",  # every worker's relay counts the same backlog
                registry=registry,
            ),
            insert_batch_size=Histogram(
                "storebridge_ingress_insert_batch_size",
                "Events per group-committed insert round trip (its count: round trips tried)",
                buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256),
                registry=registry,
            ),
            hook_exceptions=Counter(
                "storebridge_ingress_hook_exceptions",
                "store/hook/deliveryException notices received, by BigCommerce error code",
                ["error_code"],
                registry=registry,
            ),
        )

    def exposition(self) -> bytes:
        """The Prometheus text of every worker when several serve, else of this registry."""
        if os.environ.get(METRICS_DIR_VARIABLE):
            aggregated = CollectorRegistry()
            MultiProcessCollector(aggregated)  # type: ignore[no-untyped-call]
            return render_metrics(aggregated)
        return render_metrics(self.registry)
