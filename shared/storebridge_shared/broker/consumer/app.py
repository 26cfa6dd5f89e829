"""Composition of a consuming service on FastStream: broker, subscriber, runtime, start-up.

A service's `app.py` calls `build_consumer_app(settings, topology, service, handler)` and runs the
returned `FastStream` app; its handler stays a plain async function of an `EventEnvelope`.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from functools import partial
from typing import Any, TypeAlias

from faststream import AckPolicy, BaseMiddleware, FastStream
from faststream.message import StreamMessage
from faststream.rabbit import (
    Channel,
    ExchangeType,
    QueueType,
    RabbitBroker,
    RabbitExchange,
    RabbitQueue,
)
from faststream.rabbit.message import RabbitMessage
from faststream.rabbit.opentelemetry import RabbitTelemetryMiddleware
from prometheus_client import CollectorRegistry

from storebridge_shared.broker.consumer.metrics import ConsumerMetrics
from storebridge_shared.broker.consumer.publisher import BrokerPublisher
from storebridge_shared.broker.consumer.runtime import (
    CallNext,
    ConsumerRuntime,
    DeadLetterHook,
    Handler,
)
from storebridge_shared.broker.declaration import declare_with_connection
from storebridge_shared.broker.topology import Topology
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.ops.logs import faststream_logger
from storebridge_shared.ops.server import ReadinessCheck, serving_ops
from storebridge_shared.ops.tracing import carried_trace_id, tracing_enabled
from storebridge_shared.settings import ConsumerSettings

Lifespan: TypeAlias = Callable[[], AbstractAsyncContextManager[None]]
"""Opens and closes the service's own resources around the whole run (FastStream lifespan)."""

ConsumerApp: TypeAlias = FastStream
"""A consuming service's app as `build_consumer_app` returns it (its composition root names
this, not FastStream)."""


async def decode_envelope(message: StreamMessage[Any]) -> EventEnvelope:
    """The subscriber's decoder: the body as an `EventEnvelope` (raises ValidationError)."""
    return EventEnvelope.model_validate_json(message.body)


class _RuntimeMiddleware(BaseMiddleware):
    """Hands every delivery of the subscriber to the runtime, which acks or forwards it."""

    def __init__(self, msg: Any, /, *, context: Any, runtime: ConsumerRuntime) -> None:
        super().__init__(msg, context=context)
        self._runtime = runtime

    async def consume_scope(self, call_next: CallNext, msg: StreamMessage[Any]) -> Any:
        """Run the handler under the runtime's parse, log binding and settle steps."""
        if not isinstance(msg, RabbitMessage):
            raise TypeError(f"expected a RabbitMessage, got {type(msg).__name__}")
        await self._runtime.process(msg, call_next)
        return None


def _description(topology: Topology, service: str, handler: Handler) -> str:
    queues = topology.queues(service)
    summary = (handler.__doc__ or "").strip().splitlines()
    delays = ", ".join(f"{delay:g}" for delay in queues.delays)
    return (
        f"{summary[0] if summary else service}\n\n"
        f"EventEnvelope v1 events from `{topology.events_exchange}` bound by "
        f"{', '.join(queues.binding_keys)}. Acked once the handler returns; a failure waits in "
        f"`{queues.main}.retry.<tier>` ({delays} s, jittered) and after "
        f"the last attempt goes to `{queues.dead}`."
    )


def _subscribe(broker: RabbitBroker, topology: Topology, service: str, handler: Handler) -> None:
    queues = topology.queues(service)
    subscriber = broker.subscriber(
        RabbitQueue(queues.main, queue_type=QueueType.QUORUM, durable=True, declare=False),
        RabbitExchange(
            topology.events_exchange, type=ExchangeType.TOPIC, durable=True, declare=False
        ),
        ack_policy=AckPolicy.MANUAL,
        decoder=decode_envelope,
        no_reply=True,
        title=f"{service}:{queues.main}",
        description=_description(topology, service, handler),
    )

    async def handle(envelope: EventEnvelope) -> None:
        await handler(envelope)

    handle.__name__ = handle.__qualname__ = getattr(handler, "__name__", "handle")
    subscriber(handle)
    if tracing_enabled():
        _log_trace_id(subscriber)


def _log_trace_id(subscriber: Any) -> None:
    """FastStream's own lines of a delivery (`Received`, `Processed`, a handler's error) are
    written by its logging middleware, outside the consume span: they carry the delivery's
    trace id, read from its `traceparent` header, in FastStream's log context."""
    log_context: Callable[[StreamMessage[Any] | None], dict[str, str]] = subscriber.get_log_context

    def with_trace_id(message: StreamMessage[Any] | None) -> dict[str, str]:
        context = log_context(message)
        trace_id = carried_trace_id(message.headers) if message is not None else None
        return context | {"trace_id": trace_id} if trace_id else context

    subscriber.get_log_context = with_trace_id


def build_consumer_broker(
    settings: ConsumerSettings,
    topology: Topology,
    service: str,
    handler: Handler,
    *,
    on_dead_letter: DeadLetterHook | None = None,
    registry: CollectorRegistry | None = None,
    rng: Callable[[], float] = random.random,
) -> RabbitBroker:
    """A broker whose one subscriber runs `handler` on the service's queue under the runtime."""
    broker = RabbitBroker(
        settings.amqp_url,
        default_channel=Channel(
            prefetch_count=settings.consumer_prefetch,
            publisher_confirms=True,
            on_return_raises=True,
        ),
        graceful_timeout=settings.shutdown_grace_secs,
        ack_policy=AckPolicy.MANUAL,
        app_id=f"storebridge-{service}",
        logger=faststream_logger(),
    )
    runtime = ConsumerRuntime(
        queues=topology.queues(service),
        dead_exchange=topology.dead_exchange,
        max_attempts=settings.max_attempts,
        forwarder=BrokerPublisher(broker, topology),
        metrics=ConsumerMetrics.register(registry or CollectorRegistry()),
        on_dead_letter=on_dead_letter,
        rng=rng,
    )
    if tracing_enabled():  # outermost of ours: the runtime's handling and forwards in its span
        broker.insert_middleware(RabbitTelemetryMiddleware())
    broker.add_middleware(partial(_RuntimeMiddleware, runtime=runtime))
    _subscribe(broker, topology, service, handler)
    return broker


def consumer_publisher(app: FastStream, topology: Topology) -> BrokerPublisher:
    """The publisher over a consumer app's own broker (envelopes, events, confirmed)."""
    if not isinstance(app.broker, RabbitBroker):
        raise TypeError("a consumer app runs on a RabbitBroker")
    return BrokerPublisher(app.broker, topology)


def _broker_ping(broker: RabbitBroker) -> ReadinessCheck:
    async def ping() -> bool:
        return bool(await broker.ping(timeout=2))

    return ping


def build_consumer_app(
    settings: ConsumerSettings,
    topology: Topology,
    service: str,
    handler: Handler,
    *,
    on_dead_letter: DeadLetterHook | None = None,
    registry: CollectorRegistry | None = None,
    lifespan: Lifespan | None = None,
    readiness: Mapping[str, ReadinessCheck] | None = None,
) -> FastStream:
    """The service's FastStream app: declares the topology at start-up, then consumes.

    With the service's ops port set, /healthz, /readyz (broker plus `readiness` checks) and
    /metrics are served while the app runs.
    """
    registry = registry or CollectorRegistry()
    broker = build_consumer_broker(
        settings, topology, service, handler, on_dead_letter=on_dead_letter, registry=registry
    )
    ops = contextlib.AsyncExitStack()

    async def declare_topology_on_startup() -> None:
        await declare_with_connection(settings.amqp_url, topology)

    async def start_ops_server() -> None:
        if settings.ops_port is not None:
            checks: dict[str, ReadinessCheck] = {"broker": _broker_ping(broker)}
            checks |= readiness or {}
            await ops.enter_async_context(serving_ops(settings.ops_port, registry, checks))

    return FastStream(
        broker,
        logger=faststream_logger(),
        lifespan=lifespan,
        on_startup=[declare_topology_on_startup],
        after_startup=[start_ops_server],
        on_shutdown=[ops.aclose],
    )
