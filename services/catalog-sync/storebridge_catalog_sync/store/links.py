"""Source-to-destination id links of the catalog: (source, destination, kind, source id) -> id.

A link saves a search in the destination store; it is a cache, never the truth. SKU (products,
variants) and path (categories) stay the keys of truth: a caller that finds a link stale (404, SKU
mismatch) searches the destination again and calls `put` to relink.

One document per link, `_id` = "{source}:{destination}:{kind}:{source_id}", written with a plain
`update_one(..., upsert=True)` (`$set` of strings and integers only: stand-in safe).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from storebridge_catalog_sync.linking import Link, LinkKind
from storebridge_shared.store.collections import LINKS


def _id(source: str, destination: str, kind: LinkKind, source_id: int) -> str:
    return f"{source}:{destination}:{kind.value}:{source_id}"


class LinkRepository:
    """Reads and writes the `catalog_links` collection for one (source, destination) pair."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]], source: str, destination: str) -> None:
        self._links = db[LINKS]
        self.source = source
        self.destination = destination

    async def get(self, kind: LinkKind, source_id: int) -> Link | None:
        """The link of one source id, or None."""
        doc = await self._links.find_one({"_id": self._key(kind, source_id)})
        return None if doc is None else _link(doc)

    async def many(self, kind: LinkKind, source_ids: Iterable[int]) -> dict[int, Link]:
        """Links of several source ids of one kind, by source id."""
        keys = [self._key(kind, i) for i in source_ids]
        if not keys:
            return {}
        found = self._links.find({"_id": {"$in": keys}})
        return {link.source_id: link for link in [_link(doc) async for doc in found]}

    async def put(self, kind: LinkKind, source_id: int, destination_id: int, key: str = "") -> None:
        """Create or replace one link."""
        await self._links.update_one(
            {"_id": self._key(kind, source_id)},
            {
                "$set": {
                    "source": self.source,
                    "destination": self.destination,
                    "kind": kind.value,
                    "source_id": int(source_id),
                    "destination_id": int(destination_id),
                    "key": key,
                },
                "$currentDate": {"updated_at": True},
            },
            upsert=True,
        )

    async def drop(self, kind: LinkKind, source_id: int) -> None:
        """Forget one link (stale, or its resource was deleted)."""
        await self._links.delete_one({"_id": self._key(kind, source_id)})

    async def by_destination(self, kind: LinkKind, destination_id: int) -> Link | None:
        """The link pointing at one destination id, or None."""
        doc = await self._links.find_one(
            {
                "source": self.source,
                "destination": self.destination,
                "kind": kind.value,
                "destination_id": int(destination_id),
            }
        )
        return None if doc is None else _link(doc)

    async def source_ids(self, kind: LinkKind) -> set[int]:
        """The source ids of every link of one kind (what this destination holds of the source)."""
        query = {"source": self.source, "destination": self.destination, "kind": kind.value}
        found = self._links.find(query, {"source_id": 1})
        return {int(doc["source_id"]) async for doc in found}

    def _key(self, kind: LinkKind, source_id: int) -> str:
        return _id(self.source, self.destination, kind, source_id)


def _link(doc: dict[str, Any]) -> Link:
    return Link(
        kind=LinkKind(doc["kind"]),
        source_id=int(doc["source_id"]),
        destination_id=int(doc["destination_id"]),
        key=str(doc.get("key", "")),
    )
