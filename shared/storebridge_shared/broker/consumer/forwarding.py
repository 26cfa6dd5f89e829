"""Confirmed re-publishing of a delivery: to a retry queue or to the dead-letter exchange."""

from __future__ import annotations

from typing import Any

from faststream.rabbit import RabbitBroker, RabbitExchange
from faststream.rabbit.message import RabbitMessage

CONFIRM_TIMEOUT_SECS = 10.0
"""How long to wait for the broker to confirm a forwarded copy before giving up on it."""


class Forwarder:
    """Publishes a persistent copy of a delivery and returns only once the broker confirmed it."""

    def __init__(self, broker: RabbitBroker, *, timeout: float = CONFIRM_TIMEOUT_SECS) -> None:
        self._broker = broker
        self._timeout = timeout

    async def forward(
        self,
        message: RabbitMessage,
        *,
        exchange: str,
        routing_key: str,
        headers: dict[str, Any],
        expiration: float | None = None,
    ) -> None:
        """Publish the body and properties of `message` with new headers; raise unless confirmed.

        The broker's channel has publisher confirms and `on_return_raises`, so a nack, an
        unroutable copy (mandatory) or a timeout raises instead of losing the message.
        """
        raw = message.raw_message
        await self._broker.publish(
            raw.body,
            exchange=RabbitExchange(exchange, declare=False) if exchange else None,
            routing_key=routing_key,
            mandatory=True,
            persist=True,
            timeout=self._timeout,
            headers=headers,
            content_type=raw.content_type,
            content_encoding=raw.content_encoding,
            correlation_id=raw.correlation_id,
            message_id=raw.message_id,
            timestamp=raw.timestamp,
            message_type=raw.type,
            expiration=expiration,
        )
