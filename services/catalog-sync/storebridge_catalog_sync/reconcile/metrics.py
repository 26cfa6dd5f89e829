"""Prometheus metrics of the reconcile pass, on catalog-sync's registry (its /metrics).

- `storebridge_catalog_reconcile_lag_seconds`: age of the oldest change in A the changes pass
  has found and not yet synced (A's `date_modified` of the item it is at, or stopped at for
  lack of quota share); 0 when nothing is pending.
- `storebridge_catalog_reconcile_changes_total{found_by, destination}`: syncs that changed a
  destination (created, updated, deleted or disabled something), by what found the change:
  `webhook` (event-driven syncs), `reconcile` (the changes pass), `full_compare`. What the
  passes change is what the webhooks missed.
- `storebridge_catalog_reconcile_quota_share_used{store}`: share of each store's quota the
  pass's clients spent in the current window (capped by CATALOG_RECONCILE_QUOTA_SHARE).
- `storebridge_catalog_reconcile_last_pass_timestamp_seconds`: when a changes pass last
  finished (alert when it stops moving).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge

from storebridge_catalog_sync.outcomes import OutcomeHook, Status, SyncOutcome
from storebridge_catalog_sync.reconcile.decide import moment_ms
from storebridge_shared.bigcommerce import BigCommerceClient

WEBHOOK, RECONCILE, FULL_COMPARE = "webhook", "reconcile", "full_compare"
CHANGED = frozenset({Status.CREATED, Status.UPDATED, Status.DELETED, Status.DISABLED})


def _epoch_ms() -> int:
    return time.time_ns() // 1_000_000


def changed_destinations(outcome: SyncOutcome) -> list[str]:
    """The destinations where a sync changed something."""
    return [r.destination for r in outcome.results if r.status in CHANGED]


def _share_of(client: BigCommerceClient) -> Callable[[], float]:
    def share() -> float:
        return client.quota_share_used() or 0.0

    return share


@dataclass
class ReconcileMetrics:
    """The reconcile metrics and the state the lag is computed from at scrape time."""

    lag: Gauge
    changes: Counter
    quota_share_used: Gauge
    last_pass: Gauge
    clock: Callable[[], int] = field(default=_epoch_ms)
    oldest_pending_ms: int | None = None

    @classmethod
    def register(
        cls, registry: CollectorRegistry, clock: Callable[[], int] = _epoch_ms
    ) -> ReconcileMetrics:
        """Create the metrics on `registry`."""
        metrics = cls(
            lag=Gauge(
                "storebridge_catalog_reconcile_lag_seconds",
                "Age of the oldest change in A the reconcile pass found and has not synced yet",
                registry=registry,
            ),
            changes=Counter(
                "storebridge_catalog_reconcile_changes",
                "Syncs that changed a destination, by what found the change "
                "(webhook, reconcile, full_compare)",
                ("found_by", "destination"),
                registry=registry,
            ),
            quota_share_used=Gauge(
                "storebridge_catalog_reconcile_quota_share_used",
                "Share of each store's quota the reconcile pass spent in the current window",
                ("store",),
                registry=registry,
            ),
            last_pass=Gauge(
                "storebridge_catalog_reconcile_last_pass_timestamp_seconds",
                "When a reconcile changes pass last finished",
                registry=registry,
            ),
            clock=clock,
        )
        metrics.lag.set_function(metrics.lag_seconds)
        return metrics

    def lag_seconds(self) -> float:
        """Seconds since the oldest pending change (0 when none)."""
        if self.oldest_pending_ms is None:
            return 0.0
        return max(0.0, (self.clock() - self.oldest_pending_ms) / 1000)

    def pending(self, date_modified: str | None) -> None:
        """The changes pass is at (or stopped at) an item of this `date_modified`; None: none."""
        self.oldest_pending_ms = moment_ms(date_modified) if date_modified else None

    def pass_finished(self) -> None:
        """A changes pass ended with nothing left."""
        self.oldest_pending_ms = None
        self.last_pass.set(self.clock() / 1000)

    def count(self, found_by: str, outcome: SyncOutcome) -> None:
        """Count each destination the sync changed."""
        for destination in changed_destinations(outcome):
            self.changes.labels(found_by=found_by, destination=destination).inc()

    def watch_clients(self, clients: Sequence[BigCommerceClient]) -> None:
        """Report the share of each store's quota these (the pass's) clients spend."""
        for client in clients:
            child = self.quota_share_used.labels(store=client.store.name)
            child.set_function(_share_of(client))

    def counting(self, found_by: str, hook: OutcomeHook) -> OutcomeHook:
        """`hook`, counting each outcome's changes under `found_by` first."""

        async def counted(outcome: SyncOutcome) -> None:
            self.count(found_by, outcome)
            await hook(outcome)

        return counted
