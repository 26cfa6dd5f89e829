"""Declare the topology on RabbitMQ: exchanges, quorum queues with their arguments, bindings.

The names come from `topology.py`; the arguments (delivery limit, dead-lettering, TTL of the
retry tiers) live here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection, ExchangeType
from aio_pika.exceptions import ChannelClosed

from storebridge_shared.broker.topology import DELIVERY_LIMIT, ServiceQueues, Topology

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


@dataclass(frozen=True)
class QueueFound:
    """A queue of a namespace as the broker has it now."""

    name: str
    messages: int
    consumers: int


@dataclass(frozen=True)
class Inventory:
    """What of one namespace's topology exists on the broker."""

    queues: list[QueueFound] = field(default_factory=list)
    exchanges: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing of the namespace exists."""
        return not self.queues and not self.exchanges


def topology_names(topology: Topology) -> tuple[list[str], list[str]]:
    """Every queue and exchange name `declare_topology` makes, in that order."""
    queues = [
        name
        for service in topology.services
        for queues in (topology.queues(service),)
        for name in (queues.main, queues.dead, *queues.retries)
    ]
    return queues, [topology.events_exchange, topology.dead_exchange]


async def inventory(connection: AbstractConnection, topology: Topology) -> Inventory:
    """Which of the topology's queues (with their messages and consumers) and exchanges exist;
    read with passive declares, nothing is created."""
    queue_names, exchange_names = topology_names(topology)
    found = Inventory()
    for name in queue_names:
        async with await connection.channel() as channel:  # a 404 closes the channel
            try:
                queue = await channel.declare_queue(name, passive=True)
            except ChannelClosed:
                continue
            result = queue.declaration_result
            messages, consumers = result.message_count or 0, result.consumer_count or 0
            found.queues.append(QueueFound(name, messages, consumers))
    for name in exchange_names:
        async with await connection.channel() as channel:
            try:
                await channel.declare_exchange(name, passive=True)
            except ChannelClosed:
                continue
            found.exchanges.append(name)
    return found


async def delete_topology(channel: AbstractChannel, topology: Topology) -> None:
    """Delete everything `declare_topology` made (tests and `storebridge broker teardown`)."""
    queue_names, exchange_names = topology_names(topology)
    for name in queue_names:
        await channel.queue_delete(name)
    for name in exchange_names:
        await channel.exchange_delete(name)


async def declare_with_connection(amqp_url: str, topology: Topology) -> None:
    """Open a short-lived connection and declare `topology` (start-up of any service)."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        await declare_topology(channel, topology)


async def inventory_at(amqp_url: str, topology: Topology) -> Inventory:
    """`inventory` over a short-lived connection to `amqp_url`."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        return await inventory(connection, topology)


async def delete_at(amqp_url: str, topology: Topology) -> None:
    """`delete_topology` over a short-lived connection to `amqp_url`."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        await delete_topology(await connection.channel(), topology)
