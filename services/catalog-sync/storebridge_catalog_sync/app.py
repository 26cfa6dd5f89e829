"""Composition root of catalog-sync: MongoDB, BigCommerce clients, alerter, coordinator, sweep."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from functools import partial

import structlog
from prometheus_client import CollectorRegistry

from storebridge_catalog_sync.coordinator import SERVICE, Coordinator
from storebridge_catalog_sync.destinations import configured_destinations
from storebridge_catalog_sync.lag import during_event
from storebridge_catalog_sync.outcomes import OutcomeHook
from storebridge_catalog_sync.reading import product_of_variant
from storebridge_catalog_sync.reconcile.loop import reconcile_periodically
from storebridge_catalog_sync.reconcile.metrics import WEBHOOK, ReconcileMetrics
from storebridge_catalog_sync.reconcile.setup import open_reconciler
from storebridge_catalog_sync.register import outcome_recorder
from storebridge_catalog_sync.routing import PRODUCT, VARIANT, Target, target_of
from storebridge_catalog_sync.settings import CatalogSyncSettings
from storebridge_catalog_sync.sync_metrics import SyncLag
from storebridge_catalog_sync.wiring import coordinator_of, open_sync_context
from storebridge_shared.bigcommerce import ApiMetrics
from storebridge_shared.broker.consumer import ConsumerApp, DeadLetter, build_consumer_app
from storebridge_shared.broker.topology import Topology
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.ops.alerts import Alerter
from storebridge_shared.ops.background import Stopping, in_background
from storebridge_shared.ops.eventloop import new_event_loop
from storebridge_shared.ops.logs import configure_logging
from storebridge_shared.ops.tracing import CONSUMER_LIBRARIES, configure_tracing
from storebridge_shared.store.client import Database, open_database
from storebridge_shared.store.event_log import EventLog
from storebridge_shared.store.leases import owner_id

log = structlog.get_logger(__name__)


@dataclass
class CatalogSyncService:
    """The handler and the resources it uses, opened by `resources` around the run."""

    settings: CatalogSyncSettings
    on_outcome: OutcomeHook | None = None
    owner: str = field(default_factory=owner_id)
    coordinator: Coordinator | None = None
    events: EventLog | None = None
    alerter: Alerter | None = None
    api_metrics: ApiMetrics | None = None
    """Counts the BigCommerce calls of the event syncs and the reconcile pass."""
    metrics: ReconcileMetrics | None = None
    """The reconcile metrics (what the event syncs changed is counted as found by webhook)."""
    lag: SyncLag = field(default_factory=SyncLag.fresh)
    """Each destination's lag behind A after the writes of the event syncs and the passes."""

    async def handle(self, envelope: EventEnvelope) -> None:
        """Sync the product or category an event names from store A into every destination."""
        if self.coordinator is None or self.events is None:
            raise RuntimeError("catalog-sync is not started")
        target = await self._resolved(target_of(envelope, self.coordinator.source))
        if target is None:
            await self.events.mark_processed(envelope.event_id, SERVICE)
            return
        with during_event(envelope.created_at):
            await self.coordinator.submit(target.kind, target.resource_id, envelope.event_id)

    async def _resolved(self, target: Target | None) -> Target | None:
        """A variant's product in place of the variant (None: the variant is gone from A, and
        its product's own events sync the rest)."""
        if target is None or target.kind != VARIANT:
            return target
        if self.source is None:
            raise RuntimeError("catalog-sync is not started")
        product_id = await product_of_variant(self.source, target.resource_id)
        return None if product_id is None else Target(PRODUCT, product_id)

    async def dead_lettered(self, dead: DeadLetter) -> None:
        """Alert on a dead-lettered event (never blocks other products)."""
        if self.alerter is not None:
            await self.alerter.alert(
                "catalog_sync_dead_letter", dead.reason, event_id=dead.event_id or ""
            )

    @contextlib.asynccontextmanager
    async def resources(self) -> AsyncIterator[None]:
        """Open MongoDB, the clients and the alerter; run the sweep; close all on exit."""
        settings = self.settings
        async with open_database(settings) as db:
            self.events = EventLog(db)
            self.alerter = Alerter.from_settings(settings, SERVICE)
            on_outcome = self.lag.observing(self.on_outcome or outcome_recorder(db))
            if self.metrics is not None:
                on_outcome = self.metrics.counting(WEBHOOK, on_outcome)
            async with open_sync_context(
                settings, db, on_outcome=on_outcome, api_metrics=self.api_metrics
            ) as ctx:
                self.source = ctx.source
                self.coordinator = coordinator_of(ctx, db, settings, self.owner, events=self.events)
                async with (
                    in_background(partial(self._sweep, self.coordinator), name="sweep"),
                    self._reconcile(db),
                ):
                    yield

    @contextlib.asynccontextmanager
    async def _reconcile(self, db: Database) -> AsyncIterator[None]:
        """The reconcile pass every SYNC_PERIOD_IN_SECS (0: none), on clients of its own that
        spend at most CATALOG_RECONCILE_QUOTA_SHARE of each store's quota."""
        settings = self.settings
        period = float(settings.sync_period_in_secs)
        if period <= 0:
            yield
            return

        async def loop(stopping: Stopping) -> None:
            opened = open_reconciler(
                settings,
                db,
                self.owner,
                stopping,
                self.api_metrics,
                metrics=self.metrics,
                lag=self.lag,
            )
            async with opened as run:
                await reconcile_periodically(run, period, stopping)

        async with in_background(loop, name="reconcile"):
            yield

    async def _sweep(self, coordinator: Coordinator, stopping: Stopping) -> None:
        """Every CATALOG_SWEEP_INTERVAL_SECS finish what crashed workers left, until stopping."""
        while not await stopping.sleep(self.settings.catalog_sweep_interval_secs):
            try:
                await coordinator.sweep()
            except Exception as error:
                log.warning("catalog.sweep_error", error=str(error)[:300])


def create_app(
    settings: CatalogSyncSettings,
    *,
    topology: Topology | None = None,
    registry: CollectorRegistry | None = None,
    on_outcome: OutcomeHook | None = None,
) -> ConsumerApp:
    """The catalog-sync consumer app (its metrics, the reconcile pass's too, on `registry`)."""
    registry = registry or CollectorRegistry()
    service = CatalogSyncService(
        settings,
        on_outcome=on_outcome,
        api_metrics=ApiMetrics.register(registry),
        metrics=ReconcileMetrics.register(registry),
        lag=SyncLag.register(registry),
    )
    return build_consumer_app(
        settings,
        topology or Topology(namespace=settings.broker_namespace),
        SERVICE,
        service.handle,
        on_dead_letter=service.dead_lettered,
        registry=registry,
        lifespan=service.resources,
    )


def main(settings: CatalogSyncSettings) -> None:
    """Run catalog-sync until SIGTERM (a bad destinations file or rule stops it first)."""
    configured_destinations(settings)
    traced = configure_tracing(SERVICE, CONSUMER_LIBRARIES)
    configure_logging(settings.log_format, settings.log_level, service=SERVICE, trace_ids=traced)
    app = create_app(settings)
    with asyncio.Runner(loop_factory=new_event_loop) as loop:
        loop.run(app.run())
