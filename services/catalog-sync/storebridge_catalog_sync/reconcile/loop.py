"""Passes every SYNC_PERIOD_IN_SECS under the lease `catalog-reconcile:{source}`: one pass at a
time across replicas. The holder keeps the lease between passes (renewed before each item), so
one replica runs them while it lives; another takes over once it expired (3 periods, at least
60 s). It is released on shutdown.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import structlog

from storebridge_catalog_sync.reconcile.full import FullCompare, full_due
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


@dataclass
class Reconcile:
    """What the loop and `storebridge catalog-sync reconcile` run: the changes pass, the full
    compare (due every `full_every_hours`, 0: only when asked), the lease keeper."""

    reconciler: Reconciler
    full: FullCompare
    keeper: LeaseKeeper
    full_every_hours: float
    rules_checked: bool = False
    """The destinations' rules were compared with the kept digests (once per process)."""

    async def full_is_due(self) -> bool:
        """A full compare is under way, asked for, or due by its period."""
        r = self.reconciler
        checkpoint = await r.store.load(r.source, r.clock())
        return full_due(checkpoint, r.clock(), self.full_every_hours)


def next_start(started: float, period_s: float, now: float) -> float:
    """When the next pass starts: a period after the last one started, or now when that pass
    took longer (passes keep their period instead of drifting by their own duration)."""
    return max(started + period_s, now)


async def reconcile_periodically(run: Reconcile, period_s: float, stopping: Stopping) -> None:
    """A pass every `period_s` while this process holds the lease, until stopping; a full
    compare runs in slices of one period, so it never holds the changes passes back longer."""
    try:
        start = time.monotonic() + period_s
        while not await stopping.sleep(max(0.0, start - time.monotonic())):
            await reconcile_once(run, full_slice_s=period_s)
            start = next_start(start, period_s, time.monotonic())
    finally:
        error = await run.keeper.lease.try_release()
        if error:
            log.warning("catalog.reconcile_lease_not_released", error=error)


async def reconcile_once(
    run: Reconcile, *, full: bool = False, full_slice_s: float | None = None
) -> list[PassResult] | None:
    """If the lease is ours: the rules check (first time), the changes pass, then the full
    compare when it is due (or `full`) and the changes pass finished, for at most
    `full_slice_s` (None: to its end); None without the lease. Errors are logged."""
    try:
        if not await run.keeper.take():
            return None
        if not run.rules_checked:
            await run.full.check_rules()
            run.rules_checked = True
        results = [await run.reconciler.run_pass()]
        if not results[0].stopped and (full or await run.full_is_due()):
            results.append(await run.full.run(slice_s=full_slice_s))
        return results
    except Exception as error:
        log.warning("catalog.reconcile_error", error=str(error)[:300])
        return None
