"""Per-order leases: one document per order in `order_claims`, unique `_id`, inserted by the
holder, deleted on release or once expired (`until_ms`, epoch ms).

An insert decides between racing holders (the stand-in's conditional updates are not atomic
under concurrency). The replication and the refresh of an order share its lease.
"""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from storebridge_shared.store.collections import ORDER_CLAIMS

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
        """Take the lease, replacing an expired one; False while a live holder has it."""
        for _ in range(2):
            if await self.insert(key, owner, now_ms + lease_ms):
                return True
            if not await self.drop_expired(key, now_ms):
                return False
        return False

    async def drop_expired(self, key: str, now_ms: int) -> bool:
        """Delete the lease if it expired; whether it is gone."""
        held = await self._claims.find_one({"_id": key})
        if held is not None and int(held.get("until_ms", 0)) >= now_ms:
            return False
        if held is not None:
            await self._claims.delete_one({"_id": key, "owner": held.get("owner")})
        return True

    async def release(self, key: str, owner: str) -> None:
        """Give the lease up (only the holder's own)."""
        await self._claims.delete_one({"_id": key, "owner": owner})
