"""Messages waiting in each service's queues, by passive declares (cheap: no message is read)."""

from __future__ import annotations

import aio_pika

from storebridge_shared.broker.topology import DEAD, MAIN, RETRY, QueueDepths, Topology


async def queue_depths(amqp_url: str, topology: Topology) -> QueueDepths:
    """Every service's depths; a queue that does not exist is left out (its kind too, if none
    of its queues exists)."""
    depths: QueueDepths = {}
    connection = await aio_pika.connect(amqp_url, timeout=5)
    async with connection:
        for service in topology.services:
            queues = topology.queues(service)
            kinds = [(MAIN, queues.main), (DEAD, queues.dead)]
            kinds += [(RETRY, name) for name in queues.retries]
            counts: dict[str, int] = {}
            for kind, name in kinds:
                count = await ready_messages(connection, name)
                if count is not None:
                    counts[kind] = counts.get(kind, 0) + count
            if counts:
                depths[service] = counts
    return depths


async def ready_messages(connection: aio_pika.abc.AbstractConnection, name: str) -> int | None:
    """Messages ready in queue `name` (a passive declare on a channel of its own); None when
    the queue does not exist."""
    channel = await connection.channel()  # a failed passive declare closes the channel
    try:
        queue = await channel.declare_queue(name, passive=True)
        return int(queue.declaration_result.message_count or 0)
    except aio_pika.exceptions.ChannelClosed:
        return None
    finally:
        if not channel.is_closed:
            await channel.close()
