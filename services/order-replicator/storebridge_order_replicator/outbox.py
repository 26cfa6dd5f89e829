"""The replicator's `Announcer` and `CommandQueue` over the consumer's `BrokerPublisher`.

`order.replicated` goes to the events exchange as `{store}.replicated.order`; a poll command goes
straight to the replicator's own queue. Each publish is confirmed (see the publisher).
"""

from __future__ import annotations

from storebridge_order_replicator.messages import REPLICATED_EVENT, OrderReplicated
from storebridge_shared.broker.consumer.publisher import BrokerPublisher
from storebridge_shared.broker.publishing import EnvelopeMessage
from storebridge_shared.broker.topology import Topology
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.routing import order_replicated_key


class BrokerOutbox:
    """`Announcer` and `CommandQueue` of the order replicator."""

    def __init__(self, publisher: BrokerPublisher, topology: Topology, service: str) -> None:
        self._publisher = publisher
        self._own_queue = topology.queues(service).main

    async def order_replicated(self, event: OrderReplicated) -> None:
        """Publish on the events exchange as `{store}.replicated.order` (no queue bound is fine)."""
        message = EnvelopeMessage(
            body=event.model_dump_json().encode(),
            message_id=event.event_id,
            message_type=REPLICATED_EVENT,
            headers={"x-storebridge-store": event.store_hash},
        )
        await self._publisher.publish_event(message, order_replicated_key(event.store_hash))

    async def send(self, command: EventEnvelope) -> None:
        """Put a command on the replicator's own queue (confirmed, routed)."""
        await self._publisher.send_to_queue(command, self._own_queue)
