"""Prometheus metrics of the order replicator: its BigCommerce calls, order lag and polls."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from storebridge_shared.bigcommerce import ApiMetrics
from storebridge_shared.store.poll_runs import PollRun

LAG_BUCKETS = (1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600, 24 * 3600)
"""Seconds from an order's `date_created`: webhooks take seconds, the poll minutes to hours."""


@dataclass(frozen=True)
class OrderMetrics:
    """The BigCommerce client metrics, order lag to stored and to moved, poll runs."""

    api: ApiMetrics
    stored_lag: Histogram
    moved_lag: Histogram
    polls: Counter
    last_good_poll: Gauge

    @classmethod
    def register(cls, registry: CollectorRegistry) -> OrderMetrics:
        """Create the metrics on `registry`."""
        return cls(
            api=ApiMetrics.register(registry),
            stored_lag=Histogram(
                "storebridge_order_stored_lag_seconds",
                "From the order's date_created in BigCommerce to its document stored in MongoDB",
                ("store",),
                buckets=LAG_BUCKETS,
                registry=registry,
            ),
            moved_lag=Histogram(
                "storebridge_order_moved_lag_seconds",
                "From the order's date_created to its status moved in BigCommerce",
                ("store",),
                buckets=LAG_BUCKETS,
                registry=registry,
            ),
            polls=Counter(
                "storebridge_order_polls",
                "Order polls of a store, by result (ok, failed)",
                ("store", "result"),
                registry=registry,
            ),
            last_good_poll=Gauge(
                "storebridge_order_last_good_poll_timestamp_seconds",
                "When the last poll of the store without errors ended",
                ("store",),
                registry=registry,
            ),
        )

    @classmethod
    def fresh(cls) -> OrderMetrics:
        """On a registry of their own (nobody scrapes it: tests, tools)."""
        return cls.register(CollectorRegistry())

    def stored(self, store_hash: str, lag_s: float | None) -> None:
        """An order's document was stored `lag_s` after it was created (None: unknown)."""
        if lag_s is not None:
            self.stored_lag.labels(store=store_hash).observe(lag_s)

    def moved(self, store_hash: str, lag_s: float | None) -> None:
        """An order's status was moved `lag_s` after it was created (None: unknown)."""
        if lag_s is not None:
            self.moved_lag.labels(store=store_hash).observe(lag_s)

    async def polled(self, run: PollRun) -> None:
        """Count one recorded poll run; a run without errors moves the last good poll."""
        result = "failed" if run.errors else "ok"
        self.polls.labels(store=run.store_hash, result=result).inc()
        if not run.errors:
            self.last_good_poll.labels(store=run.store_hash).set(run.finished_ms / 1000)
