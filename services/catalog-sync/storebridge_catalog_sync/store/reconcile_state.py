"""The reconcile pass's checkpoint: one document per source store in `catalog_reconcile`.

`{_id: source, watermark: {at, done: [[id, started_ms], ...]}, digests: {category: [[id, d]],
brand: [[id, d]]}, current: {pass_id, kind, started_ms} | null, full: {last_ms}}`. Every write
`$set`s whole sub-documents of strings and integers (stand-in-safe, docs/mongodb-stand-in.md);
the document is created by `update_one(..., upsert=True)` with `$setOnInsert`. Only the holder of
the reconcile lease writes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from storebridge_catalog_sync.reconcile.decide import Watermark
from storebridge_shared.store.collections import RECONCILE


@dataclass(frozen=True)
class CurrentPass:
    """The pass under way (a pass stopped by its budget is resumed under the same id)."""

    pass_id: str
    kind: str
    started_ms: int


@dataclass(frozen=True)
class Checkpoint:
    """Everything a pass resumes from."""

    watermark: Watermark
    digests: Mapping[str, Mapping[int, str] | None]
    current: CurrentPass | None
    last_full_ms: int = 0
    created_ms: int = 0


def _current(doc: Any) -> CurrentPass | None:
    if not doc:
        return None
    return CurrentPass(str(doc["pass_id"]), str(doc["kind"]), int(doc["started_ms"]))


def _pairs(values: Any) -> dict[int, Any]:
    return {int(k): v for k, v in (values or [])}


class ReconcileStore:
    """Reads and writes `catalog_reconcile`."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._docs = db[RECONCILE]

    async def load(self, source: str, now_ms: int) -> Checkpoint:
        """The checkpoint of `source` (created empty on first use)."""
        await self._docs.update_one(
            {"_id": source},
            {"$setOnInsert": {"created_ms": now_ms, "current": None, "full": {"last_ms": 0}}},
            upsert=True,
        )
        doc = await self._docs.find_one({"_id": source}) or {}
        mark = doc.get("watermark") or {}
        digests = doc.get("digests") or {}
        current = doc.get("current")
        return Checkpoint(
            watermark=Watermark(str(mark.get("at") or ""), _pairs(mark.get("done"))),
            digests={
                kind: (_pairs(digests[kind]) if digests.get(kind) is not None else None)
                for kind in ("category", "brand")
            },
            current=_current(current),
            last_full_ms=int((doc.get("full") or {}).get("last_ms") or 0),
            created_ms=int(doc.get("created_ms") or now_ms),
        )

    async def save_watermark(self, source: str, mark: Watermark) -> None:
        """Store the watermark (after each synced product)."""
        done = [[int(k), int(v)] for k, v in sorted(mark.done.items())]
        await self._docs.update_one(
            {"_id": source}, {"$set": {"watermark": {"at": mark.at, "done": done}}}
        )

    async def save_digests(self, source: str, kind: str, digests: Mapping[int, str]) -> None:
        """Store the digests of one kind (category or brand)."""
        pairs = [[int(k), str(v)] for k, v in sorted(digests.items())]
        await self._docs.update_one({"_id": source}, {"$set": {f"digests.{kind}": pairs}})

    async def start_pass(self, source: str, current: CurrentPass) -> None:
        """Record the pass under way."""
        doc = {"pass_id": current.pass_id, "kind": current.kind, "started_ms": current.started_ms}
        await self._docs.update_one({"_id": source}, {"$set": {"current": doc}})

    async def finish_pass(self, source: str, *, full_finished_ms: int | None = None) -> None:
        """No pass under way any more (and, after a full compare, when it finished)."""
        update: dict[str, Any] = {"current": None}
        if full_finished_ms is not None:
            update["full"] = {"last_ms": full_finished_ms}
        await self._docs.update_one({"_id": source}, {"$set": update})
