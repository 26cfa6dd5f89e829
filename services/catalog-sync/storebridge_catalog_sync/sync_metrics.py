"""Prometheus metric of catalog-sync's event syncs: each destination's lag behind A."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Histogram

from storebridge_catalog_sync.lag import sync_lags
from storebridge_catalog_sync.outcomes import OutcomeHook, SyncOutcome
from storebridge_shared.events.envelope import utcnow

LAG_BUCKETS = (0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600, 4 * 3600, 24 * 3600)
"""Seconds behind A: a webhook sync takes about a second, the reconcile pass up to its period."""


@dataclass(frozen=True)
class SyncLag:
    """Each destination's lag behind A, observed as syncs report their outcomes."""

    lag: Histogram

    @classmethod
    def register(cls, registry: CollectorRegistry) -> SyncLag:
        """Create the histogram on `registry`."""
        return cls(
            lag=Histogram(
                "storebridge_catalog_sync_lag_seconds",
                "From A's change (date_modified, else the webhook's created_at) to the write "
                "that made the destination hold it",
                ("destination", "since"),
                buckets=LAG_BUCKETS,
                registry=registry,
            ),
        )

    @classmethod
    def fresh(cls) -> SyncLag:
        """On a registry of their own (nobody scrapes it: tests, tools)."""
        return cls.register(CollectorRegistry())

    def observing(self, hook: OutcomeHook) -> OutcomeHook:
        """`hook`, after recording the lag of each destination the sync wrote to."""

        async def observed(outcome: SyncOutcome) -> None:
            for lag in sync_lags(outcome, utcnow()):
                self.lag.labels(destination=lag.destination, since=lag.since).observe(lag.seconds)
            await hook(outcome)

        return observed
