"""Replicated orders: one document per (store hash, order id), its state and a per-order lease.

    new --(not in a source status)--> waiting --(later event or poll)--> new ...
    new --store()--> stored --mark_moved()--> moved --mark_replicated()--> replicated (final)

The status update itself is reserved by a unique insert into `order_status_updates` (inserts
are the stand-in's one race-free guard), so at most one holder sends it even if two holders
believed they held the order's lease.

Every step is one conditional single-document write (no transactions): a step only applies
while the caller holds the order's lease (`lease_owner`). The lease itself is a unique document
in `order_claims` (`claims.py`: inserted, deleted on release or once expired). So two
replicas, a webhook and a poll racing on one order give one holder; a holder that crashed is
replaced once its lease expired, and the next one resumes at the stored state.

Stand-in-safe forms (docs/mongodb-stand-in.md): lease expiry and first-seen time are epoch-ms
integers; the state is a string; times of steps use `$currentDate`; the document is created with
`update_one(..., upsert=True)` + `$setOnInsert`, then claimed with `find_one_and_update` without
upsert; the BigCommerce order is `$set` as a whole sub-document (its dates are strings).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from storebridge_order_replicator.states import MOVED, NEW, REPLICATED, STORED, WAITING
from storebridge_order_replicator.store.claims import OrderClaims
from storebridge_shared.records.orders import order_key
from storebridge_shared.store.collections import ORDER_STATUS_UPDATES, ORDERS
from storebridge_shared.store.leases import holder_gone
from storebridge_shared.store.orders import OrderReads

Database = AsyncDatabase[dict[str, Any]]
ClaimOutcome = Literal["claimed", "done", "busy"]


def epoch_ms() -> int:
    """Wall-clock now in epoch milliseconds."""
    return int(time.time() * 1000)


@dataclass(frozen=True)
class Claim:
    """The result of trying to take an order: claimed (with its document), done, or busy."""

    outcome: ClaimOutcome
    document: dict[str, Any] = field(default_factory=dict)
    """The order's document without the BigCommerce data (`order`), when claimed."""

    @property
    def state(self) -> str:
        """The state the claimed order had reached."""
        return str(self.document.get("state", NEW))


class OrderStore:
    """The `orders` collection: claim, store, mark moved, mark replicated, release."""

    def __init__(self, db: Database, *, clock: Callable[[], int] = epoch_ms) -> None:
        self._orders = db[ORDERS]
        self._updates = db[ORDER_STATUS_UPDATES]
        self._claims = OrderClaims(db)
        self._reads = OrderReads(db)
        self._clock = clock

    async def claim(self, store_hash: str, order_id: int, owner: str, lease_ms: int) -> Claim:
        """Take the order's lease unless it is replicated or another holder's lease is live.

        The lease is a document of `order_claims` with a unique `_id`: an insert decides between
        racing holders (the stand-in's conditional updates are not atomic under concurrency); an
        expired lease is deleted, then the insert is tried once more.
        """
        key = order_key(store_hash, order_id)
        await self._ensure(key, store_hash, order_id)
        for _ in range(2):
            current = await self._orders.find_one({"_id": key}, {"order": 0})
            if current is None or current.get("state") == REPLICATED:
                return Claim("done")
            now = self._clock()
            if not await self._claims.insert(key, owner, now + lease_ms):
                if not await self._claims.drop_stale(key, now):
                    return Claim("busy")
                continue
            lease = {"lease_owner": owner, "lease_until_ms": now + lease_ms}
            await self._orders.update_one({"_id": key}, {"$set": lease})
            return Claim("claimed", current | lease)
        return Claim("busy")

    async def reserve_status_update(
        self, store_hash: str, order_id: int, owner: str, target: int, lease_ms: int
    ) -> bool:
        """The right to send the order's one status update: a unique insert, or taking over a
        reservation whose holder stopped (expired, or its process of this host is gone); False
        while another holder has it. Taking over never sends a second PUT blindly: the next
        holder reads the status first (`already` when the dead holder's PUT went through)."""
        key, now = order_key(store_hash, order_id), self._clock()
        held = {"owner": owner, "target_status_id": target, "until_ms": now + lease_ms}
        try:
            await self._updates.insert_one({"_id": key, **held})
            return True
        except DuplicateKeyError:
            pass
        current = await self._updates.find_one({"_id": key}) or {}
        holder = str(current.get("owner", ""))
        if holder == owner or int(current.get("until_ms", 0)) < now or holder_gone(holder):
            await self._updates.update_one({"_id": key, "owner": holder}, {"$set": held})
        current = await self._updates.find_one({"_id": key}) or {}
        return current.get("owner") == owner

    async def release_status_update(self, store_hash: str, order_id: int, owner: str) -> None:
        """Let the next attempt send the update at once (ours failed before it was sent)."""
        await self._updates.update_one(
            {"_id": order_key(store_hash, order_id), "owner": owner}, {"$set": {"until_ms": 0}}
        )

    async def store(
        self,
        store_hash: str,
        order_id: int,
        owner: str,
        order: dict[str, Any],
        target: int,
        modified_s: int | None = None,
    ) -> bool:
        """Write the merged order, the status it will move to and the `date_modified` (epoch s)
        it was read at; state `stored`."""
        changes = {
            "state": STORED,
            "order": order,
            "target_status_id": target,
            "last_error": "",
            "copy_modified_s": modified_s,
        }
        return await self._step(
            store_hash, order_id, owner, (NEW, WAITING, STORED), changes, "replicated_at"
        )

    async def mark_moved(
        self,
        store_hash: str,
        order_id: int,
        owner: str,
        *,
        before: int,
        after: int,
        action: str,
        order_fields: Mapping[str, Any] | None = None,
        own_update_s: int | None = None,
    ) -> bool:
        """Record the status step (`moved` by us, or `kept` as it was), the status fields of
        the stored order as last read or updated, and the second of our PUT (`own_update_s`,
        its echo is no change); state `moved`."""
        changes = {
            "state": MOVED,
            "status_before": before,
            "status_after": after,
            "status_action": action,
            "own_update_s": own_update_s,
            **{f"order.{name}": value for name, value in (order_fields or {}).items()},
        }
        return await self._step(store_hash, order_id, owner, (STORED,), changes, "status_moved_at")

    async def mark_replicated(self, store_hash: str, order_id: int, owner: str) -> bool:
        """The `order.replicated` event is out: final state, lease released."""
        changes = {"state": REPLICATED, "lease_owner": "", "lease_until_ms": 0}
        done = await self._step(store_hash, order_id, owner, (MOVED,), changes, "announced_at")
        await self._unclaim(store_hash, order_id, owner)
        return done

    async def mark_waiting(self, store_hash: str, order_id: int, owner: str, status: int) -> bool:
        """Seen in a status we do not take: nothing stored, lease released."""
        changes = {
            "state": WAITING,
            "seen_status_id": status,
            "lease_owner": "",
            "lease_until_ms": 0,
        }
        done = await self._step(store_hash, order_id, owner, (NEW, WAITING), changes, "seen_at")
        await self._unclaim(store_hash, order_id, owner)
        return done

    async def release(
        self, store_hash: str, order_id: int, owner: str, error: str, *, failed: bool = True
    ) -> int:
        """Give the lease up after a failure, keeping the state and the error; failures so far
        (an attempt cut off, `failed=False`, is not the order's failure and is not counted)."""
        counted = {"$inc": {"failures": 1}} if failed else {}
        doc = await self._orders.find_one_and_update(
            {"_id": order_key(store_hash, order_id), "lease_owner": owner},
            {
                "$set": {"lease_owner": "", "lease_until_ms": 0, "last_error": error[:500]},
                **counted,
            },
            projection={"failures": 1},
            return_document=ReturnDocument.AFTER,
        )
        await self._unclaim(store_hash, order_id, owner)
        return int(doc.get("failures", 0)) if doc else 0

    async def _unclaim(self, store_hash: str, order_id: int, owner: str) -> None:
        await self._claims.release(order_key(store_hash, order_id), owner)

    async def get(self, store_hash: str, order_id: int) -> dict[str, Any] | None:
        """The order's document, or None."""
        return await self._orders.find_one({"_id": order_key(store_hash, order_id)})

    async def states(self, store_hash: str, order_ids: Iterable[int]) -> dict[int, str]:
        """State of each known order among `order_ids`."""
        keys = [order_key(store_hash, order_id) for order_id in order_ids]
        found: dict[int, str] = {}
        async for doc in self._orders.find({"_id": {"$in": keys}}, {"order_id": 1, "state": 1}):
            found[int(doc["order_id"])] = str(doc["state"])
        return found

    async def count_by_state(self) -> dict[str, int]:
        """How many orders are in each state (every state listed, zeros included)."""
        return await self._reads.count_by_state()

    async def _ensure(self, key: str, store_hash: str, order_id: int) -> None:
        insert = {
            "store_hash": store_hash,
            "order_id": order_id,
            "state": NEW,
            "lease_owner": "",
            "lease_until_ms": 0,
            "first_seen_ms": self._clock(),
        }
        with contextlib.suppress(DuplicateKeyError):  # a racing upsert created it first
            await self._orders.update_one({"_id": key}, {"$setOnInsert": insert}, upsert=True)

    async def _step(
        self,
        store_hash: str,
        order_id: int,
        owner: str,
        from_states: tuple[str, ...],
        changes: dict[str, Any],
        time_field: str,
    ) -> bool:
        result = await self._orders.update_one(
            {
                "_id": order_key(store_hash, order_id),
                "lease_owner": owner,
                "state": {"$in": list(from_states)},
            },
            {"$set": changes, "$currentDate": {time_field: True}},
        )
        return result.matched_count == 1
