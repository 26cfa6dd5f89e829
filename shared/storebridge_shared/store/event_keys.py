"""Events stored before `subject` and `received_ms` existed: find them, fill both in.

Each stored event gets both from `event_log.lookup_keys` (the resource page finds events by
`subject`, time windows read `received_ms`); an event stored before either existed is found by
neither. `storebridge events migrate` and the janitor (at start-up) fill them from the event's
own envelope with the same function.

Finding them is two index reads, right on MongoDB and on the stand-in (measured in
docs/mongodb-stand-in.md): `{subject: {$eq: null}}` on `by_subject`, and per store
`{store_hash: {$eq}, received_ms: {$eq: null}}` on `store_window` (`$eq: null` matches a missing
field on both; `$exists` misses null fields on the stand-in and is not used). A filled event
leaves both sets, so a run that stops resumes where it was with no state of its own, and
running it again changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from storebridge_shared.store.collections import EVENTS
from storebridge_shared.store.forms import count, equals

LOOKUP_FIELDS = ("subject", "received_ms")


def _lacking(field: str, store_hash: str | None) -> dict[str, Any]:
    query: dict[str, Any] = {field: equals(None)}
    if store_hash is not None:
        query = {"store_hash": equals(store_hash)} | query
    return query


class EventKeys:
    """Reads and fills the lookup fields of old events in the `events` collection."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._events = db[EVENTS]

    async def stores(self) -> list[str]:
        """The store hashes of the stored events (`distinct` on `dedup_store_hash`)."""
        return sorted(str(value) for value in await self._events.distinct("store_hash"))

    async def lacking_subject(self, limit: int) -> list[dict[str, Any]]:
        """Up to `limit` events without `subject` (`_id` and `envelope`)."""
        return await self._read(_lacking("subject", None), limit)

    async def lacking_received_ms(self, store_hash: str, limit: int) -> list[dict[str, Any]]:
        """Up to `limit` events of one store without `received_ms` (`_id` and `envelope`)."""
        return await self._read(_lacking("received_ms", store_hash), limit)

    async def _read(self, query: Mapping[str, Any], limit: int) -> list[dict[str, Any]]:
        cursor = self._events.find(query, projection={"envelope": 1}).limit(limit)
        return [document async for document in cursor]

    async def fill(self, fields_by_id: Sequence[tuple[str, Mapping[str, Any]]]) -> int:
        """Set each event's lookup fields (one unordered bulk write); how many changed."""
        if not fields_by_id:
            return 0
        writes = [UpdateOne({"_id": event_id}, {"$set": dict(f)}) for event_id, f in fields_by_id]
        result = await self._events.bulk_write(writes, ordered=False)
        return result.modified_count

    async def count_lacking(self) -> dict[str, int]:
        """How many events lack each lookup field (`count` on the two indexes)."""
        lacking_ms = 0
        for store_hash in await self.stores():
            lacking_ms += await count(self._events, _lacking("received_ms", store_hash))
        return {
            "subject": await count(self._events, _lacking("subject", None)),
            "received_ms": lacking_ms,
        }
