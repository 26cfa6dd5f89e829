"""The event log: record (deduplicated on store + BigCommerce hash), mark published/processed.

Lifecycle of an event document: `received` (durable, not yet confirmed by the broker) ->
`published` (broker confirmed) -> `processed` (its consumer finished). The ingress answers 200
once an event is `received`; the relay moves stragglers to `published`.

Stand-in-safe forms (docs/mongodb-stand-in.md): datetimes are written by insert or `$currentDate`,
never by a scalar `$set`; the state is a string, not a bool; queries on the state use `$eq` and
the `count` command (`forms.py`), which the stand-in answers from the index instead of a scan.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import bson
import structlog
from bson.errors import InvalidDocument
from bson.raw_bson import RawBSONDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.lifecycle import EventStatus, Recorded
from storebridge_shared.events.storable import UnstorableEvent
from storebridge_shared.store.batching import Batcher
from storebridge_shared.store.collections import EVENTS
from storebridge_shared.store.forms import count, equals

log = structlog.get_logger(__name__)

DUPLICATE_KEY = 11000
MARK_DELAY_SECS = 0.05


def epoch_ms(moment: datetime) -> int:
    """A receipt time as the integer `received_ms` the time-window queries use."""
    return int(moment.timestamp() * 1000)


def lookup_keys(envelope: EventEnvelope) -> dict[str, Any]:
    """The fields derived from an event that its lookups query: `subject` (the resource page,
    index `by_subject`) and `received_ms` (time windows, index `store_window`). Every stored
    event gets them from here; `storebridge events migrate` fills older events with them."""
    return {"subject": envelope.subject, "received_ms": epoch_ms(envelope.received_at)}


def _document(envelope: EventEnvelope) -> dict[str, Any]:
    document: dict[str, Any] = {
        "_id": envelope.event_id,
        "store_hash": envelope.store_hash,
        "bc_hash": envelope.bc_hash,
        "scope": envelope.scope,
        "routing_key": envelope.routing_key,
        "status": EventStatus.RECEIVED.value,
        "received_at": envelope.received_at,
        **lookup_keys(envelope),
        "envelope": envelope.model_dump(mode="python"),
    }
    if envelope.trace_context is not None:
        document["trace_context"] = envelope.trace_context
    return document


def _encoded(envelope: EventEnvelope) -> RawBSONDocument:
    """The event document as BSON, or UnstorableEvent: one bad event never fails its batch."""
    try:
        return RawBSONDocument(bson.encode(_document(envelope)))
    except (InvalidDocument, OverflowError, ValueError) as error:
        raise UnstorableEvent(str(error)) from None


def _envelope(document: dict[str, Any]) -> EventEnvelope:
    envelope = EventEnvelope.model_validate(document["envelope"])
    trace_context = document.get("trace_context")
    if trace_context is None:
        return envelope
    return envelope.model_copy(update={"trace_context": dict(trace_context)})


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _unpublished_before(received_before: datetime) -> dict[str, Any]:
    return {
        "status": equals(EventStatus.RECEIVED.value),
        "received_at": {"$lt": received_before},
    }


def _write_error(failure: dict[str, Any]) -> bool | BaseException:
    """False for a duplicate key (already stored), else the document's own failure."""
    if failure.get("code") == DUPLICATE_KEY:
        return False
    return RuntimeError(f"event insert failed: {failure.get('errmsg')}")


class EventLog:
    """Reads and writes the `events` collection. Inserts and publish marks are group-committed."""

    def __init__(
        self,
        db: AsyncDatabase[dict[str, Any]],
        *,
        max_batch: int = 200,
        on_insert_batch: Callable[[int], None] | None = None,
    ) -> None:
        self._events = db[EVENTS]
        self._inserts: Batcher[EventEnvelope, bool] = Batcher(
            self._insert_many, max_batch=max_batch, on_flush=on_insert_batch
        )
        self._marks: Batcher[str, None] = Batcher(
            self._mark_many, max_batch=1000, max_delay=MARK_DELAY_SECS
        )
        self._marking: set[asyncio.Task[None]] = set()

    async def record(self, envelope: EventEnvelope, *, attempts: int = 3) -> Recorded:
        """Store `envelope` durably unless the same (store, hash) is stored already.

        Raises UnstorableEvent when the document cannot be encoded as given.
        """
        if await self._inserts.submit(envelope):
            return Recorded(envelope, EventStatus.RECEIVED, duplicate=False)
        existing = await self._events.find_one(
            {"store_hash": envelope.store_hash, "bc_hash": envelope.bc_hash}
        )
        if existing is not None:
            return Recorded(_envelope(existing), EventStatus(existing["status"]), duplicate=True)
        if attempts <= 1:  # a duplicate that no query finds: never loop on it
            raise RuntimeError("event insert reported a duplicate that cannot be read")
        return await self.record(envelope, attempts=attempts - 1)  # purged meanwhile: again

    async def _insert_many(self, envelopes: Sequence[EventEnvelope]) -> list[bool | BaseException]:
        results: list[bool | BaseException] = [True] * len(envelopes)
        positions, documents = [], []
        for position, envelope in enumerate(envelopes):
            try:
                documents.append(_encoded(envelope))
                positions.append(position)
            except UnstorableEvent as error:
                results[position] = error
        try:
            if documents:
                await self._events.insert_many(documents, ordered=False)
        except BulkWriteError as error:
            for failure in error.details.get("writeErrors", []):
                results[positions[failure["index"]]] = _write_error(failure)
        return results

    async def mark_published(self, event_id: str) -> None:
        """Record that the broker confirmed `event_id` (only moves `received` forward)."""
        await self._marks.submit(event_id)

    def mark_published_soon(self, event_id: str) -> None:
        """Record the confirm within ~MARK_DELAY_SECS, batched, off the caller's path.

        A mark lost in a crash only means the relay publishes the event again, which consumers
        deduplicate; the webhook's 200 never waits for it.
        """
        task = asyncio.create_task(self._marks.submit(event_id))
        self._marking.add(task)
        task.add_done_callback(self._marked)

    async def settle_marks(self) -> None:
        """Wait until every confirm given to `mark_published_soon` so far is written (the relay
        calls it before a sweep, so it never re-publishes what this process saw confirmed)."""
        if self._marking:
            await asyncio.gather(*list(self._marking), return_exceptions=True)

    def _marked(self, task: asyncio.Task[None]) -> None:
        self._marking.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("publish_mark_failed", error=str(task.exception()))

    async def _mark_many(self, event_ids: Sequence[str]) -> list[BaseException | None]:
        started = time.perf_counter()
        await self._events.update_many(
            {"_id": {"$in": list(event_ids)}, "status": equals(EventStatus.RECEIVED.value)},
            {
                "$set": {"status": EventStatus.PUBLISHED.value},
                "$currentDate": {"published_at": True},
            },
        )
        log.debug("published_marked", count=len(event_ids), ms=_ms_since(started))
        return [None] * len(event_ids)

    async def mark_processed(self, event_id: str, service: str) -> None:
        """Record that `service` finished `event_id`."""
        await self._events.update_one(
            {"_id": event_id},
            {
                "$set": {"status": EventStatus.PROCESSED.value},
                "$currentDate": {"processed_at": True, f"processed_by.{service}": True},
            },
        )

    async def unpublished(self, received_before: datetime, limit: int) -> list[EventEnvelope]:
        """Events still `received` that arrived before `received_before`, oldest first."""
        cursor = (
            self._events.find(_unpublished_before(received_before))
            .sort("received_at", 1)
            .limit(limit)
        )
        return [_envelope(document) async for document in cursor]

    async def count_unpublished(self, received_before: datetime) -> int:
        """How many events received before `received_before` still wait for a broker confirm.

        Events younger than the publish timeout may still be confirmed by their own request;
        counting them would make a busy ingress look like it has a backlog.
        """
        return await count(self._events, _unpublished_before(received_before))

    async def get(self, event_id: str) -> tuple[EventEnvelope, EventStatus] | None:
        """One event and its status, or None."""
        document = await self._events.find_one({"_id": event_id})
        if document is None:
            return None
        return _envelope(document), EventStatus(document["status"])

    async def close(self) -> None:
        """Flush pending writes."""
        await self._inserts.close()
        if self._marking:
            await asyncio.gather(*self._marking, return_exceptions=True)
        await self._marks.close()
