"""Operator access to a service's dead-letter queue: count, peek, show, requeue, purge.

Peeking never consumes: messages are taken with `basic.get` without ack and all handed back with
`nack(requeue=True)` at the end (or by the broker if the process dies). A requeued message goes
to the service's main queue through the default exchange with its attempt and failure headers
reset, and the dead copy is acked only after the broker confirmed the new one. Whatever a dead
letter's body (see `dead_letter_records`), it can be listed, shown, requeued and purged by its id.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractQueue

from storebridge_shared.broker.consumer.retry import BROKER_HEADER_PREFIXES, FAILURE_HEADERS
from storebridge_shared.broker.dead_letter_records import DeadMessage
from storebridge_shared.broker.publishing import EnvelopeMessage, amqp_message
from storebridge_shared.broker.queue_depths import ready_messages
from storebridge_shared.broker.topology import Topology

__all__ = ["DeadLetterQueue", "DeadMessage", "dead_letter_counts", "dead_letter_queue"]

REQUEUED_AT_HEADER = "x-storebridge-requeued-at"
"""When an operator sent the message back to its service (set on the requeued copy)."""


def requeue_headers(headers: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Headers of the copy sent back: failure and broker headers dropped, requeue time noted."""
    kept = {
        key: value
        for key, value in headers.items()
        if key not in FAILURE_HEADERS and not key.startswith(BROKER_HEADER_PREFIXES)
    }
    kept[REQUEUED_AT_HEADER] = now.isoformat()
    return kept


class DeadLetterQueue:
    """The dead-letter queue of one service, on a channel with publisher confirms."""

    def __init__(self, channel: AbstractChannel, topology: Topology, service: str) -> None:
        self._channel = channel
        self._queues = topology.queues(service)

    @property
    def name(self) -> str:
        """The queue's name."""
        return self._queues.dead

    async def count(self) -> int:
        """Messages ready in the queue (passive declare; raises if the queue does not exist)."""
        queue = await self._channel.declare_queue(self._queues.dead, passive=True)
        return int(queue.declaration_result.message_count or 0)

    async def peek(self, limit: int = 100) -> list[DeadMessage]:
        """Up to `limit` dead letters, oldest first, left in the queue."""
        async with self._taken(limit) as taken:
            return [DeadMessage.of(message) for message in taken]

    async def show(self, event_id: str) -> DeadMessage | None:
        """The dead letter of `event_id`, left in the queue; None if absent."""
        async with self._taken(None) as taken:
            found = (DeadMessage.of(message) for message in taken)
            return next((dead for dead in found if dead.event_id == event_id), None)

    async def requeue(self, event_id: str | None = None, limit: int | None = None) -> int:
        """Send dead letters (all, or one event id) back to the main queue; return how many."""
        sent = 0
        async with self._taken(None) as taken:
            for message in taken:
                if limit is not None and sent >= limit:
                    break
                if event_id is None or DeadMessage.of(message).event_id == event_id:
                    await self._send_back(message)
                    await message.ack()
                    sent += 1
        return sent

    async def purge(self, event_id: str | None = None) -> int:
        """Drop every dead letter, or only the one of `event_id`; return how many went."""
        if event_id is None:
            queue = await self._channel.declare_queue(self._queues.dead, passive=True)
            result = await queue.purge()
            return int(getattr(result, "message_count", 0) or 0)
        dropped = 0
        async with self._taken(None) as taken:
            for message in taken:
                if DeadMessage.of(message).event_id == event_id:
                    await message.ack()
                    dropped += 1
        return dropped

    async def _send_back(self, message: AbstractIncomingMessage) -> None:
        headers = requeue_headers(dict(message.headers or {}), datetime.now(UTC))
        copy = amqp_message(EnvelopeMessage.copy_of(message, headers), app_id="storebridge-dlq")
        await self._channel.default_exchange.publish(
            copy, routing_key=self._queues.main, mandatory=True, timeout=10
        )

    @contextlib.asynccontextmanager
    async def _taken(self, limit: int | None) -> AsyncIterator[list[AbstractIncomingMessage]]:
        """Messages taken without ack; whatever the caller did not ack is requeued on exit."""
        queue: AbstractQueue = await self._channel.declare_queue(self._queues.dead, passive=True)
        taken: list[AbstractIncomingMessage] = []
        try:
            while limit is None or len(taken) < limit:
                message = await queue.get(no_ack=False, fail=False, timeout=5)
                if message is None:
                    break
                taken.append(message)
            yield taken
        finally:
            for message in taken:
                if not message.processed:
                    await message.nack(requeue=True)


@contextlib.asynccontextmanager
async def dead_letter_queue(
    amqp_url: str, topology: Topology, service: str
) -> AsyncIterator[DeadLetterQueue]:
    """A DeadLetterQueue on a short-lived connection with publisher confirms."""
    if service not in topology.services:
        raise ValueError(f"unknown service {service!r} (one of {', '.join(topology.services)})")
    connection = await aio_pika.connect(amqp_url, timeout=10)
    async with connection:
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        yield DeadLetterQueue(channel, topology, service)


async def dead_letter_counts(amqp_url: str, topology: Topology) -> dict[str, int]:
    """Dead letters waiting per service (services whose queue is missing are left out)."""
    counts: dict[str, int] = {}
    connection = await aio_pika.connect(amqp_url, timeout=5)
    async with connection:
        for service in topology.services:
            count = await ready_messages(connection, topology.queues(service).dead)
            if count is not None:
                counts[service] = count
    return counts
