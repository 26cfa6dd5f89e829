"""Composition root of the console: settings in, aiohttp application out."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web
from prometheus_client import CollectorRegistry

from storebridge_console.auth import SessionSigner, ThrottleRule
from storebridge_console.metrics import ConsoleMetrics
from storebridge_console.routes import setup_routes
from storebridge_console.settings import ConsoleSettings
from storebridge_console.typedefs import (
    DATABASE,
    EVENT_LOG,
    METRICS,
    PUBLISHER,
    SETTINGS,
    SIGNER,
    TEMPLATES,
    THROTTLE,
)
from storebridge_console.web import authenticated, observed, templates
from storebridge_shared.broker.publishing import ConfirmedPublisher
from storebridge_shared.broker.topology import Topology
from storebridge_shared.settings import ConfigurationError
from storebridge_shared.store.client import open_database
from storebridge_shared.store.event_log import EventLog

MAX_FORM_BYTES = 64 * 1024


def create_app(
    settings: ConsoleSettings, *, registry: CollectorRegistry | None = None
) -> web.Application:
    """Build the console; MongoDB and the broker open in its cleanup contexts."""
    if settings.console_password is None:
        raise ConfigurationError("CONSOLE_PASSWORD is required but not set")
    app = web.Application(middlewares=[observed, authenticated], client_max_size=MAX_FORM_BYTES)
    app[SETTINGS] = settings
    app[METRICS] = ConsoleMetrics.create(registry)
    app[TEMPLATES] = templates()
    lifetime = int(settings.console_session_hours * 3600)
    app[SIGNER] = SessionSigner.for_password(settings.console_password.get_secret_value(), lifetime)
    app[THROTTLE] = ThrottleRule()
    app.cleanup_ctx.extend([_mongodb, _broker])
    setup_routes(app)
    return app


async def _mongodb(app: web.Application) -> AsyncIterator[None]:
    async with open_database(app[SETTINGS], indexes=False) as database:
        app[DATABASE] = database
        app[EVENT_LOG] = EventLog(database)
        yield
        await app[EVENT_LOG].close()


async def _broker(app: web.Application) -> AsyncIterator[None]:
    """A confirmed publisher for the actions that publish (resync); connects in the background."""
    settings = app[SETTINGS]
    publisher = ConfirmedPublisher(settings.amqp_url, Topology(settings.broker_namespace))
    await publisher.start()
    app[PUBLISHER] = publisher
    yield
    await publisher.close()
