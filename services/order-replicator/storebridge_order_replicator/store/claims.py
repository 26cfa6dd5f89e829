"""Per-order leases: one document per order in `order_claims`, unique `_id`, inserted by the
holder, deleted on release or once expired (`until_ms`, epoch ms).

An insert decides between racing holders (the stand-in's conditional updates are not atomic
under concurrency). The replication and the refresh of an order share its lease. A lease is
taken over once it expired, or at once when its holder was a process of this host that is gone
(a replicator killed and restarted resumes its orders without waiting for the expiry).
"""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from storebridge_shared.store.collections import ORDER_CLAIMS
from storebridge_shared.store.leases import holder_gone

Database = AsyncDatabase[dict[str, Any]]


class OrderClaims:
    """The `order_claims` collection."""

    def __init__(self, db: Database) -> None:
        self._claims = db[ORDER_CLAIMS]

    async def insert(self, key: str, owner: str, until_ms: int) -> bool:
        """Take the lease; False while another holder has it (live or expired)."""
        try:
            await self._claims.insert_one({"_id": key, "owner": owner, "until_ms": until_ms})
        except DuplicateKeyError:
            return False
        return True

    async def take(self, key: str, owner: str, now_ms: int, lease_ms: int) -> bool:
        """Take the lease, replacing a stale one; False while a live holder has it."""
        for _ in range(2):
            if await self.insert(key, owner, now_ms + lease_ms):
                return True
            if not await self.drop_stale(key, now_ms):
                return False
        return False

    async def drop_stale(self, key: str, now_ms: int) -> bool:
        """Delete the lease if it expired or its holder's process is gone (`holder_gone`: a
        killed process of this host, e.g. our previous run); whether it is gone."""
        held = await self._claims.find_one({"_id": key})
        if held is None:
            return True
        holder = str(held.get("owner", ""))
        if int(held.get("until_ms", 0)) >= now_ms and not holder_gone(holder):
            return False
        await self._claims.delete_one({"_id": key, "owner": holder})
        return True

    async def release(self, key: str, owner: str) -> None:
        """Give the lease up (only the holder's own)."""
        await self._claims.delete_one({"_id": key, "owner": owner})
