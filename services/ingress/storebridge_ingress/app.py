"""Composition root of the ingress: settings in, aiohttp application out."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

import structlog
from aiohttp import web
from prometheus_client import CollectorRegistry

from storebridge_ingress.metrics import IngressMetrics
from storebridge_ingress.relay import Relay
from storebridge_ingress.routes import setup_routes
from storebridge_ingress.settings import IngressSettings
from storebridge_ingress.tracing import TracedRecorder
from storebridge_ingress.typedefs import (
    ALERTER,
    DATABASE,
    EVENT_LOG,
    HOOK_NOTICES,
    HOOK_REGISTRATION,
    INDEXES_READY,
    METRICS,
    PUBLISHER,
    RECORDER,
    RELAY,
    SETTINGS,
)
from storebridge_shared.broker.publishing import ConfirmedPublisher
from storebridge_shared.broker.topology import Topology
from storebridge_shared.hooks.sync import sync_all_hooks
from storebridge_shared.ops.alerts import Alerter
from storebridge_shared.ops.background import in_background
from storebridge_shared.ops.tracing import tracing_enabled
from storebridge_shared.store.client import open_database
from storebridge_shared.store.collections import ensure_indexes
from storebridge_shared.store.event_log import EventLog
from storebridge_shared.store.hook_notices import HookNotices

log = structlog.get_logger(__name__)

PUBLISH_TIMEOUT_SECS = 3.0


def create_app(
    settings: IngressSettings, *, registry: CollectorRegistry | None = None
) -> web.Application:
    """Build the ingress application; connections open in its cleanup contexts."""
    app = web.Application(client_max_size=settings.webhook_max_body_bytes + 1024)
    app[SETTINGS] = settings
    app[METRICS] = IngressMetrics.create(registry)
    app[ALERTER] = Alerter.from_settings(settings, "ingress")
    app.cleanup_ctx.extend([_mongodb, _broker, _relay])
    if settings.register_hooks_on_start:
        app.on_startup.append(_register_hooks)
    setup_routes(app)
    return app


async def _mongodb(app: web.Application) -> AsyncIterator[None]:
    async with open_database(app[SETTINGS], indexes=False) as database:  # indexes: below
        app[DATABASE] = database
        app[EVENT_LOG] = EventLog(database, on_insert_batch=app[METRICS].insert_batch_size.observe)
        app[RECORDER] = TracedRecorder(app[EVENT_LOG]) if tracing_enabled() else app[EVENT_LOG]
        app[HOOK_NOTICES] = HookNotices(database)
        app[INDEXES_READY] = asyncio.Event()
        indexing = asyncio.create_task(_ensure_indexes_until_done(app))
        yield
        indexing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await indexing
        await app[EVENT_LOG].close()


async def _ensure_indexes_until_done(app: web.Application) -> None:
    """Create the indexes (the dedup guard); until then webhooks are answered 503."""
    while True:
        try:
            await ensure_indexes(app[DATABASE])
        except Exception as error:
            log.warning("mongodb_unreachable", error=str(error))
            await asyncio.sleep(1)
        else:
            app[INDEXES_READY].set()
            log.info("event_log_ready")  # from here on webhooks are stored, not answered 503
            return


async def _broker(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    publisher = ConfirmedPublisher(
        settings.amqp_url, Topology(settings.broker_namespace), timeout=PUBLISH_TIMEOUT_SECS
    )
    await publisher.start()
    app[PUBLISHER] = publisher
    yield
    await publisher.close()


async def _relay(app: web.Application) -> AsyncIterator[None]:
    """The relay queries the event log on a client of its own (one connection), never on the
    request path's pool."""
    async with open_database(app[SETTINGS], indexes=False, max_pool_size=1) as database:
        event_log = EventLog(database)
        relay = Relay(
            event_log,
            app[PUBLISHER],
            app[METRICS],
            sweep_secs=app[SETTINGS].relay_interval_secs,
            min_age=timedelta(seconds=PUBLISH_TIMEOUT_SECS + 1),
            settle_marks=app[EVENT_LOG].settle_marks,
        )
        app[RELAY] = relay
        async with in_background(relay.run, name="relay"):
            yield
        await event_log.close()


async def _register_hooks(app: web.Application) -> None:
    """Reconcile the stores' hooks in the background; a failure is logged, never fatal."""

    async def register() -> None:
        try:
            for report in await sync_all_hooks(app[SETTINGS]):
                store, summary = report.store.name, report.plan.summary()
                log.info("hooks_synced", store=store, summary=summary, errors=report.errors)
        except Exception as error:
            log.error("hooks_registration_failed", error=str(error))

    app[HOOK_REGISTRATION] = asyncio.create_task(register())
