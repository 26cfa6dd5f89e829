"""The AsyncAPI document of everything storebridge puts on the broker, built by FastStream.

The consumers' subscribers are the ones their apps run (`consumer.app`), so their queues,
bindings and message schema are the code's; each other message (the ingress's events, a
service's own events and commands, retry and dead-letter copies) is declared as a `Published`
and registered as a FastStream publisher on a broker that never connects. The committed
document is `docs/contracts/asyncapi.json` (`python -m storebridge_cli.contracts` writes it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from faststream.rabbit import ExchangeType, RabbitBroker, RabbitExchange
from faststream.specification import AsyncAPI
from pydantic import BaseModel

from storebridge_shared.broker.consumer.app import _subscribe
from storebridge_shared.broker.consumer.runtime import Handler
from storebridge_shared.broker.topology import Topology
from storebridge_shared.events.envelope import EventEnvelope

DOCUMENTED_BROKER_URL = "amqp://rabbitmq:5672/"
"""The server the document names (AMQP_URL in a deployment)."""


@dataclass(frozen=True)
class Published:
    """One kind of message a service publishes: to `exchange` (None: the default exchange,
    straight to the queue `routing_key`) under `routing_key`, its body a `model`."""

    title: str
    description: str
    model: type[BaseModel]
    routing_key: str
    exchange: str | None = None
    topic: bool = True


def _handler(summary: str) -> Handler:
    async def handle(envelope: EventEnvelope) -> None:
        """Documentation only: never run."""

    handle.__doc__ = summary
    return handle


def failure_messages(topology: Topology) -> list[Published]:
    """The retry and dead-letter copies the runtime forwards for each consuming service."""
    messages = []
    for service in topology.services:
        queues = topology.queues(service)
        delays = ", ".join(f"{delay:g}" for delay in queues.delays)
        messages.append(
            Published(
                title=f"{service}:retry",
                description=(
                    f"A failed delivery of `{queues.main}`, copied to `{queues.main}.retry.<tier>` "
                    f"(tiers {delays} s, jittered expiration) with `x-storebridge-attempt`, "
                    "`x-storebridge-first-failed-at` and `x-storebridge-last-error`; it returns "
                    f"to `{queues.main}` when it expires."
                ),
                model=EventEnvelope,
                routing_key=f"{queues.main}.retry.<tier>",
            )
        )
        messages.append(
            Published(
                title=f"{service}:dead",
                description=(
                    f"A delivery of `{queues.main}` that failed for good (a permanent failure, the "
                    "last attempt, or not an envelope), with `x-storebridge-reason`, "
                    "`x-storebridge-attempts`, `x-storebridge-failed-at`, `x-storebridge-service` "
                    f"and `x-storebridge-routing-key`; routed to `{queues.dead}`."
                ),
                model=EventEnvelope,
                routing_key=queues.main,
                exchange=topology.dead_exchange,
                topic=False,
            )
        )
    return messages


def asyncapi_document(
    topology: Topology,
    consumers: Mapping[str, str],
    published: Sequence[Published],
    *,
    version: str,
) -> dict[str, Any]:
    """The AsyncAPI 3.0 document: each consuming service's subscriber (`consumers`: service ->
    one-line summary) and every `published` message."""
    broker = RabbitBroker(DOCUMENTED_BROKER_URL)
    for service, summary in consumers.items():
        _subscribe(broker, topology, service, _handler(summary))
    for message in published:
        exchange = None
        if message.exchange is not None:
            kind = ExchangeType.TOPIC if message.topic else ExchangeType.DIRECT
            exchange = RabbitExchange(message.exchange, type=kind, durable=True, declare=False)
        broker.publisher(
            routing_key=message.routing_key,
            exchange=exchange,
            title=message.title,
            description=message.description,
            schema=message.model,
        )
    specification = AsyncAPI(
        broker,
        title="storebridge broker",
        version=version,
        description=(
            f"Every event and command storebridge puts on RabbitMQ, under the namespace "
            f"`{topology.namespace}` (BROKER_NAMESPACE). Event routing keys are "
            "`{store_hash}.{resource}.{action}` (scope `store/product/updated` from store "
            "`abc123` is `abc123.product.updated`). Every publish waits for the broker's "
            "confirm; the trace context travels in the W3C `traceparent` header."
        ),
        schema_version="3.0.0",
    ).to_specification()
    document: dict[str, Any] = specification.to_jsonable()
    return document
