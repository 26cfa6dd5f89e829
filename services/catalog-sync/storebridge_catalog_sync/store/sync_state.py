"""Coalescing and mutual exclusion of catalog syncs, across workers and replicas.

One document per (source store, kind, id) in `catalog_sync_state`:
`requested` (+1 per event, `$inc`), `synced` (the `requested` value the last finished sync saw),
`events` (event ids waiting for that sync), `state` (`pending` / `idle` / `failed`, a string, not
a bool) and a lease: `owner` plus `lease_until` in epoch milliseconds (an integer: the stand-in
stores a `$set` datetime as a string). Every write is one single-document atomic update; the
lease is taken by a conditional `find_one_and_update` (no upsert: the stand-in ignores
`$setOnInsert` there), after the document was created by `update_one(..., upsert=True)`.
`recheck_at` (epoch ms, absent when none) asks for one more sync at that time: set with `$min`
(the earliest wins), turned into a request by the sweep with a conditional update that `$unset`s
it (one worker wins), `rechecks` counting them.
"""

from __future__ import annotations

from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from storebridge_catalog_sync.claims import Claim
from storebridge_shared.store.collections import SYNC_STATE

PENDING, IDLE, FAILED = "pending", "idle", "failed"


def state_key(source: str, kind: str, resource_id: int) -> str:
    """The document id of one resource's sync state."""
    return f"{source}:{kind}:{resource_id}"


def _claim(doc: dict[str, Any]) -> Claim:
    return Claim(
        key=str(doc["_id"]),
        kind=str(doc["kind"]),
        resource_id=int(doc["resource_id"]),
        requested=int(doc.get("requested", 0)),
        events=tuple(str(e) for e in doc.get("events") or []),
    )


def _new_state(source: str, kind: str, resource_id: int) -> dict[str, Any]:
    return {
        "source": source,
        "kind": kind,
        "resource_id": int(resource_id),
        "synced": 0,
        "owner": "",
        "lease_until": 0,
    }


class SyncStates:
    """Reads and writes `catalog_sync_state`."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._states = db[SYNC_STATE]

    async def request(self, source: str, kind: str, resource_id: int, event_id: str) -> str:
        """Count one more request for a resource (and remember the event); return its key."""
        key = state_key(source, kind, resource_id)
        await self._states.update_one(
            {"_id": key},
            {
                "$inc": {"requested": 1},
                "$set": {"state": PENDING},
                "$addToSet": {"events": event_id},
                "$setOnInsert": _new_state(source, kind, resource_id),
            },
            upsert=True,
        )
        return key

    async def acquire(self, key: str, owner: str, now_ms: int, ttl_ms: int) -> Claim | None:
        """Take the lease unless another owner holds an unexpired one."""
        doc = await self._states.find_one_and_update(
            {"_id": key, "lease_until": {"$lt": now_ms}},
            {"$set": {"owner": owner, "lease_until": now_ms + ttl_ms}},
            return_document=ReturnDocument.AFTER,
        )
        return None if doc is None else _claim(doc)

    async def settle(self, claim: Claim, owner: str, outcome: dict[str, Any]) -> bool:
        """Record the sync of `claim`; release when nothing new was requested (True)."""
        released = await self._states.find_one_and_update(
            {"_id": claim.key, "owner": owner, "requested": claim.requested},
            {
                "$set": {
                    "synced": claim.requested,
                    "state": IDLE,
                    "owner": "",
                    "lease_until": 0,
                    "events": [],
                    "last": outcome,
                },
                "$currentDate": {"synced_at": True},
            },
        )
        return released is not None

    async def renew(self, key: str, owner: str, now_ms: int, ttl_ms: int) -> Claim | None:
        """Extend a held lease and read what is requested now (None: the lease was lost)."""
        doc = await self._states.find_one_and_update(
            {"_id": key, "owner": owner},
            {"$set": {"lease_until": now_ms + ttl_ms}},
            return_document=ReturnDocument.AFTER,
        )
        return None if doc is None else _claim(doc)

    async def release(self, key: str, owner: str, *, failed: dict[str, Any] | None = None) -> None:
        """Give the lease back after an error: `pending` (retry) or `failed` (permanent)."""
        fields: dict[str, Any] = {"owner": "", "lease_until": 0}
        if failed is not None:
            fields |= {"state": FAILED, "last": failed}
        await self._states.update_one({"_id": key, "owner": owner}, {"$set": fields})

    async def stranded(self, now_ms: int, limit: int = 100) -> list[str]:
        """Keys still pending whose lease expired (a worker died mid-sync)."""
        cursor = self._states.find(
            {"state": PENDING, "lease_until": {"$lt": now_ms}}, {"_id": 1}
        ).limit(limit)
        return [str(doc["_id"]) async for doc in cursor]

    async def schedule_recheck(self, key: str, at_ms: int) -> None:
        """Sync the resource again at `at_ms`, unless an earlier recheck is already set."""
        await self._states.update_one({"_id": key}, {"$min": {"recheck_at": at_ms}})

    async def recheck_later(self, source: str, kind: str, resource_id: int, at_ms: int) -> None:
        """`schedule_recheck` from outside a sync (the backfill): a resource never synced yet
        gets its state, idle, with nothing requested."""
        await self._states.update_one(
            {"_id": state_key(source, kind, resource_id)},
            {
                "$min": {"recheck_at": at_ms},
                "$setOnInsert": _new_state(source, kind, resource_id)
                | {"requested": 0, "state": IDLE, "events": []},
            },
            upsert=True,
        )

    async def due_rechecks(self, now_ms: int, limit: int = 100) -> list[str]:
        """Keys whose recheck time has come."""
        cursor = self._states.find({"recheck_at": {"$lte": now_ms}}, {"_id": 1}).limit(limit)
        return [str(doc["_id"]) async for doc in cursor]

    async def take_recheck(self, key: str, now_ms: int, event_id: str) -> bool:
        """Turn a due recheck into one more request (one worker wins the conditional update)."""
        taken = await self._states.find_one_and_update(
            {"_id": key, "recheck_at": {"$lte": now_ms}},
            {
                "$unset": {"recheck_at": ""},
                "$set": {"state": PENDING},
                "$inc": {"requested": 1, "rechecks": 1},
                "$addToSet": {"events": event_id},
            },
        )
        return taken is not None

    async def get(self, source: str, kind: str, resource_id: int) -> dict[str, Any] | None:
        """The raw state document of one resource (for status and tests)."""
        return await self._states.find_one({"_id": state_key(source, kind, resource_id)})
