"""Confirmed publishing over a consumer's own FastStream broker.

The runtime forwards deliveries (to a retry queue, to the dead-letter exchange) and a service
publishes envelopes and events through the one `BrokerPublisher` of its broker. The broker's
channel has publisher confirms and `on_return_raises`, so every call returns only once RabbitMQ
took the message; a nack, an unroutable mandatory message or a timeout raises.
"""

from __future__ import annotations

from typing import Any

from faststream.rabbit import ExchangeType, RabbitBroker, RabbitExchange
from faststream.rabbit.message import RabbitMessage

from storebridge_shared.broker.publishing import EnvelopeMessage
from storebridge_shared.broker.topology import Topology
from storebridge_shared.events.envelope import EventEnvelope

CONFIRM_TIMEOUT_SECS = 10.0
"""How long to wait for the broker to confirm a message before giving up on it."""


class BrokerPublisher:
    """Every publish of a consuming service, on its FastStream broker's confirmed channel."""

    def __init__(
        self, broker: RabbitBroker, topology: Topology, *, timeout: float = CONFIRM_TIMEOUT_SECS
    ) -> None:
        self._broker = broker
        self._timeout = timeout
        self._events = RabbitExchange(
            topology.events_exchange, type=ExchangeType.TOPIC, durable=True, declare=False
        )

    async def forward(
        self,
        message: RabbitMessage,
        *,
        exchange: str,
        routing_key: str,
        headers: dict[str, Any],
        expiration: float | None = None,
    ) -> None:
        """Publish a copy of a delivery with new headers; raise unless the broker confirmed it."""
        copy = EnvelopeMessage.copy_of(message.raw_message, headers)
        target = RabbitExchange(exchange, declare=False) if exchange else None
        await self._send(copy, target, routing_key, True, expiration=expiration)

    async def publish(self, envelope: EventEnvelope) -> None:
        """Publish an envelope on the events exchange under its routing key (must be routed)."""
        await self._send(EnvelopeMessage.of(envelope), self._events, envelope.routing_key, True)

    async def send_to_queue(self, envelope: EventEnvelope, queue: str) -> None:
        """Put an envelope straight on one queue (default exchange; must be routed)."""
        await self._send(EnvelopeMessage.of(envelope), None, queue, True)

    async def publish_event(self, message: EnvelopeMessage, routing_key: str) -> None:
        """Publish any other event on the events exchange (no queue bound to its key is fine)."""
        await self._send(message, self._events, routing_key, False)

    async def _send(
        self,
        message: EnvelopeMessage,
        exchange: RabbitExchange | None,
        routing_key: str,
        mandatory: bool,
        *,
        expiration: float | None = None,
    ) -> None:
        properties = message.properties()
        properties["message_type"] = properties.pop("type")
        await self._broker.publish(
            message.body,
            exchange=exchange,
            routing_key=routing_key,
            mandatory=mandatory,
            persist=True,
            timeout=self._timeout,
            expiration=expiration,
            **properties,
        )
