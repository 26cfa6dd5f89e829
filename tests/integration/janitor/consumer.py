"""A test consumer on the real broker, built with `build_consumer_app`, and a publisher."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

from faststream import TestApp

from storebridge_shared.broker.consumer import build_consumer_app
from storebridge_shared.broker.publishing import ConfirmedPublisher
from storebridge_shared.broker.topology import Topology
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.settings import BrokerSettings, ConsumerSettings
from tests.support.settings import settings_of
from tests.support.waiting import wait_until

SERVICE = "order-replicator"
"""The test consumer takes the order-replicator's queue (that service does not run in tests)."""


@contextlib.asynccontextmanager
async def consuming(
    settings: BrokerSettings, handler: Callable[[EventEnvelope], Awaitable[None]]
) -> AsyncIterator[None]:
    """Run `handler` on the order-replicator queue of the settings' namespace."""

    async def handle(envelope: EventEnvelope) -> None:
        """Test handler."""
        await handler(envelope)

    consumer = settings_of(
        ConsumerSettings, amqp_url=settings.amqp_url, broker_namespace=settings.broker_namespace
    )
    app = build_consumer_app(consumer, Topology(settings.broker_namespace), SERVICE, handle)
    async with TestApp(app):
        yield


@contextlib.asynccontextmanager
async def publishing(settings: BrokerSettings) -> AsyncIterator[ConfirmedPublisher]:
    """A connected confirmed publisher on the settings' namespace."""
    publisher = ConfirmedPublisher(settings.amqp_url, Topology(settings.broker_namespace))
    await publisher.start()
    try:
        await wait_until(_ready(publisher), timeout=10)
        yield publisher
    finally:
        await publisher.close()


def _ready(publisher: ConfirmedPublisher) -> Callable[[], Awaitable[bool]]:
    async def ready() -> bool:
        return publisher.ready

    return ready
