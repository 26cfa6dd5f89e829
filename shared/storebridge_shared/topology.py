"""THE broker topology: every exchange, queue, binding and argument storebridge uses.

Declared as data, then declared on the broker by `declare_topology`. No other module names a
queue or an exchange.

    ingress --publish(confirm)--> {ns}.events (topic) --binding keys--> {ns}.{service} (quorum)
    {ns}.{service} --runtime on failure--> {ns}.{service}.retry.{n} (quorum, TTL)
                   --TTL expiry, dead-lettered via default exchange--> {ns}.{service}
    {ns}.{service} --runtime after N attempts, or delivery limit--> {ns}.dead --> {ns}.{service}.dead
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, ExchangeType

RETRY_DELAYS_SECS: tuple[float, ...] = (1.0, 5.0, 30.0, 120.0, 600.0, 1800.0)
"""Backoff tiers; attempt n waits in tier min(n-1, last). Jitter stays inside the tier."""

DELIVERY_LIMIT = 20
"""Quorum-queue safety net: a message redelivered this often (a crashing consumer) is dead-lettered."""


@dataclass(frozen=True)
class ServiceQueues:
    """The queues of one consuming service."""

    service: str
    main: str
    dead: str
    retries: tuple[str, ...]
    binding_keys: tuple[str, ...]

    def retry_queue(self, attempt: int) -> tuple[str, float]:
        """Name and delay of the retry queue for the given failed attempt (1-based)."""
        tier = min(max(attempt, 1) - 1, len(self.retries) - 1)
        return self.retries[tier], RETRY_DELAYS_SECS[tier]


SERVICE_BINDINGS: dict[str, tuple[str, ...]] = {
    "catalog-sync": ("*.product.#", "*.sku.#", "*.category.#"),
    "order-replicator": ("*.order.#", "*.cart.converted"),
}
"""Which routing keys each consuming service receives (keys are `{store}.{resource}.{action}`)."""


@dataclass(frozen=True)
class Topology:
    """All names under one namespace, so tests and deployments can live side by side."""

    namespace: str = "storebridge"
    bindings: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(SERVICE_BINDINGS))

    @property
    def events_exchange(self) -> str:
        """Durable topic exchange every event is published to."""
        return f"{self.namespace}.events"

    @property
    def dead_exchange(self) -> str:
        """Direct exchange routing dead letters to the owning service's dead-letter queue."""
        return f"{self.namespace}.dead"

    @property
    def services(self) -> tuple[str, ...]:
        """Names of the consuming services."""
        return tuple(self.bindings)

    def queues(self, service: str) -> ServiceQueues:
        """The queues of `service`."""
        main = f"{self.namespace}.{service}"
        return ServiceQueues(
            service=service,
            main=main,
            dead=f"{main}.dead",
            retries=tuple(f"{main}.retry.{i}" for i in range(len(RETRY_DELAYS_SECS))),
            binding_keys=self.bindings[service],
        )


def _main_queue_arguments(topology: Topology, queues: ServiceQueues) -> dict[str, Any]:
    return {
        "x-queue-type": "quorum",
        "x-delivery-limit": DELIVERY_LIMIT,
        "x-dead-letter-exchange": topology.dead_exchange,
        "x-dead-letter-routing-key": queues.main,
    }


def _retry_queue_arguments(queues: ServiceQueues, delay_secs: float) -> dict[str, Any]:
    return {
        "x-queue-type": "quorum",
        "x-message-ttl": int(delay_secs * 1000),
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": queues.main,
    }


async def declare_topology(channel: AbstractChannel, topology: Topology) -> None:
    """Declare every exchange, queue and binding of `topology` (idempotent)."""
    events = await channel.declare_exchange(
        topology.events_exchange, ExchangeType.TOPIC, durable=True
    )
    dead = await channel.declare_exchange(topology.dead_exchange, ExchangeType.DIRECT, durable=True)
    for service in topology.services:
        queues = topology.queues(service)
        main = await channel.declare_queue(
            queues.main, durable=True, arguments=_main_queue_arguments(topology, queues)
        )
        for key in queues.binding_keys:
            await main.bind(events, routing_key=key)
        for name, delay in zip(queues.retries, RETRY_DELAYS_SECS, strict=True):
            await channel.declare_queue(
                name, durable=True, arguments=_retry_queue_arguments(queues, delay)
            )
        dead_queue = await channel.declare_queue(
            queues.dead, durable=True, arguments={"x-queue-type": "quorum"}
        )
        await dead_queue.bind(dead, routing_key=queues.main)


async def delete_topology(channel: AbstractChannel, topology: Topology) -> None:
    """Delete everything `declare_topology` made (tests and teardown only)."""
    for service in topology.services:
        queues = topology.queues(service)
        for name in (queues.main, queues.dead, *queues.retries):
            await channel.queue_delete(name)
    for name in (topology.events_exchange, topology.dead_exchange):
        await channel.exchange_delete(name)


async def declare_with_connection(amqp_url: str, topology: Topology) -> None:
    """Open a short-lived connection and declare `topology` (start-up of any service)."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        await declare_topology(channel, topology)
