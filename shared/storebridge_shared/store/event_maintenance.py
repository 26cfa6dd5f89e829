"""Maintenance reads and deletes on the event log: purge, counts by state, stuck events, replay.

Kept apart from `event_log.py` (the ingress's hot path). Date filtering is done with `find`
(the stand-in's aggregate `$match` on dates is unreliable); counts are per state string, by the
`count` command with `$eq` (`forms.py`: index-backed on the stand-in too, where `count_documents`
scans the whole collection). The purge deletes `_id` ranges (ids are ordered by receipt): on the
stand-in a `delete_many` on an `_id` range costs milliseconds where a `find` with a date range
scans in Python (about a second at 20,000 events); on MongoDB it is a walk of the `_id` index.
The purge's resume point is one document set as a whole (the stand-in stores a `$set` bool as
0/1).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Collection
from contextlib import aclosing
from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.event_ids import END_ID, LEGACY_FLOOR
from storebridge_shared.events.lifecycle import EventStatus, PurgeState
from storebridge_shared.events.listing import WINDOW_PAGE, After, EventRow, next_page_size
from storebridge_shared.store.collections import EVENTS, MAINTENANCE
from storebridge_shared.store.event_window import (
    ENVELOPES,
    ROWS,
    event_row,
    only_scope,
    scope_counts,
    window_documents,
)
from storebridge_shared.store.forms import count, equals

PURGE_STATE_ID = "purge"
UNFINISHED = tuple(status for status in EventStatus if status is not EventStatus.PROCESSED)


class EventMaintenance:
    """What the janitor and the replay command need from the `events` collection."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._events = db[EVENTS]
        self._maintenance = db[MAINTENANCE]

    async def purge_state(self) -> PurgeState:
        """Where the last purge ended and whether random ids are known gone."""
        document = await self._maintenance.find_one({"_id": PURGE_STATE_ID})
        state = (document or {}).get("state") or {}
        return PurgeState(state.get("resume_id"), bool(state.get("legacy_done", False)))

    async def save_purge_state(self, state: PurgeState) -> None:
        """Remember where this purge ended."""
        fields = {"resume_id": state.resume_id, "legacy_done": state.legacy_done}
        await self._maintenance.update_one(
            {"_id": PURGE_STATE_ID}, {"$set": {"state": fields}}, upsert=True
        )

    async def delete_range(self, low: str, high: str, received_before: datetime) -> int:
        """Delete processed events with low <= _id < high received before the cut-off."""
        result = await self._events.delete_many(
            {
                "_id": {"$gte": low, "$lt": high},
                "status": equals(EventStatus.PROCESSED.value),
                "received_at": {"$lt": received_before},
            }
        )
        return result.deleted_count

    async def legacy_ids_left(self) -> bool:
        """True while an event with a random (pre-time-ordered) id is stored."""
        found = await self._events.find_one(
            {"_id": {"$gte": LEGACY_FLOOR, "$lt": END_ID}}, projection={"_id": 1}
        )
        return found is not None

    async def oldest_processed(self) -> datetime | None:
        """`received_at` of the oldest processed event, or None."""
        document = await self._events.find_one(
            {"status": equals(EventStatus.PROCESSED.value)},
            projection={"received_at": 1},
            sort=[("received_at", 1)],
        )
        return None if document is None else document["received_at"]

    async def processed_ids(self, received_before: datetime, limit: int) -> list[str]:
        """Ids of up to `limit` processed events received before `received_before`."""
        cursor = self._events.find(
            {"status": EventStatus.PROCESSED.value, "received_at": {"$lt": received_before}},
            projection={"_id": 1},
        ).limit(limit)
        return [str(document["_id"]) async for document in cursor]

    async def delete(self, event_ids: list[str]) -> int:
        """Delete these events if they are still processed; return how many went."""
        result = await self._events.delete_many(
            {"_id": {"$in": event_ids}, "status": EventStatus.PROCESSED.value}
        )
        return result.deleted_count

    async def count_by_status(self) -> dict[str, int]:
        """How many events are in each state (every state present, 0 when none)."""
        return {
            status.value: await count(self._events, {"status": equals(status.value)})
            for status in EventStatus
        }

    async def oldest_unprocessed(self) -> datetime | None:
        """`received_at` of the oldest event not yet processed, or None: the oldest of each
        unfinished state, one `$eq` lookup each on `by_status_age` (a `$ne` would sort every
        unfinished event on MongoDB and scan on the stand-in)."""
        oldest = []
        for status in UNFINISHED:
            document = await self._events.find_one(
                {"status": equals(status.value)},
                projection={"received_at": 1},
                sort=[("received_at", 1)],
            )
            if document is not None:
                oldest.append(document["received_at"])
        return min(oldest, default=None)

    async def count_stuck(self, received_before: datetime) -> int:
        """Published events received before `received_before` that no consumer processed."""
        published = equals(EventStatus.PUBLISHED.value)
        return await count(
            self._events, {"status": published, "received_at": {"$lt": received_before}}
        )

    async def stuck_sample(self, received_before: datetime, limit: int = 5) -> list[str]:
        """Ids of a few of the oldest stuck events (for the alert text)."""
        cursor = (
            self._events.find(
                {"status": EventStatus.PUBLISHED.value, "received_at": {"$lt": received_before}},
                projection={"_id": 1},
            )
            .sort("received_at", 1)
            .limit(limit)
        )
        return [str(document["_id"]) async for document in cursor]

    async def has_store(self, store_hash: str) -> bool:
        """True when at least one event of `store_hash` is stored (an index lookup)."""
        found = await self._events.find_one({"store_hash": store_hash}, {"_id": 1})
        return found is not None

    async def stores(self) -> list[str]:
        """The store hashes of the stored events, sorted."""
        return sorted(str(value) for value in await self._events.distinct("store_hash"))

    async def about(self, subject: str, limit: int) -> list[tuple[EventEnvelope, EventStatus]]:
        """The latest `limit` stored events about one resource (`EventEnvelope.subject`),
        newest first, with their states (index `by_subject`)."""
        cursor = (
            self._events.find({"subject": equals(subject)}, projection={"envelope": 1, "status": 1})
            .sort("received_at", -1)
            .limit(limit)
        )
        return [
            (EventEnvelope.model_validate(document["envelope"]), EventStatus(document["status"]))
            async for document in cursor
        ]

    async def window(
        self,
        store_hash: str,
        since: datetime,
        until: datetime | None,
        scopes: Collection[str] | None = None,
        *,
        page: int = WINDOW_PAGE,
    ) -> AsyncIterator[EventEnvelope]:
        """Stored events of a store received in [since, until), oldest first; only those of
        `scopes` when given. Read `page` at a time on `store_window` (`event_window.py`), so
        a caller that stops early reads a few pages, whatever the window's size."""
        one = only_scope(scopes)
        documents = window_documents(
            self._events, store_hash, since, until, ENVELOPES, lambda: page, None, one
        )
        async with aclosing(documents):
            async for document in documents:
                if scopes is None or document["scope"] in scopes:
                    yield EventEnvelope.model_validate(document["envelope"])

    async def count_window(
        self, store_hash: str, since: datetime, until: datetime | None, scopes: Collection[str]
    ) -> Counter[str]:
        """How many events of a store received in [since, until) each of `scopes` has (those
        `window` would yield), counted by the server (`event_window.scope_counts`)."""
        counts = await scope_counts(self._events, store_hash, since, until)
        return Counter({scope: n for scope, n in counts.items() if scope in scopes})

    async def search(
        self,
        store_hash: str,
        since: datetime,
        until: datetime | None,
        scopes: Collection[str] | None,
        wanted: int,
        after: After | None = None,
    ) -> list[EventRow]:
        """The first `wanted` events of a store's window (of `scopes` when given; `after` a
        page already shown), oldest first, as the rows the console lists: their fields alone,
        in pages sized to find them (`events.listing.next_page_size`)."""
        found: list[EventRow] = []
        read = 0

        def size() -> int:
            return next_page_size(wanted - len(found), len(found), read)

        one = only_scope(scopes)
        documents = window_documents(self._events, store_hash, since, until, ROWS, size, after, one)
        async with aclosing(documents):
            async for document in documents:
                read += 1
                if scopes is None or document["scope"] in scopes:
                    found.append(event_row(document))
                    if len(found) == wanted:
                        break
        return found
