"""The reconcile pass's checkpoint: one document per source store in `catalog_reconcile`.

`{_id: source, watermark: {at, done: [[id, started_ms], ...]}, digests: {category: [[id, d]],
brand: [[id, d]]}, current: {pass_id, kind, started_ms} | null, full: {last_ms, requested_ms,
cursor, current, reason}, rules: [[dest, digest]]}`; the full compare's product digests are in
`catalog_reconcile_products`, one document per source product (`{_id: source:id, source,
product_id, a, b: [[dest, d]]}`). Every write
`$set`s whole sub-documents of strings and integers (stand-in-safe, docs/mongodb-stand-in.md);
the document is created by `update_one(..., upsert=True)` with `$setOnInsert`. Only the holder of
the reconcile lease writes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from storebridge_catalog_sync.reconcile.decide import Compared, Watermark
from storebridge_shared.store.collections import RECONCILE, RECONCILE_PRODUCTS


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
    full_requested_ms: int = 0
    full_current: CurrentPass | None = None
    full_cursor: int = 0
    full_reason: str = ""
    """Why the full compare was asked for (a rule change), for its run's note."""
    rules: Mapping[str, str] = field(default_factory=dict)
    """Each destination's rules digest as the last check saw it (`reconcile.rules_change`)."""


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
        full = doc.get("full") or {}
        return Checkpoint(
            watermark=Watermark(str(mark.get("at") or ""), _pairs(mark.get("done"))),
            digests={
                kind: (_pairs(digests[kind]) if digests.get(kind) is not None else None)
                for kind in ("category", "brand")
            },
            current=_current(current),
            last_full_ms=int(full.get("last_ms") or 0),
            created_ms=int(doc.get("created_ms") or now_ms),
            full_requested_ms=int(full.get("requested_ms") or 0),
            full_current=_current(full.get("current")),
            full_cursor=int(full.get("cursor") or 0),
            full_reason=str(full.get("reason") or ""),
            rules={str(k): str(v) for k, v in doc.get("rules") or []},
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

    async def finish_pass(self, source: str) -> None:
        """No changes pass under way any more."""
        await self._docs.update_one({"_id": source}, {"$set": {"current": None}})

    async def request_full(self, source: str, now_ms: int, reason: str = "") -> None:
        """Ask for a full compare at the next pass (`reconcile --full` beside a running service,
        or a rule change: `reason`)."""
        await self.load(source, now_ms)
        changes = {"full.requested_ms": now_ms, "full.reason": reason}
        await self._docs.update_one({"_id": source}, {"$set": changes})

    async def save_rules(self, source: str, digests: Mapping[str, str]) -> None:
        """Keep each destination's rules digest (after a change was seen)."""
        pairs = [[str(k), str(v)] for k, v in sorted(digests.items())]
        await self._docs.update_one({"_id": source}, {"$set": {"rules": pairs}})

    async def start_full(self, source: str, current: CurrentPass) -> None:
        """Record the full compare under way."""
        doc = {"pass_id": current.pass_id, "kind": current.kind, "started_ms": current.started_ms}
        await self._docs.update_one({"_id": source}, {"$set": {"full.current": doc}})

    async def save_full_cursor(self, source: str, product_id: int) -> None:
        """The full compare finished every product up to this id."""
        await self._docs.update_one({"_id": source}, {"$set": {"full.cursor": product_id}})

    async def finish_full(self, source: str, finished_ms: int) -> None:
        """The full compare is done: the next one is due a period after `finished_ms`."""
        full = {
            "last_ms": finished_ms,
            "requested_ms": 0,
            "cursor": 0,
            "current": None,
            "reason": "",
        }
        await self._docs.update_one({"_id": source}, {"$set": {"full": full}})


class ProductDigests:
    """The full compare's digests per source product (`catalog_reconcile_products`)."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._docs = db[RECONCILE_PRODUCTS]

    async def load(self, source: str) -> dict[int, Compared]:
        """Every product's digests kept at the last compare."""
        found: dict[int, Compared] = {}
        async for doc in self._docs.find({"source": source}):
            product_id = int(doc["product_id"])
            b = {str(k): str(v) for k, v in doc.get("b") or []}
            found[product_id] = Compared(product_id, str(doc["a"]), b)
        return found

    async def save(self, source: str, item: Compared) -> None:
        """Keep one product's digests."""
        pairs = [[str(k), str(v)] for k, v in sorted(item.b.items())]
        await self._docs.update_one(
            {"_id": f"{source}:{item.product_id}"},
            {"$set": {"source": source, "product_id": item.product_id, "a": item.a, "b": pairs}},
            upsert=True,
        )
