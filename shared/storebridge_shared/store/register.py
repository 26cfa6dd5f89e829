"""The activity register's store: `sync_runs` (one document per run) and `sync_status` (the
last sync outcome per resource and destination). Records and their meaning:
`storebridge_shared.records.activity`.

A backfill is one run (`kind: backfill`); event-driven syncs are aggregated into one run per
destination and hour (`kind: events`, `_id` keyed by the hour). Counters are `$inc`ed, so any
number of workers add to one hour without reading it first. catalog-sync writes it; the CLI's
`status` and the operator console read it through the queries at the end.

Stand-in-safe forms (docs/mongodb-stand-in.md): every time is an epoch-millisecond integer
(computed times such as the hour's start cannot use `$currentDate`, and a scalar datetime `$set`
is stored as a string); the status is a string; upserts are `update_one(..., upsert=True)` with
`$setOnInsert` of plain values; counters are top-level fields, because the stand-in stores a
dotted `$inc` of an upsert's insert under a flat "counters.created" key; `skus` (an array) is
indexed (`by_sku`) and queried with `$in`, because the stand-in stops matching an indexed array's
elements by plain equality (it answers `$in` by a scan of the arrays; MongoDB from the multikey
index); other equalities are `$eq` (`forms.py`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from pymongo import DESCENDING

from storebridge_shared.records.activity import (
    COUNTERS,
    HOUR_MS,
    LATEST_RUNS,
    ResourceQuery,
    ResourceState,
    RunRecord,
    hour_run_id,
)
from storebridge_shared.store.client import Database
from storebridge_shared.store.collections import RESOURCE_STATUS, RUNS
from storebridge_shared.store.forms import equals


def _counter_inc(counts: Mapping[str, int]) -> dict[str, int]:
    return {name: int(counts.get(name, 0)) for name in COUNTERS}


def _run(document: dict[str, Any]) -> RunRecord:
    return RunRecord(
        run_id=str(document["_id"]),
        kind=str(document.get("kind", "")),
        destination=str(document.get("destination", "")),
        started_ms=int(document.get("started_ms", 0)),
        last_ms=int(document.get("last_ms", document.get("started_ms", 0))),
        finished_ms=document.get("finished_ms"),
        status=str(document.get("status", "")),
        counters={name: int(document.get(name, 0)) for name in COUNTERS},
        api_calls=int(document.get("api_calls", 0)),
        busy_ms=int(document.get("busy_ms", 0)),
        note=str(document.get("note", "")),
        first_ms=document.get("first_ms"),
        found=int(document.get("found", 0)),
    )


class RunStore:
    """Reads and writes the `sync_runs` collection."""

    def __init__(self, db: Database) -> None:
        self._runs = db[RUNS]

    async def start(self, run_id: str, kind: str, destination: str, started_ms: int) -> None:
        """Insert a running run with zero counters (a resumed run keeps its document)."""
        await self._runs.update_one(
            {"_id": run_id},
            {
                "$setOnInsert": {
                    "kind": kind,
                    "destination": destination,
                    "started_ms": started_ms,
                    "finished_ms": None,
                    "api_calls": 0,
                    "busy_ms": 0,
                    "found": 0,
                    **dict.fromkeys(COUNTERS, 0),
                },
                "$set": {"status": "running", "last_ms": started_ms},
            },
            upsert=True,
        )

    async def add(
        self,
        run_id: str,
        counts: Mapping[str, int],
        *,
        api_calls: int = 0,
        at_ms: int,
        found: int = 0,
    ) -> None:
        """Add to the counters, API calls and items found (a reconcile pass) of a run."""
        inc = {**_counter_inc(counts), "api_calls": api_calls} | ({"found": found} if found else {})
        await self._runs.update_one({"_id": run_id}, {"$inc": inc, "$max": {"last_ms": at_ms}})

    async def prune_quiet(self, kind: str, destination: str, *, keep: str) -> None:
        """Drop the finished runs of `kind` in `destination` that found and failed nothing,
        but `keep` (the latest quiet reconcile pass stands for all of them)."""
        await self._runs.delete_many(
            {
                "kind": kind,
                "destination": destination,
                "found": 0,
                "failed": 0,
                "status": "succeeded",
                "_id": {"$ne": keep},
            }
        )

    async def finish(self, run_id: str, status: str, *, finished_ms: int, note: str = "") -> None:
        """Close a run with its final status."""
        await self._runs.update_one(
            {"_id": run_id},
            {
                "$set": {
                    "status": status,
                    "finished_ms": finished_ms,
                    "last_ms": finished_ms,
                    "note": note,
                }
            },
        )

    async def set_counters(self, run_id: str, counts: Mapping[str, int]) -> None:
        """Replace a run's counters (a finished backfill recounts from its checkpoints)."""
        await self._runs.update_one({"_id": run_id}, {"$set": _counter_inc(counts)})

    async def add_to_hour(
        self,
        kind: str,
        destination: str,
        counts: Mapping[str, int],
        *,
        at_ms: int,
        api_calls: int = 0,
        busy_ms: int = 0,
    ) -> str:
        """Add one outcome to the hourly run of `destination`, creating it on first use."""
        run_id = hour_run_id(kind, destination, at_ms)
        await self._runs.update_one(
            {"_id": run_id},
            {
                "$setOnInsert": {
                    "kind": kind,
                    "destination": destination,
                    "started_ms": at_ms - at_ms % HOUR_MS,
                    "finished_ms": None,
                    "status": "hourly",
                },
                "$inc": {**_counter_inc(counts), "api_calls": api_calls, "busy_ms": busy_ms},
                "$max": {"last_ms": at_ms},
                "$min": {"first_ms": at_ms},
            },
            upsert=True,
        )
        return run_id

    async def get(self, run_id: str) -> RunRecord | None:
        """One run, or None."""
        document = await self._runs.find_one({"_id": run_id})
        return None if document is None else _run(document)

    async def latest(self, limit: int, destination: str | None = None) -> list[RunRecord]:
        """The `limit` most recently started runs (of one destination), newest first."""
        query = {} if destination is None else {"destination": equals(destination)}
        cursor = self._runs.find(query).sort("started_ms", DESCENDING).limit(limit)
        return [_run(document) async for document in cursor]

    async def destinations(self) -> list[str]:
        """Every destination a run was recorded for."""
        return sorted(str(d) for d in await self._runs.distinct("destination"))

    async def latest_by_destination(self, limit: int) -> dict[str, list[RunRecord]]:
        """The `limit` most recently started runs of every destination, newest first: one
        query per destination (index `destination_latest_first`), all sent at once, so a
        page waits for the slowest, not for their sum."""
        names = await self.destinations()
        found = await asyncio.gather(*(self.latest(limit, name) for name in names))
        return dict(zip(names, found, strict=True))


def _state(document: dict[str, Any]) -> ResourceState:
    return ResourceState(
        resource_type=str(document["resource_type"]),
        source_id=str(document["source_id"]),
        destination=str(document["destination"]),
        status=str(document["status"]),
        at_ms=int(document["at_ms"]),
        run_id=str(document.get("run_id", "")),
        sku=str(document.get("sku", "")),
        skus=tuple(document.get("skus") or ()),
        target_id=document.get("target_id"),
        reason=str(document.get("reason", "")),
        extra=dict(document.get("extra") or {}),
        api_calls=_calls(document.get("api_calls")),
    )


def _calls(value: object) -> int | None:
    """A stored per-item call count (absent before it was recorded, and for backfill items)."""
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


class ResourceStatusStore:
    """Reads and writes `sync_status`: one document per (resource, destination), last wins."""

    def __init__(self, db: Database) -> None:
        self._status = db[RESOURCE_STATUS]

    async def record(self, state: ResourceState) -> None:
        """Store the outcome unless a later one is stored already."""
        key = f"{state.resource_type}:{state.source_id}:{state.destination}"
        skus = list(dict.fromkeys(s for s in (state.sku, *state.skus) if s))
        document = {
            "resource_type": state.resource_type,
            "source_id": state.source_id,
            "destination": state.destination,
            "status": state.status,
            "at_ms": state.at_ms,
            "run_id": state.run_id,
            "sku": state.sku,
            "skus": skus,
            "target_id": state.target_id,
            "reason": state.reason,
            "extra": state.extra,
            "api_calls": state.api_calls,
        }
        await self._status.update_one({"_id": key}, {"$setOnInsert": {"at_ms": -1}}, upsert=True)
        await self._status.update_one(
            {"_id": key, "at_ms": {"$lte": state.at_ms}}, {"$set": document}
        )

    async def by_sku(self, sku: str) -> list[ResourceState]:
        """Last outcomes of the product holding this product or variant SKU, per destination."""
        cursor = self._status.find({"skus": {"$in": [sku]}}).sort("destination", 1)
        return [_state(document) async for document in cursor]

    async def by_id(self, resource_type: str, source_id: str) -> list[ResourceState]:
        """Last outcomes of one source product or category, per destination."""
        cursor = self._status.find(
            {"resource_type": equals(resource_type), "source_id": equals(str(source_id))}
        ).sort("destination", 1)
        return [_state(document) async for document in cursor]

    async def by_ids(self, resource_type: str, source_ids: list[str]) -> list[ResourceState]:
        """Last outcomes of several source resources of one type, in every destination."""
        if not source_ids:
            return []
        cursor = self._status.find(
            {"resource_type": equals(resource_type), "source_id": {"$in": list(source_ids)}}
        )
        return [_state(document) async for document in cursor]

    async def by_run(self, run_id: str, limit: int) -> list[ResourceState]:
        """Resources whose last outcome was recorded under `run_id` (a later run takes them)."""
        cursor = self._status.find({"run_id": equals(run_id)}).limit(limit)
        return [_state(document) async for document in cursor]


async def latest_runs(db: Database, limit: int = LATEST_RUNS) -> list[RunRecord]:
    """The most recently started runs, newest first."""
    return await RunStore(db).latest(limit)


async def resource_status(db: Database, query: ResourceQuery) -> list[ResourceState]:
    """The last sync outcome of the asked resource in each destination."""
    store = ResourceStatusStore(db)
    if query.sku is not None:
        return await store.by_sku(query.sku)
    if query.product_id is not None:
        return await store.by_id("product", str(query.product_id))
    if query.category_id is not None:
        return await store.by_id("category", str(query.category_id))
    return []
