"""Order poll runs and per-store poll watermarks, in one small collection.

A run is inserted once, when it ends (`kind: run`); a store's watermark is one document
(`_id: watermark:{store}`, `kind: watermark`), and when its latest run started another
(`_id: schedule:{store}`, `kind: schedule`: when the next poll is due). Times are epoch-ms
integers: they are computed times, which the stand-in cannot `$set` as datetimes
(docs/mongodb-stand-in.md).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from storebridge_shared.records.orders import PollRun
from storebridge_shared.store.collections import ORDER_POLLS
from storebridge_shared.store.forms import equals

__all__ = ["PollRun", "PollRuns"]


class PollRuns:
    """Record poll runs and keep each store's watermark."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._polls = db[ORDER_POLLS]

    async def watermark(self, store_hash: str) -> int | None:
        """The store's watermark (epoch ms), None before its first successful poll."""
        doc = await self._polls.find_one({"_id": f"watermark:{store_hash}"})
        return int(doc["watermark_ms"]) if doc else None

    async def advance(self, store_hash: str, watermark_ms: int) -> None:
        """Move the watermark forward (never back)."""
        await self._polls.update_one(
            {"_id": f"watermark:{store_hash}"},
            {
                "$max": {"watermark_ms": watermark_ms},
                "$setOnInsert": {"kind": "watermark", "store_hash": store_hash},
            },
            upsert=True,
        )

    async def record(self, run: PollRun) -> None:
        """Store a finished run and note when the store's latest run started (the schedule)."""
        await self._polls.insert_one(
            {"_id": run.run_id, "kind": "run", "status": run.status, **asdict(run)}
        )
        await self._polls.update_one(
            {"_id": f"schedule:{run.store_hash}"},
            {
                "$max": {"last_started_ms": run.started_ms},
                "$setOnInsert": {"kind": "schedule", "store_hash": run.store_hash},
            },
            upsert=True,
        )

    async def last_started(self, store_hash: str) -> int | None:
        """When the store's latest finished run started (epoch ms), None before any."""
        doc = await self._polls.find_one({"_id": f"schedule:{store_hash}"})
        return int(doc["last_started_ms"]) if doc else None

    async def recent(self, limit: int = 10) -> list[PollRun]:
        """The latest runs, newest first."""
        cursor = (
            self._polls.find({"kind": equals("run")}).sort("started_ms", DESCENDING).limit(limit)
        )
        return [_run(doc) async for doc in cursor]


def _run(doc: dict[str, Any]) -> PollRun:
    return PollRun(
        run_id=str(doc["_id"]),
        store_hash=str(doc.get("store_hash", "")),
        started_ms=int(doc.get("started_ms", 0)),
        finished_ms=int(doc.get("finished_ms", 0)),
        since_ms=int(doc.get("since_ms", 0)),
        found=int(doc.get("found", 0)),
        new=int(doc.get("new", 0)),
        errors=[str(e) for e in doc.get("errors", [])],
        dead=int(doc.get("dead", 0)),
    )
