"""Dead-lettered orders: remembered so the poll stops re-queueing them and alerts fire once.

One document per order in `order_dead_letters` (`_id`: store hash + order id), inserted when
the order's first message is dead-lettered: the insert decides which dead letter alerts (racing
dead letters of one order give one alert; unique inserts are the stand-in's race-free guard). Later
dead letters of the same order add their event id. A message whose event id is listed can only
come back through an operator (`storebridge dlq requeue`, or `storebridge replay`): seeing it
again forgets the order, so the poll takes it again and a new dead letter alerts again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from storebridge_order_replicator.store.orders import epoch_ms
from storebridge_shared.records.orders import order_key
from storebridge_shared.store.collections import ORDER_DEAD_LETTERS


class DeadOrders:
    """The `order_dead_letters` collection."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._dead = db[ORDER_DEAD_LETTERS]

    async def remember(self, store_hash: str, order_id: int, event_id: str, reason: str) -> bool:
        """Note a dead letter of the order; True for its first one (the one to alert on)."""
        key = order_key(store_hash, order_id)
        document = {
            "_id": key,
            "store_hash": store_hash,
            "order_id": order_id,
            "event_ids": [event_id],
            "reason": reason[:500],
            "dead_at_ms": epoch_ms(),
        }
        try:
            await self._dead.insert_one(document)
        except DuplicateKeyError:
            await self._dead.update_one({"_id": key}, {"$addToSet": {"event_ids": event_id}})
            return False
        return True

    async def forget_if_requeued(self, store_hash: str, order_id: int, event_id: str) -> bool:
        """Forget the order when `event_id` is one of its dead letters (an operator sent it
        back); True if it was forgotten."""
        key = order_key(store_hash, order_id)
        result = await self._dead.delete_one({"_id": key, "event_ids": event_id})
        return result.deleted_count == 1

    async def among(self, store_hash: str, order_ids: Iterable[int]) -> set[int]:
        """The dead-lettered orders among `order_ids`."""
        keys = [order_key(store_hash, order_id) for order_id in order_ids]
        if not keys:
            return set()
        cursor = self._dead.find({"_id": {"$in": keys}}, {"order_id": 1})
        return {int(doc["order_id"]) async for doc in cursor}

    async def count(self) -> int:
        """How many orders are dead-lettered now."""
        return await self._dead.count_documents({})
