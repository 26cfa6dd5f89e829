"""Passes every SYNC_PERIOD_IN_SECS under the lease `catalog-reconcile:{source}`: one pass at a
time across replicas. The holder keeps the lease between passes (renewed before each item), so
one replica runs them while it lives; another takes over once it expired (3 periods, at least
60 s). It is released on shutdown.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import structlog

from storebridge_catalog_sync.reconcile.passes import PassResult, Reconciler
from storebridge_shared.ops.background import Stopping
from storebridge_shared.store.client import Database
from storebridge_shared.store.leases import Lease

log = structlog.get_logger(__name__)


def lease_secs(period_s: float) -> float:
    """How long the reconcile lease lasts without renewal."""
    return max(60.0, 3 * period_s)


def reconcile_lease(db: Database, source: str, owner: str, period_s: float) -> Lease:
    """The lease that lets one process at a time run passes for `source`."""
    return Lease(db, f"catalog-reconcile:{source}", owner, ttl_secs=lease_secs(period_s))


@dataclass
class LeaseKeeper:
    """`Reconciler.keep_going`: still ours and not stopping; renews at most every third of the
    lease's life."""

    lease: Lease
    stopping: Stopping
    ttl_s: float
    _renewed: float = field(default=0.0)

    async def __call__(self) -> bool:
        if self.stopping:
            return False
        now = time.monotonic()
        if now - self._renewed < self.ttl_s / 3:
            return True
        held = await self.lease.renew()
        self._renewed = now if held else 0.0
        return held

    async def take(self) -> bool:
        """Acquire (or keep) the lease before a pass."""
        held = await self.lease.acquire()
        self._renewed = time.monotonic() if held else 0.0
        return held


async def reconcile_periodically(
    reconciler: Reconciler, keeper: LeaseKeeper, period_s: float, stopping: Stopping
) -> None:
    """A pass every `period_s` while this process holds the lease, until stopping."""
    try:
        while not await stopping.sleep(period_s):
            await reconcile_once(reconciler, keeper)
    finally:
        error = await keeper.lease.try_release()
        if error:
            log.warning("catalog.reconcile_lease_not_released", error=error)


async def reconcile_once(reconciler: Reconciler, keeper: LeaseKeeper) -> PassResult | None:
    """One pass if the lease is ours (None otherwise); errors are logged, never raised."""
    try:
        if not await keeper.take():
            return None
        return await reconciler.run_pass()
    except Exception as error:
        log.warning("catalog.reconcile_error", error=str(error)[:300])
        return None
