"""Backfill checkpoints: which backfill of a destination is under way, and what it finished.

`backfills` holds one document per destination naming the current backfill and its state
(`running` / `finished`); a crashed backfill stays `running`, so the next start resumes it.
`backfill_checkpoints` holds one document per finished phase and per finished item (product SKU,
category id), keyed `{backfill_id}:{kind}:{key}`, written once: a replay of the same checkpoint
is a no-op.

Stand-in-safe forms (docs/mongodb-stand-in.md): times are epoch-millisecond integers, states
are strings, upserts are `update_one(..., upsert=True)` with `$setOnInsert` of plain values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from storebridge_shared.store.collections import BACKFILL_CHECKPOINTS, BACKFILLS


@dataclass(frozen=True)
class BackfillHandle:
    """The backfill a start returned: its id, and whether it resumes an interrupted one."""

    backfill_id: str
    destination: str
    resumed: bool
    started_ms: int


@dataclass(frozen=True)
class Checkpoint:
    """One finished item: its kind (phase, category, product), key, outcome and target id."""

    kind: str
    key: str
    outcome: str = "done"
    target_id: int | None = None


class BackfillProgress:
    """Reads and writes backfill state and checkpoints."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._backfills = db[BACKFILLS]
        self._checkpoints = db[BACKFILL_CHECKPOINTS]

    async def begin(self, destination: str, new_id: str, now_ms: int) -> BackfillHandle:
        """Resume the running backfill of `destination`, or start `new_id`."""
        await self._backfills.update_one(
            {"_id": destination},
            {"$setOnInsert": {"backfill_id": new_id, "state": "running", "started_ms": now_ms}},
            upsert=True,
        )
        await self._backfills.update_one(
            {"_id": destination, "state": {"$ne": "running"}},
            {"$set": {"backfill_id": new_id, "state": "running", "started_ms": now_ms}},
        )
        document = await self._backfills.find_one({"_id": destination})
        assert document is not None
        backfill_id = str(document["backfill_id"])
        return BackfillHandle(
            backfill_id, destination, backfill_id != new_id, int(document["started_ms"])
        )

    async def finish(self, handle: BackfillHandle, now_ms: int) -> None:
        """Mark the backfill finished (the next start begins afresh) and drop its checkpoints."""
        await self._backfills.update_one(
            {"_id": handle.destination, "backfill_id": handle.backfill_id},
            {"$set": {"state": "finished", "finished_ms": now_ms}},
        )
        await self._checkpoints.delete_many({"backfill_id": handle.backfill_id})

    async def save(self, handle: BackfillHandle, checkpoints: Iterable[Checkpoint]) -> None:
        """Record finished items (idempotent)."""
        writes = [
            UpdateOne(
                {"_id": f"{handle.backfill_id}:{c.kind}:{c.key}"},
                {
                    "$setOnInsert": {
                        "backfill_id": handle.backfill_id,
                        "kind": c.kind,
                        "key": c.key,
                        "outcome": c.outcome,
                        "target_id": c.target_id,
                    }
                },
                upsert=True,
            )
            for c in checkpoints
        ]
        if writes:
            await self._checkpoints.bulk_write(writes, ordered=False)

    async def done(self, handle: BackfillHandle, kind: str) -> dict[str, Checkpoint]:
        """Finished items of one kind, by key."""
        cursor = self._checkpoints.find({"backfill_id": handle.backfill_id, "kind": kind})
        return {
            str(d["key"]): Checkpoint(
                str(d["kind"]), str(d["key"]), str(d["outcome"]), d.get("target_id")
            )
            async for d in cursor
        }
