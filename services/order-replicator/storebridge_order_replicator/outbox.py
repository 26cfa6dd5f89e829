"""Publishing through the consumer's own broker: `order.replicated` events and poll commands.

The broker's channel has publisher confirms, so each publish returns only once RabbitMQ took the
message. Names come from `topology.py`.
"""

from __future__ import annotations

from faststream.rabbit import ExchangeType, RabbitBroker, RabbitExchange

from storebridge_order_replicator.messages import REPLICATED_EVENT, OrderReplicated
from storebridge_shared.broker.topology import Topology
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.routing import order_replicated_key

CONFIRM_TIMEOUT_SECS = 10.0


class BrokerOutbox:
    """`Announcer` and `CommandQueue` over a FastStream RabbitBroker."""

    def __init__(self, broker: RabbitBroker, topology: Topology, service: str) -> None:
        self._broker = broker
        self._events = RabbitExchange(
            topology.events_exchange, type=ExchangeType.TOPIC, durable=True, declare=False
        )
        self._own_queue = topology.queues(service).main

    async def order_replicated(self, event: OrderReplicated) -> None:
        """Publish on the events exchange as `{store}.replicated.order` (no queue bound is fine)."""
        await self._broker.publish(
            event.model_dump_json().encode(),
            exchange=self._events,
            routing_key=order_replicated_key(event.store_hash),
            mandatory=False,
            persist=True,
            timeout=CONFIRM_TIMEOUT_SECS,
            content_type="application/json",
            message_id=event.event_id,
            message_type=REPLICATED_EVENT,
            headers={"x-storebridge-store": event.store_hash},
        )

    async def send(self, command: EventEnvelope) -> None:
        """Put a command on the replicator's own queue (default exchange, confirmed, routed)."""
        await self._broker.publish(
            command.to_message(),
            routing_key=self._own_queue,
            mandatory=True,
            persist=True,
            timeout=CONFIRM_TIMEOUT_SECS,
            content_type="application/json",
            message_id=command.event_id,
            message_type=command.scope,
        )
