"""The poll lease of each store (`leases`, `order-poll:{store}`): held only while polling.

The lease's lifetime is fixed (`POLL_LEASE_SECS`) and renewed while a poll pages, whatever the
poll interval: a lease left by a process that died frees itself within that time, and a process
that stops releases its leases at once, so the next process polls as soon as a poll is due.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from storebridge_shared.store.leases import Lease

POLL_LEASE_SECS = 300.0
"""Longest a crashed poller keeps a store's poll lease (independent of the poll interval)."""


class PollLeases:
    """`PollLeases` of the backstop over one shared `Lease` per store."""

    def __init__(
        self, db: AsyncDatabase[dict[str, Any]], store_hashes: Iterable[str], owner: str
    ) -> None:
        self._leases = {
            store_hash: Lease(db, f"order-poll:{store_hash}", owner, ttl_secs=POLL_LEASE_SECS)
            for store_hash in store_hashes
        }

    async def acquire(self, store_hash: str) -> bool:
        """Take the store's poll lease unless another live poller holds it."""
        return await self._leases[store_hash].acquire()

    async def renew(self, store_hash: str) -> bool:
        """Extend our lease while the poll goes on; False if it was taken over."""
        return await self._leases[store_hash].renew()

    async def release(self, store_hash: str) -> None:
        """Give the store's lease up (the poll finished or the process stops)."""
        await self._leases[store_hash].release()

    async def release_all(self) -> None:
        """Give every lease of ours up (graceful stop)."""
        for lease in self._leases.values():
            await lease.release()
