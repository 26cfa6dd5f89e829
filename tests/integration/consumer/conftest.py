"""A test consumer on the real RabbitMQ: own namespace, short retry tiers, helpers to drive it."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aio_pika
import pytest
import structlog
from faststream import FastStream
from prometheus_client import CollectorRegistry

from storebridge_shared.broker.consumer import DeadLetter, Handler, build_consumer_app
from storebridge_shared.broker.topology import Topology
from storebridge_shared.events.envelope import EventEnvelope, new_event_id
from storebridge_shared.settings import ConsumerSettings
from tests.support.waiting import wait_until

SERVICE = "test-consumer"
BINDINGS: dict[str, tuple[str, ...]] = {SERVICE: ("*.product.#",)}
FAST_TIERS = (0.05, 0.1, 0.2)


def envelope(resource_id: str = "205", **overrides: Any) -> EventEnvelope:
    """A valid product-updated envelope with a fresh event id."""
    now = datetime.now(UTC)
    fields: dict[str, Any] = {
        "event_id": new_event_id(),
        "store_hash": "abc123",
        "scope": "store/product/updated",
        "resource_type": "product",
        "resource_id": resource_id,
        "bc_hash": uuid.uuid4().hex,
        "created_at": now,
        "received_at": now,
        "payload": {"type": "product", "id": resource_id},
    }
    return EventEnvelope(**{**fields, **overrides})


@pytest.fixture
def topology(request: pytest.FixtureRequest) -> Topology:
    """The test's own namespace with one `test-consumer` service; tiers via indirect param."""
    tiers = getattr(request, "param", FAST_TIERS)
    return Topology(namespace=f"t-{uuid.uuid4().hex[:10]}", bindings=BINDINGS, retry_delays=tiers)


@dataclass
class Broker:
    """The test's side of the broker: publish like the ingress, inspect the queues."""

    channel: aio_pika.abc.AbstractChannel
    topology: Topology

    async def publish(self, body: EventEnvelope | bytes, routing_key: str = "") -> None:
        """Publish to the events exchange, persistent and confirmed, as the ingress does."""
        raw = body.to_message() if isinstance(body, EventEnvelope) else body
        key = routing_key or (body.routing_key if isinstance(body, EventEnvelope) else "")
        exchange = await self.channel.get_exchange(self.topology.events_exchange, ensure=False)
        message = aio_pika.Message(
            raw, content_type="application/json", delivery_mode=aio_pika.DeliveryMode.PERSISTENT
        )
        await exchange.publish(message, routing_key=key or "abc123.product.updated")

    async def ready(self, queue: str) -> int:
        """Messages ready in `queue` (unacked ones are not counted)."""
        declared = await self.channel.declare_queue(queue, passive=True)
        return int(declared.declaration_result.message_count or 0)

    async def ready_is(self, queue: str, count: int) -> bool:
        """True when exactly `count` messages are ready in `queue`."""
        return await self.ready(queue) == count

    async def take(self, queue: str, timeout: float = 10.0) -> aio_pika.abc.AbstractIncomingMessage:
        """The next message of `queue` (acked), waiting for it up to `timeout`."""
        source = await self.channel.get_queue(queue, ensure=False)
        taken: list[aio_pika.abc.AbstractIncomingMessage] = []

        async def got_one() -> bool:
            message = await source.get(no_ack=True, fail=False)
            if message is not None:
                taken.append(message)
            return bool(taken)

        await wait_until(got_one, timeout=timeout)
        return taken[0]

    async def stays_empty(self, queue: str, secs: float = 0.3) -> bool:
        """True when nothing becomes ready in `queue` for `secs` (e.g. after a consumer left)."""
        with contextlib.suppress(AssertionError):
            await wait_until(lambda: self._has_ready(queue), timeout=secs)
            return False
        return True

    async def _has_ready(self, queue: str) -> bool:
        return await self.ready(queue) > 0


@pytest.fixture
async def broker(amqp_channel: aio_pika.abc.AbstractChannel, declared_topology: Topology) -> Broker:
    """The declared test topology and a channel with publisher confirms."""
    return Broker(amqp_channel, declared_topology)


@pytest.fixture
def plain_logs() -> Iterator[None]:
    """Render log lines without tracebacks (a rich traceback per failure is slow), then restore."""
    saved = structlog.get_config()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.KeyValueRenderer(),
        ]
    )
    yield
    structlog.configure(**saved)


@dataclass
class Recorder:
    """What the dead-letter hook saw."""

    dead: list[DeadLetter] = field(default_factory=list)

    async def on_dead_letter(self, letter: DeadLetter) -> None:
        """The hook given to the runtime."""
        self.dead.append(letter)


def settings_for(amqp_url: str, topology: Topology, **overrides: Any) -> ConsumerSettings:
    """Consumer settings of a test: 3 attempts, prefetch 10, short grace."""
    values: dict[str, Any] = {
        "amqp_url": amqp_url,
        "broker_namespace": topology.namespace,
        "consumer_max_attempts": 3,
        "consumer_prefetch": 10,
        "shutdown_grace_secs": 2.0,
        **overrides,
    }
    return ConsumerSettings(**values)


RunConsumer = Callable[..., contextlib.AbstractAsyncContextManager[FastStream]]


@pytest.fixture
def run_consumer(amqp_url: str, broker: Broker) -> RunConsumer:
    """Start the test consumer in-process with a handler; stop it (gracefully) on exit."""

    @contextlib.asynccontextmanager
    async def running(
        handler: Handler,
        *,
        recorder: Recorder | None = None,
        registry: CollectorRegistry | None = None,
        **overrides: Any,
    ) -> AsyncIterator[FastStream]:
        settings = settings_for(amqp_url, broker.topology, **overrides)
        app = build_consumer_app(
            settings,
            broker.topology,
            SERVICE,
            handler,
            on_dead_letter=recorder.on_dead_letter if recorder else None,
            registry=registry,
        )
        async with app:
            yield app

    return running


def metric(registry: CollectorRegistry, name: str, **labels: str) -> float:
    """A sample's value, 0 when absent."""
    return registry.get_sample_value(name, {"service": SERVICE, **labels}) or 0.0


async def eventually(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait until a synchronous condition holds."""

    async def check() -> bool:
        return condition()

    await wait_until(check, timeout=timeout)
