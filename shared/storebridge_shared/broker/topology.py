"""THE broker topology: every exchange, queue, binding and argument storebridge uses.

Declared as data, then declared on the broker by `declare_topology`. No other module names a
queue or an exchange.

    ingress --publish(confirm)--> {ns}.events (topic) --binding keys--> {ns}.{service} (quorum)
    {ns}.{service} --runtime on failure--> {ns}.{service}.retry.{n} (quorum, TTL)
                   --TTL expiry, dead-lettered via default exchange--> {ns}.{service}
    {ns}.{service} --runtime after N attempts, or delivery limit--> {ns}.dead
                   --routing key {ns}.{service}--> {ns}.{service}.dead
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, ExchangeType

RETRY_DELAYS_SECS: tuple[float, ...] = (1.0, 5.0, 30.0, 120.0, 600.0, 1800.0)
"""Backoff tiers; attempt n waits in tier min(n-1, last). Jitter stays inside the tier."""

RETRY_JITTER = 0.25
"""A retried message expires after delay * (1 - RETRY_JITTER .. 1): never later than its tier."""

DELIVERY_LIMIT = 20
"""Quorum-queue safety net: a message redelivered this often (a crashing consumer) is
dead-lettered by the broker."""


@dataclass(frozen=True)
class ServiceQueues:
    """The queues of one consuming service."""

    service: str
    main: str
    dead: str
    retries: tuple[str, ...]
    binding_keys: tuple[str, ...]
    delays: tuple[float, ...] = RETRY_DELAYS_SECS

    def retry_queue(self, attempt: int) -> tuple[str, float]:
        """Name and delay of the retry queue for the given failed attempt (1-based)."""
        tier = min(max(attempt, 1) - 1, len(self.retries) - 1)
        return self.retries[tier], self.delays[tier]


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
    retry_delays: tuple[float, ...] = RETRY_DELAYS_SECS
    """Seconds a message waits in each retry tier (tests use tenths of a second)."""

    def __post_init__(self) -> None:
        if not self.retry_delays or any(delay <= 0 for delay in self.retry_delays):
            raise ValueError("retry_delays must be one or more positive delays")

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
            retries=tuple(f"{main}.retry.{i}" for i in range(len(self.retry_delays))),
            binding_keys=self.bindings[service],
            delays=self.retry_delays,
        )


_AT_LEAST_ONCE: dict[str, Any] = {
    "x-dead-letter-strategy": "at-least-once",
    "x-overflow": "reject-publish",
}
"""Quorum dead-lettering keeps a message until the target queue confirms it (RabbitMQ 3.10+)."""


def _main_queue_arguments(topology: Topology, queues: ServiceQueues) -> dict[str, Any]:
    return {
        "x-queue-type": "quorum",
        "x-delivery-limit": DELIVERY_LIMIT,
        "x-dead-letter-exchange": topology.dead_exchange,
        "x-dead-letter-routing-key": queues.main,
        **_AT_LEAST_ONCE,
    }


def _retry_queue_arguments(queues: ServiceQueues, delay_secs: float) -> dict[str, Any]:
    return {
        "x-queue-type": "quorum",
        "x-message-ttl": max(1, round(delay_secs * 1000)),
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": queues.main,
        **_AT_LEAST_ONCE,
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
        for name, delay in zip(queues.retries, queues.delays, strict=True):
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
