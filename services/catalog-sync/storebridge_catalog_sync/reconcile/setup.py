"""Build a `Reconciler` with its lease keeper: clients of its own (capped at the quota share),
a coordinator on the service's sync states, the checkpoint store and the register's hook.
Used by the service (`app.py`) and `storebridge catalog-sync reconcile`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from storebridge_catalog_sync.reconcile.full import FullCompare
from storebridge_catalog_sync.reconcile.loop import (
    LeaseKeeper,
    Reconcile,
    lease_secs,
    reconcile_lease,
)
from storebridge_catalog_sync.reconcile.metrics import ReconcileMetrics
from storebridge_catalog_sync.reconcile.passes import Reconciler
from storebridge_catalog_sync.reconcile.report import PassReport
from storebridge_catalog_sync.settings import ReconcileSettings
from storebridge_catalog_sync.store.reconcile_state import ProductDigests, ReconcileStore
from storebridge_catalog_sync.sync_metrics import SyncLag
from storebridge_catalog_sync.wiring import coordinator_of, open_sync_context
from storebridge_shared.bigcommerce import ApiMetrics
from storebridge_shared.ops.background import Stopping
from storebridge_shared.store.client import Database


@asynccontextmanager
async def open_reconciler(
    settings: ReconcileSettings,
    db: Database,
    owner: str,
    stopping: Stopping,
    api_metrics: ApiMetrics | None = None,
    *,
    metrics: ReconcileMetrics | None = None,
    lag: SyncLag | None = None,
) -> AsyncIterator[Reconcile]:
    """The changes pass and the full compare for store A into every destination, and the
    keeper of their lease; `api_metrics` counts their BigCommerce calls, `metrics` (the
    service's) follow the passes and their clients' quota share, `lag` the destinations' lag
    behind A after the passes' writes."""
    period = float(settings.sync_period_in_secs or 15)
    report = PassReport(db, metrics)
    share = settings.catalog_reconcile_quota_share
    on_outcome = report.hook if lag is None else lag.observing(report.hook)
    async with open_sync_context(
        settings, db, on_outcome=on_outcome, quota_share=share, api_metrics=api_metrics
    ) as ctx:
        if metrics is not None:
            metrics.watch_clients([ctx.source, *(d.client for d in ctx.destinations)])
        coordinator = coordinator_of(ctx, db, settings, owner, recheck=False)
        lease = reconcile_lease(db, ctx.source_hash, owner, period)
        keeper = LeaseKeeper(lease, stopping, lease_secs(period))
        reconciler = Reconciler(
            ctx, coordinator, ReconcileStore(db), report, keeper, metrics=metrics
        )
        full = FullCompare(reconciler, ProductDigests(db))
        yield Reconcile(reconciler, full, keeper, settings.catalog_full_compare_hours)
