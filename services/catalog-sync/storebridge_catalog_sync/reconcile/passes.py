"""One reconcile pass: list what changed in A, sync each item through the coordinator, checkpoint.

    read (A's listings, a few paged calls) -> decide (`decide.py`) -> sync each item -> checkpoint

Each item goes through the same entry point as an event or `resync`: `Coordinator` (the
per-resource lease, so a webhook-driven sync and the pass never run one product at once) and
`wiring.runner` (the per-product sync and its planner). The checkpoint is written after every
item, so a pass stopped by its quota share, a shutdown or a crash resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import structlog

from storebridge_catalog_sync.context import SyncContext
from storebridge_catalog_sync.coordinator import Coordinator
from storebridge_catalog_sync.planning.rules.scope import needs_taxonomy
from storebridge_catalog_sync.reconcile import decide
from storebridge_catalog_sync.reconcile.decide import PassCounts, Seen, Watermark
from storebridge_catalog_sync.reconcile.metrics import ReconcileMetrics
from storebridge_catalog_sync.reconcile.report import PassReport
from storebridge_catalog_sync.routing import CATEGORY, PRODUCT
from storebridge_catalog_sync.store.reconcile_state import Checkpoint, CurrentPass, ReconcileStore
from storebridge_catalog_sync.tally import Tally
from storebridge_shared.bigcommerce import resources
from storebridge_shared.bigcommerce.models import Brand, Category
from storebridge_shared.bigcommerce.params import ParamValue
from storebridge_shared.broker.failures import PermanentFailure, TransientFailure
from storebridge_shared.store.leases import epoch_ms

log = structlog.get_logger(__name__)

CHANGES = "reconcile"
SYNC_COST = 4
"""Calls one item's sync may make in one store (A: product, listing; B: product, write)."""
PASS_START_COST = 3 + SYNC_COST
"""A pass starts only when it can list (categories, brands, products) and sync one item."""


class Stop(StrEnum):
    """Why a pass ended before its end ("" when it did not)."""

    QUOTA = "quota share spent; resumes next pass"
    LEASE = "lease lost or shutting down; resumes next pass"
    SLICE = "time slice used; resumes next pass"


class Stopped(Exception):
    """A pass ends early (it resumes from its checkpoint)."""

    def __init__(self, why: Stop) -> None:
        super().__init__(why.value)
        self.why = why


@dataclass(frozen=True)
class PassResult:
    """What one pass did (for the log, the CLI and the tests)."""

    pass_id: str
    found: int
    stopped: str
    api_calls: int


@dataclass
class Reconciler:
    """Runs reconcile passes for one source store into every destination of `ctx`."""

    ctx: SyncContext
    coordinator: Coordinator
    store: ReconcileStore
    report: PassReport
    keep_going: Callable[[], Awaitable[bool]]
    clock: Callable[[], int] = field(default=epoch_ms)
    metrics: ReconcileMetrics | None = None

    @property
    def source(self) -> str:
        """The source store's hash."""
        return self.ctx.source_hash

    async def run_pass(self) -> PassResult:
        """One pass (or the rest of one stopped early)."""
        now = self.clock()
        checkpoint = await self.store.load(self.source, now)
        current = checkpoint.current or CurrentPass(str(now), CHANGES, now)
        calls_before = self.calls()
        counts, listing = PassCounts(), Tally()
        if not self.has_budget(PASS_START_COST):
            return PassResult(current.pass_id, 0, Stop.QUOTA.value, 0)
        await self.store.start_pass(self.source, current)
        await self.report.open(current, self._destinations())
        self.report.watch(current, counts)
        stopped: Stop | None = None
        try:
            await self._taxonomy(checkpoint, counts, listing, current)
            await self._products(checkpoint.watermark, counts, listing, current)
        except Stopped as stop:
            stopped = stop.why
        finally:
            self.report.watch(None, None)
        calls = self.calls() - calls_before
        await self.report.close(
            current,
            self._destinations(),
            counts,
            listing_calls=listing.calls,
            stopped=stopped.value if stopped else "",
            finished_ms=self.clock(),
        )
        if stopped is None:
            await self.store.finish_pass(self.source)
            if self.metrics is not None:
                self.metrics.pass_finished()
        log.info(
            "catalog.reconcile_pass",
            pass_id=current.pass_id,
            found=counts.total_found,
            stopped=stopped.value if stopped else "",
            api_calls=calls,
        )
        return PassResult(
            current.pass_id, counts.total_found, stopped.value if stopped else "", calls
        )

    async def _taxonomy(
        self, checkpoint: Checkpoint, counts: PassCounts, listing: Tally, current: CurrentPass
    ) -> None:
        for kind in (CATEGORY, "brand"):
            records = await self._list_taxonomy(kind, listing)
            known = checkpoint.digests.get(kind)
            changes = decide.taxonomy_changes(records, known)
            if not changes.ids:
                if known != changes.digests:
                    await self.store.save_digests(self.source, kind, changes.digests)
                continue
            kept = dict(known or {})
            for resource_id in changes.ids:
                await self.check(SYNC_COST)
                counts.find(kind)
                members = decide.member_filter(kind, resource_id, records, known, self._scoped())
                if kind == CATEGORY:
                    await self.sync_item(CATEGORY, resource_id, current, counts)
                elif members is None:
                    await self._sync_brand(resource_id, listing, current, counts)
                if members is not None:
                    await self._sync_members(members, listing, current, counts)
                if resource_id in changes.digests:
                    kept[resource_id] = changes.digests[resource_id]
                else:
                    kept.pop(resource_id, None)
                await self.store.save_digests(self.source, kind, kept)

    async def _list_taxonomy(self, kind: str, listing: Tally) -> Sequence[Category | Brand]:
        if kind == CATEGORY:
            return await listing.read(resources.list_categories(self.ctx.source))
        return await listing.read(resources.list_brands(self.ctx.source))

    def _scoped(self) -> bool:
        """Whether a destination's scope tests category paths or brand names."""
        return any(needs_taxonomy(d.rules.scope) for d in self.ctx.destinations)

    async def _sync_members(
        self,
        filters: Mapping[str, ParamValue],
        listing: Tally,
        current: CurrentPass,
        counts: PassCounts,
    ) -> None:
        """Sync every product of A matching `filters` (a renamed or moved category's subtree,
        a renamed brand): a destination's scope may no longer hold them, or now hold them."""
        page = 1
        while True:
            await self.check(1)
            query: dict[str, ParamValue] = {
                **filters,
                "include_fields": "id",
                "limit": decide.PAGE_LIMIT,
                "page": page,
            }
            found = await listing.read(resources.list_products_page(self.ctx.source, query))
            for product in found:
                await self.check(SYNC_COST)
                counts.find(PRODUCT)
                await self.sync_item(PRODUCT, product.id, current, counts)
            if len(found) < decide.PAGE_LIMIT:
                return
            page += 1

    async def _sync_brand(
        self, brand_id: int, listing: Tally, current: CurrentPass, counts: PassCounts
    ) -> None:
        """A brand has no sync of its own: one product carrying it brings B's brand in line."""
        query: dict[str, ParamValue] = {"brand_id": brand_id, "limit": 1, "include_fields": "id"}
        carriers = await listing.read(resources.list_products_page(self.ctx.source, query))
        for product in carriers:
            await self.sync_item(PRODUCT, product.id, current, counts)

    async def _products(
        self, mark: Watermark, counts: PassCounts, listing: Tally, current: CurrentPass
    ) -> None:
        if not mark.at:
            mark = await self._first_watermark(listing)
            await self.store.save_watermark(self.source, mark)
            return
        page: int | None = 1
        while page is not None:
            await self.check(1)
            query = decide.listing_query(mark, page)
            found = await listing.read(resources.list_products_page(self.ctx.source, query))
            listed = [Seen(p.id, p.date_modified or "") for p in found if p.date_modified]
            before = mark
            for item in decide.to_sync(listed, mark):
                if self.metrics is not None:
                    self.metrics.pending(item.date_modified)
                await self.check(SYNC_COST)
                counts.find(PRODUCT)
                started = self.clock()
                await self.sync_item(PRODUCT, item.product_id, current, counts)
                mark = decide.after_sync(mark, item, started)
                await self.store.save_watermark(self.source, mark)
            page = decide.next_page(before, mark, page, len(found))

    async def _first_watermark(self, listing: Tally) -> Watermark:
        """The newest product of A now: changes from here on are the pass's (before it, the
        backfill's). An empty store starts from the epoch."""
        query: dict[str, ParamValue] = {
            "sort": "date_modified",
            "direction": "desc",
            "limit": 1,
            "include_fields": "id,date_modified",
        }
        newest = await listing.read(resources.list_products_page(self.ctx.source, query))
        if not newest or not newest[0].date_modified:
            return Watermark("1970-01-01T00:00:00+00:00", {})
        return Watermark(newest[0].date_modified, {newest[0].id: self.clock()})

    async def sync_item(
        self, kind: str, resource_id: int, current: CurrentPass, counts: PassCounts
    ) -> None:
        """Sync one item through the coordinator (a failure is in its outcome, counted)."""
        key = await self.coordinator.states.request(
            self.source, kind, resource_id, f"reconcile-{current.pass_id}"
        )
        try:
            ran = await self.coordinator.drain(key)
        except (PermanentFailure, TransientFailure) as error:
            log.warning("catalog.reconcile_item_failed", key=key, error=str(error)[:300])
            return
        if not ran:
            counts.handed_over += 1

    async def check(self, calls: int) -> None:
        """Raise `Stopped` when the lease is lost, shutdown began, or the share is spent."""
        if not await self.keep_going():
            raise Stopped(Stop.LEASE)
        if not self.has_budget(calls):
            raise Stopped(Stop.QUOTA)

    def has_budget(self, calls: int = 1) -> bool:
        """True when every store's quota share has `calls` left this window (or no cap)."""
        clients = [self.ctx.source, *(d.client for d in self.ctx.destinations)]
        lefts = [c.quota_budget_left() for c in clients]
        return all(left is None or left >= calls for left in lefts)

    def calls(self) -> int:
        """Calls made so far by the pass's clients (A and every destination)."""
        clients = [self.ctx.source, *(d.client for d in self.ctx.destinations)]
        return sum(c.stats.total for c in clients)

    def _destinations(self) -> list[str]:
        return [d.name for d in self.ctx.destinations]
