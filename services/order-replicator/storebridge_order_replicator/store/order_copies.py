"""The stored copy of a replicated order, kept current after merchants' changes.

A refresh replaces the copy (`order`) in one conditional write: only while the order is
replicated and its `copy_modified_s` is still the value the refresh read (so of two racing
refreshes one writes, the other reads again). The same write holds the `order.updated` event
to publish (`pending_update`, a sub-document), removed once it is published: a crash between
the write and the publish leaves it there, and the order's next refresh publishes it first.

A refresh holds the order's lease (`claims.py`, shared with the replication). An event that
comes while another holder has the order (a replication, a refresh) leaves its cause
(`refresh_due`, a sub-document; the latest wins, a refresh reads everything anyway) and tries
the lease again; the holder looks for it after giving the lease up, so one of the two always
sees the other's write.
"""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from storebridge_order_replicator.states import REPLICATED
from storebridge_order_replicator.store.claims import OrderClaims
from storebridge_order_replicator.store.orders import epoch_ms
from storebridge_shared.records.orders import order_key
from storebridge_shared.store.collections import ORDERS

Database = AsyncDatabase[dict[str, Any]]


class OrderCopies:
    """The `orders` collection as the refresh reads and writes it."""

    def __init__(self, db: Database) -> None:
        self._orders = db[ORDERS]
        self._claims = OrderClaims(db)

    async def lease(self, store_hash: str, order_id: int, owner: str, lease_ms: int) -> bool:
        """Take the order's lease (False while a live holder has it)."""
        return await self._claims.take(order_key(store_hash, order_id), owner, epoch_ms(), lease_ms)

    async def unlease(self, store_hash: str, order_id: int, owner: str) -> None:
        """Give the order's lease up."""
        await self._claims.release(order_key(store_hash, order_id), owner)

    async def get(self, store_hash: str, order_id: int) -> dict[str, Any] | None:
        """The order's document, or None."""
        return await self._orders.find_one({"_id": order_key(store_hash, order_id)})

    async def replace(
        self,
        store_hash: str,
        order_id: int,
        *,
        held_s: int | None,
        order: dict[str, Any],
        modified_s: int | None,
        pending: dict[str, Any] | None,
    ) -> bool:
        """Store the refreshed copy (and the event to publish) unless another refresh changed
        the copy since it was read (`held_s`, the `copy_modified_s` read); whether it wrote."""
        changes: dict[str, Any] = {"order": order, "copy_modified_s": modified_s}
        if pending is not None:
            changes["pending_update"] = pending
        result = await self._orders.update_one(
            {
                "_id": order_key(store_hash, order_id),
                "state": REPLICATED,
                "copy_modified_s": held_s,
            },
            {"$set": changes, "$currentDate": {"refreshed_at": True}, "$inc": {"refreshes": 1}},
        )
        return result.matched_count == 1

    async def published(self, store_hash: str, order_id: int, event_id: str) -> None:
        """The pending `order.updated` event is out: drop it."""
        await self._orders.update_one(
            {"_id": order_key(store_hash, order_id), "pending_update.event_id": event_id},
            {"$unset": {"pending_update": ""}},
        )

    async def defer(
        self, store_hash: str, order_id: int, cause: dict[str, Any], coupons: bool
    ) -> None:
        """Leave a refresh for the order's holder (`refresh_coupons`: read the coupons too;
        set, never cleared by a later cause)."""
        changes: dict[str, Any] = {"refresh_due": cause}
        if coupons:
            changes["refresh_coupons"] = 1
        await self._orders.update_one({"_id": order_key(store_hash, order_id)}, {"$set": changes})

    async def undefer(self, store_hash: str, order_id: int, event_id: str) -> None:
        """The refresh left is covered (unless another event left a newer one meanwhile)."""
        await self._orders.update_one(
            {"_id": order_key(store_hash, order_id), "refresh_due.event_id": event_id},
            {"$unset": {"refresh_due": "", "refresh_coupons": ""}},
        )
