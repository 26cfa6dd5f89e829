"""The replicator's `Announcer` and `CommandQueue` over the consumer's `BrokerPublisher`.

`order.replicated` goes to the events exchange as `{store}.replicated.order`, `order.updated` as
`{store}.updated.order`; a poll command goes straight to the replicator's own queue. Each
publish is confirmed (see the publisher).
"""

from __future__ import annotations

from pydantic import BaseModel

from storebridge_order_replicator.messages import (
    REPLICATED_EVENT,
    UPDATED_EVENT,
    OrderReplicated,
    OrderUpdated,
)
from storebridge_shared.broker.consumer.publisher import BrokerPublisher
from storebridge_shared.broker.publishing import EnvelopeMessage
from storebridge_shared.broker.topology import Topology
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.routing import order_replicated_key, order_updated_key


class BrokerOutbox:
    """`Announcer` and `CommandQueue` of the order replicator."""

    def __init__(self, publisher: BrokerPublisher, topology: Topology, service: str) -> None:
        self._publisher = publisher
        self._own_queue = topology.queues(service).main

    async def order_replicated(self, event: OrderReplicated) -> None:
        """Publish on the events exchange as `{store}.replicated.order` (no queue bound is fine)."""
        message = _message(event, event.event_id, REPLICATED_EVENT, event.store_hash)
        await self._publisher.publish_event(message, order_replicated_key(event.store_hash))

    async def order_updated(self, event: OrderUpdated) -> None:
        """Publish on the events exchange as `{store}.updated.order` (no queue bound is fine)."""
        message = _message(event, event.event_id, UPDATED_EVENT, event.store_hash)
        await self._publisher.publish_event(message, order_updated_key(event.store_hash))

    async def send(self, command: EventEnvelope) -> None:
        """Put a command on the replicator's own queue (confirmed, routed)."""
        await self._publisher.send_to_queue(command, self._own_queue)


def _message(event: BaseModel, event_id: str, kind: str, store_hash: str) -> EnvelopeMessage:
    return EnvelopeMessage(
        body=event.model_dump_json().encode(),
        message_id=event_id,
        message_type=kind,
        headers={"x-storebridge-store": store_hash},
    )
