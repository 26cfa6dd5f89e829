"""The full compare: all of A and every destination walked by SKU, each difference synced.

    read the whole of A once (its product ids; listing states on the destinations' channels;
    product and variant metafields, store-wide; each B's metafields when A has some to copy)
      -> then page by page, 10 of A's products by id with every part the planner syncs
         (`PARTS`) and each B's products of those SKUs with the same parts
      -> decide (`decide.full_compare_todo`: B lacks the SKU, or A's or B's digest moved since
         the last compare)
      -> sync each through the coordinator, keep its digests, move the cursor (past the page)

It catches what leaves `date_modified` alone (image order and deletes, custom fields, bulk
pricing, options, modifiers, videos, listing states, metafields whose webhook was lost, B
edited by hand, A selling out when a destination disables products out of stock:
`decide.rule_facts`), and applies a change of the
destinations' rules to the whole catalog: A's digests include the rules digest, and a change
seen at start-up (`check_rules`) asks for a compare at once, its run noted "rules changed:
NAME". A product a destination holds (linked) that A no longer has is synced once: the
destination's delete policy, as for `store/product/deleted`. The first compare has no digests
and syncs every product. A compare stopped by its quota share resumes past its cursor (it reads
A from there, not from the first product). Due every
CATALOG_FULL_COMPARE_HOURS after the last (the first one that long after the first pass), or
when asked (`reconcile --full`).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass

import structlog

from storebridge_catalog_sync import reading
from storebridge_catalog_sync.linking import LinkKind
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.planning.metafields import ProductMetafields, by_product, copied
from storebridge_catalog_sync.reading import channel_states
from storebridge_catalog_sync.reconcile import decide, rules_change
from storebridge_catalog_sync.reconcile.decide import Compared, PassCounts
from storebridge_catalog_sync.reconcile.passes import (
    SYNC_COST,
    PassResult,
    Reconciler,
    Stop,
    Stopped,
)
from storebridge_catalog_sync.routing import PRODUCT
from storebridge_catalog_sync.store.reconcile_state import (
    Checkpoint,
    CurrentPass,
    ProductDigests,
)
from storebridge_catalog_sync.tally import Tally
from storebridge_shared.bigcommerce import BigCommerceClient, resources
from storebridge_shared.bigcommerce.models import Metafield, Product
from storebridge_shared.bigcommerce.params import ParamValue

log = structlog.get_logger(__name__)

FULL = "full-compare"
PARTS = reading.INCLUDE
"""Every part the planner syncs (variants, images, custom fields, options, modifiers, bulk
pricing rules, videos): the digests cover each, so an edit of any reaches B."""
COMPARE_PAGE = 10
"""Products per page of a compare read: BigCommerce caps a products page that includes options
or modifiers at 10 (B's products are read by the page's SKUs, one call for the 10)."""
FULL_START_COST = 20
"""A full compare starts only with this many calls of share left in every store (its reads)."""


def full_due(checkpoint: Checkpoint, now_ms: int, every_hours: float) -> bool:
    """Whether the next pass should be (or continue) a full compare."""
    if checkpoint.full_current is not None:
        return True
    if checkpoint.full_requested_ms > checkpoint.last_full_ms:
        return True
    if every_hours <= 0:
        return False
    since = max(checkpoint.last_full_ms, checkpoint.created_ms)
    return now_ms - since >= every_hours * 3_600_000


@dataclass
class FullCompare:
    """Runs full compares with the reconciler's clients, coordinator, store and report."""

    reconciler: Reconciler
    digests: ProductDigests

    def rules_now(self) -> dict[str, str]:
        """Each destination's rules digest as configured in this process."""
        return {d.name: d.rules.digest() for d in self.reconciler.ctx.destinations}

    async def check_rules(self) -> list[str]:
        """At start-up: when a destination's rules moved since the kept digests, ask for a full
        compare (from the first product if one is under way) and keep the new digests."""
        r = self.reconciler
        checkpoint = await r.store.load(r.source, r.clock())
        now = self.rules_now()
        names = rules_change.changed(checkpoint.rules, now)
        if names:
            await r.store.request_full(r.source, r.clock(), rules_change.reason(names))
            if checkpoint.full_current is not None:
                await r.store.save_full_cursor(r.source, 0)
            log.info("catalog.rules_changed", destinations=names)
        if dict(checkpoint.rules) != now:
            await r.store.save_rules(r.source, now)
        return names

    async def run(self, *, slice_s: float | None = None) -> PassResult:
        """One full compare (or the rest of one stopped early); with `slice_s`, it stops after
        the page that ends that many seconds in (`Stop.SLICE`), so the changes passes keep
        their period, and resumes past its cursor at the next pass."""
        r = self.reconciler
        deadline = None if slice_s is None else time.monotonic() + slice_s
        now = r.clock()
        checkpoint = await r.store.load(r.source, now)
        current = checkpoint.full_current or CurrentPass(str(now), FULL, now)
        if not r.has_budget(FULL_START_COST):
            return PassResult(current.pass_id, 0, Stop.QUOTA.value, 0)
        calls_before = r.calls()
        await r.store.start_full(r.source, current)
        destinations = [d.name for d in r.ctx.destinations]
        counts, listing = PassCounts(), Tally()
        await r.report.open(current, destinations)
        r.report.watch(current, counts)
        stopped: Stop | None = None
        try:
            known = await self.digests.load(r.source)
            whole = await self._whole(listing)
            async for page, last_id in self._pages(
                whole, listing, checkpoint.full_cursor, deadline
            ):
                for item in decide.full_compare_todo(page, known):
                    await self._sync(item, current, counts)
                await r.store.save_full_cursor(r.source, last_id)
            for item in decide.full_compare_todo(whole.gone, known):
                await self._sync(item, current, counts)
        except Stopped as stop:
            stopped = stop.why
        finally:
            r.report.watch(None, None)
        why = stopped.value if stopped else ""
        await r.report.close(
            current,
            destinations,
            counts,
            listing_calls=listing.calls,
            stopped=why,
            finished_ms=r.clock(),
            reason=checkpoint.full_reason,
        )
        if stopped is None:
            await r.store.finish_full(r.source, r.clock())
        calls = r.calls() - calls_before
        log.info(
            "catalog.full_compare",
            pass_id=current.pass_id,
            found=counts.total_found,
            stopped=why,
            api_calls=calls,
        )
        return PassResult(current.pass_id, counts.total_found, why, calls)

    async def _sync(self, item: Compared, current: CurrentPass, counts: PassCounts) -> None:
        """Sync one product that differs, keep its digests, move the cursor past it."""
        r = self.reconciler
        await r.check(SYNC_COST)
        counts.find(PRODUCT)
        await r.sync_item(PRODUCT, item.product_id, current, counts)
        await self.digests.save(r.source, item)
        if item.a != decide.GONE:
            await r.store.save_full_cursor(r.source, item.product_id)

    async def _whole(self, listing: Tally) -> _Whole:
        """What every page is compared with, read once per compare: A's product ids (for the
        listing states and the deletes), the listing states, the store-wide metafields."""
        r = self.reconciler
        await r.check(1)
        ids = await listing.read(resources.list_product_ids(r.ctx.source))
        listing.reads += max(len(ids) - 1, 0) // decide.PAGE_LIMIT  # its further pages
        states: dict[int, list[str]] = defaultdict(list)
        channels = sorted({d.channel_id for d in r.ctx.destinations if d.channel_id is not None})
        for channel in channels:
            await r.check(2)
            found = await listing.read(channel_states(r.ctx.source, channel, ids))
            listing.reads += 1  # assignments, then listings
            for product_id, state in found.items():
                states[product_id].append(f"{channel}:{state}")
        await r.check(2)
        a_fields = await _metafields(r.ctx.source, listing)
        b_fields: dict[str, _Listed] = {}
        if copied(a_fields[0]) or copied(a_fields[1]):  # B's compared only in A's namespaces
            for dest in r.ctx.destinations:
                await r.check(2)
                b_fields[dest.name] = await _metafields(dest.client, listing)
        linked: set[int] = set()
        for dest in r.ctx.destinations:
            linked |= await dest.links.source_ids(LinkKind.PRODUCT)
        rules = rules_change.catalog_digest(self.rules_now())
        return _Whole(states, rules, a_fields, b_fields, decide.gone_from_a(ids, linked))

    async def _pages(
        self, whole: _Whole, listing: Tally, after_id: int, deadline: float | None
    ) -> AsyncIterator[tuple[list[Compared], int]]:
        """A's products past `after_id`, a page at a time, each with its digests in A and in
        every destination (B's products of the page's SKUs: one call each), and its last id;
        past `deadline` (monotonic), no further page is read (`Stop.SLICE`, after one at least)."""
        r = self.reconciler
        first = True
        while True:
            await r.check(1)
            if not first and deadline is not None and time.monotonic() >= deadline:
                raise Stopped(Stop.SLICE)
            first = False
            page = await listing.read(_products_after(r.ctx.source, after_id))
            if not page:
                return
            yield await self._compared(whole, page, listing), page[-1].id
            if len(page) < COMPARE_PAGE:
                return
            after_id = page[-1].id

    async def _compared(
        self, whole: _Whole, source: list[Product], listing: Tally
    ) -> list[Compared]:
        """One page of A's products as digests in A and in each destination."""
        r = self.reconciler
        a_fields = by_product(source, *whole.a_fields)
        managed = {fold(p.sku): a_fields[p.id].managed for p in source}
        skus = [p.sku for p in source if p.sku.strip()]
        b_digests: dict[str, dict[str, str]] = {}
        for dest in r.ctx.destinations:
            await r.check(1)
            theirs = await _products_by_sku(dest.client, skus, listing)
            listed = whole.b_fields.get(dest.name)
            b_fields = by_product(theirs, *listed) if listed else {}
            b_digests[dest.name] = {
                fold(p.sku): decide.product_digest(
                    p.sent(), metafields=_rows(b_fields, p, managed, copied_only=False)
                )
                for p in theirs
            }
        return [
            Compared(
                p.id,
                decide.product_digest(
                    p.sent(),
                    whole.states.get(p.id, ()),
                    whole.rules,
                    _rows(a_fields, p, managed, copied_only=True),
                    decide.rule_facts(p, [d.rules for d in r.ctx.destinations]),
                ),
                {name: found.get(fold(p.sku), "") for name, found in b_digests.items()},
            )
            for p in source
            if p.sku.strip()
        ]


_Listed = tuple[list[Metafield], list[Metafield]]
"""A store's product and variant metafields, as the two store-wide listings give them."""


@dataclass(frozen=True)
class _Whole:
    """What a compare reads of the whole of A (and of B's metafields) before its pages."""

    states: Mapping[int, Sequence[str]]
    rules: str
    a_fields: _Listed
    b_fields: Mapping[str, _Listed]
    """Each destination's listings; none when A has no metafield to copy."""
    gone: list[Compared]


def _rows(
    fields: dict[int, ProductMetafields],
    product: Product,
    managed: dict[str, frozenset[str]],
    *,
    copied_only: bool,
) -> list[decide.MetafieldRow]:
    """A product's compared metafields, in the namespaces A has for its SKU."""
    namespaces = managed.get(fold(product.sku), frozenset())
    found = fields.get(product.id)
    if found is None or not namespaces:
        return []
    return decide.metafield_rows(found, namespaces, copied_only=copied_only)


async def _metafields(bc: BigCommerceClient, listing: Tally) -> _Listed:
    """Every product's and variant's metafields from the store-wide listings (one counted call
    per page of 250 each)."""
    found = []
    for family in ("products", "variants"):
        listed = await listing.read(resources.list_store_metafields(bc, family))
        listing.reads += max(len(listed) - 1, 0) // decide.PAGE_LIMIT  # its further pages
        found.append(listed)
    return found[0], found[1]


async def _products_after(bc: BigCommerceClient, after_id: int) -> list[Product]:
    """One page of A's products by id past `after_id`, with every part the planner syncs."""
    query: dict[str, ParamValue] = {
        "include": ",".join(PARTS),
        "id:min": after_id + 1,
        "sort": "id",
        "direction": "asc",
        "limit": COMPARE_PAGE,
    }
    return await resources.list_products_page(bc, query)


async def _products_by_sku(bc: BigCommerceClient, skus: list[str], listing: Tally) -> list[Product]:
    """A destination's products holding these SKUs, with the same parts (one counted call)."""
    if not skus:
        return []
    found = await listing.read(resources.list_products(bc, skus=skus, include=PARTS))
    return [p for p in found if p.sku]
