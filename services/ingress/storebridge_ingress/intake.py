"""Decide what happens to one webhook delivery: parse, check, record durably, publish.

Knows nothing of aiohttp, aio-pika or PyMongo: the event log and the publisher are ports.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

import orjson
import structlog
from pydantic import ValidationError

from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.lifecycle import EventStatus, Recorded
from storebridge_shared.events.storable import UnstorableEvent
from storebridge_shared.events.webhooks import WebhookDelivery, WebhookRejected, check_scope

log = structlog.get_logger(__name__)


class EventRecorder(Protocol):
    """Durable, deduplicating storage of events."""

    async def record(self, envelope: EventEnvelope) -> Recorded:
        """Store the envelope unless its (store, hash) is stored already.

        Raises UnstorableEvent for an envelope the database refuses as given (the client's
        input); any other exception means the event log is unavailable.
        """

    def mark_published_soon(self, event_id: str) -> None:
        """Record the broker's confirm shortly, off the request path."""


class EventPublisher(Protocol):
    """Confirmed publishing; raises on anything but a confirm."""

    async def publish(self, envelope: EventEnvelope) -> None:
        """Publish and wait for the confirm."""


class StorageUnavailable(Exception):
    """The event log could not store the event: the delivery must be retried by BigCommerce."""


@dataclass(frozen=True)
class Accepted:
    """A delivery that is durable: its event, and what happened to it now."""

    event: EventEnvelope
    duplicate: bool
    published: bool


def parse_webhook(body: bytes) -> WebhookDelivery:
    """Parse a BigCommerce webhook body of any scope; raise WebhookRejected (400) with a reason."""
    try:  # orjson: nesting over 1,024 levels and unpaired surrogates are errors, not crashes
        raw = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise WebhookRejected(400, f"malformed JSON: {error}") from None
    if not isinstance(raw, dict):
        raise WebhookRejected(400, "body must be a JSON object")
    try:
        return WebhookDelivery.model_validate(raw)
    except ValidationError as error:
        fields = ", ".join(
            f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in error.errors()
        )
        raise WebhookRejected(400, f"not a BigCommerce webhook: {fields}") from None


def parse_delivery(body: bytes, path_scope: str | None = None) -> WebhookDelivery:
    """Parse an event webhook body; raise WebhookRejected (400/422) with a reason."""
    delivery = parse_webhook(body)
    check_scope(delivery.scope)
    if path_scope is not None and delivery.scope != path_scope:
        raise WebhookRejected(422, f"scope {delivery.scope!r} does not match path {path_scope!r}")
    return delivery


def check_store(delivery: WebhookDelivery, configured_stores: Collection[str]) -> None:
    """Raise a 403 rejection for a producer that is not a configured store."""
    if delivery.store_hash not in configured_stores:
        raise WebhookRejected(403, f"store {delivery.store_hash!r} is not configured")


def _envelope_of(delivery: WebhookDelivery) -> EventEnvelope:
    """The delivery's envelope; what cannot become one is the client's fault (400), not ours."""
    try:
        return EventEnvelope.from_delivery(delivery)
    except (ValueError, OverflowError) as error:  # pydantic's ValidationError is a ValueError
        raise WebhookRejected(400, f"not a storable event: {error}") from None


async def _record(envelope: EventEnvelope, recorder: EventRecorder) -> Recorded:
    """Record durably; only the event log's own failures become StorageUnavailable (503)."""
    try:
        return await recorder.record(envelope)
    except UnstorableEvent as error:
        raise WebhookRejected(400, f"not a storable event: {error}") from None
    except Exception as error:
        raise StorageUnavailable(str(error)) from error


async def accept(
    delivery: WebhookDelivery,
    *,
    configured_stores: Collection[str],
    recorder: EventRecorder,
    publisher: EventPublisher,
) -> Accepted:
    """Make the delivery durable, then publish it once; a failure leaves it to the relay.

    A duplicate is never published here, even if its first publish is still in flight or failed:
    concurrent redeliveries would otherwise publish it twice. The relay publishes what stays
    unconfirmed.
    """
    check_store(delivery, configured_stores)
    recorded = await _record(_envelope_of(delivery), recorder)
    event = recorded.event
    if recorded.duplicate:  # never published twice from here: an unconfirmed one is the relay's
        return Accepted(
            event, duplicate=True, published=recorded.status is not EventStatus.RECEIVED
        )
    try:
        await publisher.publish(event)
    except Exception as error:
        log.warning("publish_deferred", event_id=event.event_id, error=str(error))
        return Accepted(event, duplicate=False, published=False)
    recorder.mark_published_soon(event.event_id)
    return Accepted(event, duplicate=False, published=True)
