"""Composition root of the janitor: MongoDB, the confirmed publisher, the lease, the ops server."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from functools import partial

import structlog
from prometheus_client import CollectorRegistry

from storebridge_janitor.event_keys import BATCH as EVENT_KEYS_BATCH
from storebridge_janitor.event_keys import fill_when_leader
from storebridge_janitor.hook_reconcile import HookReconcile, can_reconcile
from storebridge_janitor.janitor import Janitor, JanitorConfig
from storebridge_janitor.metrics import JanitorMetrics
from storebridge_janitor.purge import Pacing
from storebridge_janitor.settings import JanitorSettings
from storebridge_janitor.stuck import Alert, StuckReporter
from storebridge_shared.bigcommerce import ApiMetrics
from storebridge_shared.broker.publishing import ConfirmedPublisher
from storebridge_shared.broker.queue_depths import queue_depths
from storebridge_shared.broker.topology import Topology
from storebridge_shared.ops.alerts import Alerter
from storebridge_shared.ops.background import Loop, in_background
from storebridge_shared.ops.eventloop import new_event_loop
from storebridge_shared.ops.logs import configure_logging
from storebridge_shared.ops.server import ReadinessCheck, serving_ops
from storebridge_shared.ops.tracing import JANITOR_LIBRARIES, configure_tracing
from storebridge_shared.store.client import open_database, ping
from storebridge_shared.store.event_keys import EventKeys
from storebridge_shared.store.event_log import EventLog
from storebridge_shared.store.event_maintenance import EventMaintenance
from storebridge_shared.store.hook_notices import HookNotices
from storebridge_shared.store.leases import Lease, owner_id

log = structlog.get_logger(__name__)

LEASE_NAME = "janitor"


@dataclass(frozen=True)
class RunningJanitor:
    """An opened janitor, the readiness checks of its connections and its start-up migration."""

    janitor: Janitor
    checks: dict[str, ReadinessCheck]
    fill_event_keys: Loop
    """Fill the lookup fields of events stored before they existed, while holding the lease
    (`event_keys.fill_when_leader`), paced by the purge's duty cycle."""


def register_metrics(registry: CollectorRegistry) -> tuple[JanitorMetrics, ApiMetrics]:
    """Everything the janitor exports on `registry`: its own metrics and the BigCommerce API's
    (the hook reconcile's calls)."""
    return JanitorMetrics.register(registry), ApiMetrics.register(registry)


@asynccontextmanager
async def open_janitor(
    settings: JanitorSettings,
    *,
    config: JanitorConfig | None = None,
    registry: CollectorRegistry | None = None,
    owner: str | None = None,
    alerter: Alert | None = None,
) -> AsyncIterator[RunningJanitor]:
    """A janitor with its connections; everything is closed on exit and the lease released."""
    config = config or JanitorConfig.from_settings(settings)
    topology = Topology(namespace=settings.broker_namespace)
    publisher = ConfirmedPublisher(settings.amqp_url, topology)
    async with AsyncExitStack() as stack:
        db = await stack.enter_async_context(open_database(settings))
        event_log = EventLog(db)
        stack.push_async_callback(event_log.close)
        await publisher.start()
        stack.push_async_callback(publisher.close)
        events = EventMaintenance(db)
        lease = Lease(db, LEASE_NAME, owner or owner_id(), ttl_secs=config.lease_ttl_secs)
        alerter = alerter or Alerter.from_settings(settings, "janitor")
        metrics, api_metrics = register_metrics(registry or CollectorRegistry())
        janitor = Janitor(
            config=config,
            lease=lease,
            events=events,
            unpublished=event_log,
            publisher=publisher,
            queue_depths=partial(queue_depths, settings.amqp_url, topology),
            stuck=StuckReporter(events, alerter, threshold=config.stuck_after),
            metrics=metrics,
            hooks=_hook_reconcile(settings, config, HookNotices(db), alerter, metrics, api_metrics),
        )
        checks: dict[str, ReadinessCheck] = {
            "mongodb": partial(ping, db),
            "broker": partial(_connected, publisher),
        }
        try:
            pacing = Pacing(EVENT_KEYS_BATCH, config.duty_cycle)
            migration = partial(
                fill_when_leader, EventKeys(db), lease, pacing, config.interval_secs
            )
            yield RunningJanitor(janitor, checks, migration)
        finally:
            await release_quietly(lease)


def _hook_reconcile(
    settings: JanitorSettings,
    config: JanitorConfig,
    notices: HookNotices,
    alerter: Alert,
    metrics: JanitorMetrics,
    api_metrics: ApiMetrics,
) -> HookReconcile | None:
    """The hook reconcile, or None (logged once) when it is off or cannot run."""
    if config.hooks_period is None:
        return None
    if reason := can_reconcile(settings):
        log.warning("janitor_hook_reconcile_off", reason=reason)
        return None
    return HookReconcile(settings, notices, alerter, metrics, api_metrics)


async def release_quietly(lease: Lease) -> None:
    """Give the lease up; with MongoDB gone it expires by itself (one line, no traceback)."""
    if reason := await lease.try_release():
        log.warning("janitor_lease_not_released", reason=reason)


async def _connected(publisher: ConfirmedPublisher) -> bool:
    return publisher.ready


async def serve(settings: JanitorSettings, stop: asyncio.Event) -> None:
    """Run passes and serve /healthz, /readyz, /metrics on JANITOR_OPS_PORT until `stop` is set."""
    registry = CollectorRegistry()
    async with (
        open_janitor(settings, registry=registry) as running,
        serving_ops(
            settings.ops_port,
            registry,
            running.checks,
            before_scrape=running.janitor.refresh_queues,
        ),
        in_background(running.fill_event_keys, name="janitor-event-keys"),
    ):
        log.info("janitor_started")
        await running.janitor.run_until(stop)
    log.info("janitor_stopped")


async def _main(settings: JanitorSettings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await serve(settings, stop)


def main(settings: JanitorSettings) -> None:
    """Run the janitor until SIGTERM or SIGINT, then release the lease and exit."""
    traced = configure_tracing("janitor", JANITOR_LIBRARIES)
    configure_logging(settings.log_format, settings.log_level, service="janitor", trace_ids=traced)
    with asyncio.Runner(loop_factory=new_event_loop) as runner:
        runner.run(_main(settings))
