"""Query forms that use an index on real MongoDB and on the nx-27017 stand-in alike.

Measured on the stand-in at 20,000 events (docs/mongodb-stand-in.md): an implicit equality
`{"status": "received"}` scans the collection (20-50 ms, growing with it) while `{"status":
{"$eq": "received"}}` uses the index (under 1 ms); `count_documents` (an aggregate underneath)
scans everything in Python (0.4-1.2 s) while the `count` command with the same `$eq` filter uses
the index (under 1 ms). On real MongoDB both forms of each pair are the same query plan.
"""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.collection import AsyncCollection


def equals(value: Any) -> dict[str, Any]:
    """An equality condition written with `$eq`, the form the stand-in answers from an index."""
    return {"$eq": value}


async def count(collection: AsyncCollection[dict[str, Any]], query: dict[str, Any]) -> int:
    """How many documents match `query`, by the `count` command (index-backed on both)."""
    reply = await collection.database.command("count", collection.name, query=query)
    return int(reply["n"])
