"""Confirmed publishing of event envelopes: the message every publisher sends (`EnvelopeMessage`)
and the aio-pika publisher of the services without a consumer broker (ingress, relay, janitor,
replay). Consumers publish through `consumer.publisher.BrokerPublisher` on their own broker.

A publish returns only after the broker confirmed the persistent message was routed to a queue;
anything else raises `PublishFailed`, and the caller keeps the event as unpublished. The publisher
starts even when the broker is down and connects (and reconnects) in the background.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import aio_pika
import structlog
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractMessage,
    AbstractRobustConnection,
    DeliveryMode,
)
from aio_pika.exceptions import AMQPError, DeliveryError
from pamqp.commands import Basic

from storebridge_shared.broker.declaration import declare_topology
from storebridge_shared.broker.topology import Topology
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.ops.tracing import continued_trace

log = structlog.get_logger(__name__)


class PublishFailed(Exception):
    """The broker did not confirm the message (down, refused, unroutable or too slow)."""


@dataclass(frozen=True)
class EnvelopeMessage:
    """What every published storebridge message carries, whichever connection sends it: the one
    place its AMQP properties are built (`properties`), for aio-pika (`amqp_message`) and for a
    consumer's FastStream broker (`consumer.publisher.BrokerPublisher`)."""

    body: bytes
    message_id: str | None
    message_type: str | None
    timestamp: datetime | None = None
    headers: Mapping[str, Any] = field(default_factory=dict)
    content_type: str | None = "application/json"
    content_encoding: str | None = None
    correlation_id: str | None = None

    @classmethod
    def of(cls, envelope: EventEnvelope) -> EnvelopeMessage:
        """The message of an envelope: its id, scope as type, schema version and store."""
        return cls(
            body=envelope.to_message(),
            message_id=envelope.event_id,
            message_type=envelope.scope,
            timestamp=envelope.received_at,
            headers={
                "x-storebridge-schema": envelope.schema_version,
                "x-storebridge-store": envelope.store_hash,
            },
        )

    @classmethod
    def copy_of(cls, delivered: AbstractMessage, headers: Mapping[str, Any]) -> EnvelopeMessage:
        """A delivered message sent on again (a retry, a dead letter, a re-drive): its body and
        properties as they came, with new headers."""
        return cls(
            body=delivered.body,
            message_id=delivered.message_id,
            message_type=delivered.type,
            timestamp=delivered.timestamp,
            headers=headers,
            content_type=delivered.content_type,
            content_encoding=delivered.content_encoding,
            correlation_id=delivered.correlation_id,
        )

    def properties(self) -> dict[str, Any]:
        """Its AMQP properties by aio-pika's names (FastStream calls `type` `message_type`)."""
        return {
            "headers": dict(self.headers),
            "content_type": self.content_type,
            "content_encoding": self.content_encoding,
            "correlation_id": self.correlation_id,
            "message_id": self.message_id,
            "timestamp": self.timestamp,
            "type": self.message_type,
        }


def amqp_message(message: EnvelopeMessage, *, app_id: str | None = None) -> aio_pika.Message:
    """The persistent aio-pika message of `message` (`app_id`: who sent it on, if not us)."""
    return aio_pika.Message(
        message.body, delivery_mode=DeliveryMode.PERSISTENT, app_id=app_id, **message.properties()
    )


def envelope_message(envelope: EventEnvelope) -> aio_pika.Message:
    """The persistent AMQP message carrying `envelope`."""
    return amqp_message(EnvelopeMessage.of(envelope))


class ConfirmedPublisher:
    """Publishes envelopes to the events exchange and waits for each publisher confirm."""

    def __init__(
        self, amqp_url: str, topology: Topology, *, timeout: float = 3.0, retry_secs: float = 1.0
    ) -> None:
        self._url = amqp_url
        self._topology = topology
        self._timeout = timeout
        self._retry_secs = retry_secs
        self._connection: AbstractRobustConnection | None = None
        self._channel: AbstractChannel | None = None
        self._exchange: AbstractExchange | None = None
        self._connector: asyncio.Task[None] | None = None
        self.connected = asyncio.Event()

    async def start(self) -> None:
        """Begin connecting; returns at once, even if the broker is unreachable."""
        self._connector = asyncio.create_task(self._connect_until_done())

    async def _connect_until_done(self) -> None:
        while self._exchange is None:
            try:
                connection = await aio_pika.connect_robust(self._url, timeout=self._timeout)
                channel = await connection.channel(publisher_confirms=True)
                await declare_topology(channel, self._topology)
                self._exchange = await channel.get_exchange(self._topology.events_exchange)
                self._channel = channel
                self._connection = connection
                self.connected.set()
                log.info("broker_connected")
            except (TimeoutError, OSError, AMQPError) as error:
                log.warning("broker_unreachable", error=str(error), retry_in=self._retry_secs)
                await asyncio.sleep(self._retry_secs)

    @property
    def ready(self) -> bool:
        """True when a publish can be attempted now."""
        return (
            self._exchange is not None
            and self._connection is not None
            and not self._connection.is_closed
            and self._channel is not None
            and not self._channel.is_closed
        )

    async def publish(self, envelope: EventEnvelope) -> None:
        """Publish `envelope` and wait for the confirm; raise PublishFailed otherwise.

        An envelope that carries the trace context of its request (traces on) is published in
        that trace, whoever publishes it (the ingress, its relay, the janitor)."""
        if envelope.trace_context is None:
            await self._publish(envelope)
            return
        with continued_trace(envelope.trace_context):
            await self._publish(envelope)

    async def _publish(self, envelope: EventEnvelope) -> None:
        if self._exchange is None or not self.ready:
            raise PublishFailed("broker not connected")
        try:  # asyncio.timeout, not wait_for: no extra task per publish
            async with asyncio.timeout(self._timeout):
                confirmation = await self._exchange.publish(
                    envelope_message(envelope), routing_key=envelope.routing_key, mandatory=True
                )
        except DeliveryError as error:
            raise PublishFailed(f"unroutable or refused: {error}") from error
        except (TimeoutError, AMQPError, OSError, RuntimeError) as error:
            raise PublishFailed(f"{type(error).__name__}: {error}") from error
        if not isinstance(confirmation, Basic.Ack):
            raise PublishFailed(f"broker answered {type(confirmation).__name__}")

    async def close(self) -> None:
        """Stop connecting and close the connection."""
        if self._connector is not None:
            self._connector.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._connector
        if self._connection is not None:
            await self._connection.close()
