"""Re-drive events that are durable in the event log but were never confirmed by the broker.

Used by the ingress (every few seconds) and the janitor (as the backstop). Publishing an event
twice is safe: consumers deduplicate on the event id.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Protocol

import structlog

from storebridge_shared.events.envelope import EventEnvelope, utcnow

log = structlog.get_logger(__name__)


class UnpublishedEvents(Protocol):
    """The part of the event log the relay needs."""

    async def unpublished(self, received_before: datetime, limit: int) -> list[EventEnvelope]:
        """Events still waiting for a broker confirm, oldest first."""

    async def mark_published(self, event_id: str) -> None:
        """Record a broker confirm."""


class Publisher(Protocol):
    """Anything that publishes an envelope with a confirm or raises."""

    async def publish(self, envelope: EventEnvelope) -> None:
        """Publish and wait for the confirm."""


async def redrive_unpublished(
    events: UnpublishedEvents,
    publisher: Publisher,
    *,
    older_than: timedelta,
    batch: int = 500,
    concurrency: int = 50,
) -> int:
    """Publish events left unpublished for longer than `older_than`; return how many went out."""
    sent = 0
    limit = asyncio.Semaphore(concurrency)
    while True:
        pending = await events.unpublished(utcnow() - older_than, batch)
        if not pending:
            return sent
        results = await asyncio.gather(
            *(_publish_one(events, publisher, e, limit) for e in pending), return_exceptions=True
        )
        failures = [r for r in results if isinstance(r, BaseException)]
        sent += len(results) - len(failures)
        if failures:
            log.warning(
                "redrive_incomplete", sent=sent, failed=len(failures), error=str(failures[0])
            )
            return sent
        log.info("redriven", count=len(pending))
        if len(pending) < batch:
            return sent


async def _publish_one(
    events: UnpublishedEvents,
    publisher: Publisher,
    envelope: EventEnvelope,
    limit: asyncio.Semaphore,
) -> None:
    async with limit:
        await publisher.publish(envelope)
        await events.mark_published(envelope.event_id)
