"""The full compare: all of A and every destination walked by SKU, each difference synced.

    read A (products with variants, images, custom fields; listings on the destinations'
    channels; product and variant metafields, store-wide) and each B (products with the same
    parts; its metafields when A has some to copy), paged
      -> decide (`decide.full_compare_todo`: B lacks the SKU, or A's or B's digest moved since
         the last compare)
      -> sync each through the coordinator, keep its digests, move the cursor

It catches what leaves `date_modified` alone (image order, custom fields, listing states,
metafields whose webhook was lost, B edited by hand), and applies a change of the
destinations' rules to the whole catalog: A's digests include the rules digest, and a change
seen at start-up (`check_rules`) asks for a compare at once, its run noted "rules changed:
NAME". A product a destination holds (linked) that A no longer has is synced once: the
destination's delete policy, as for `store/product/deleted`. The first compare has no digests
and syncs every product. A compare stopped by its quota share resumes past its cursor. Due every
CATALOG_FULL_COMPARE_HOURS after the last (the first one that long after the first pass), or
when asked (`reconcile --full`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass

import structlog

from storebridge_catalog_sync.linking import LinkKind
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.planning.metafields import ProductMetafields, by_product
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
from storebridge_shared.bigcommerce.models import Product
from storebridge_shared.bigcommerce.params import ParamValue

log = structlog.get_logger(__name__)

FULL = "full-compare"
PARTS = ("variants", "images", "custom_fields")
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

    async def run(self) -> PassResult:
        """One full compare (or the rest of one stopped early)."""
        r = self.reconciler
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
            compared = await self._read(listing)
            known = await self.digests.load(r.source)
            for item in decide.full_compare_todo(compared, known, checkpoint.full_cursor):
                await r.check(SYNC_COST)
                counts.find(PRODUCT)
                await r.sync_item(PRODUCT, item.product_id, current, counts)
                await self.digests.save(r.source, item)
                await r.store.save_full_cursor(r.source, item.product_id)
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

    async def _read(self, listing: Tally) -> list[Compared]:
        """A's products with their parts and listing states, and each B's by SKU, as digests."""
        r = self.reconciler
        await r.check(1)
        source = [p async for p in _products(r.ctx.source, listing)]
        states: dict[int, list[str]] = defaultdict(list)
        channels = sorted({d.channel_id for d in r.ctx.destinations if d.channel_id is not None})
        ids = [p.id for p in source]
        for channel in channels:
            await r.check(2)
            found = await listing.read(channel_states(r.ctx.source, channel, ids))
            listing.reads += 1  # assignments, then listings
            for product_id, state in found.items():
                states[product_id].append(f"{channel}:{state}")
        rules = rules_change.catalog_digest(self.rules_now())
        await r.check(2)
        a_fields = await _metafields(r.ctx.source, source, listing)
        managed = {fold(p.sku): a_fields[p.id].managed for p in source}
        b_digests: dict[str, dict[str, str]] = {}
        for dest in r.ctx.destinations:
            await r.check(1)
            theirs = [p async for p in _products(dest.client, listing) if p.sku]
            b_fields: dict[int, ProductMetafields] = {}
            if any(managed.values()):  # B's are compared only in A's namespaces
                await r.check(2)
                b_fields = await _metafields(dest.client, theirs, listing)
            b_digests[dest.name] = {
                fold(p.sku): decide.product_digest(
                    p.sent(), metafields=_rows(b_fields, p, managed, copied_only=False)
                )
                for p in theirs
            }
        linked: set[int] = set()
        for dest in r.ctx.destinations:
            linked |= await dest.links.source_ids(LinkKind.PRODUCT)
        return [
            Compared(
                p.id,
                decide.product_digest(
                    p.sent(),
                    states.get(p.id, ()),
                    rules,
                    _rows(a_fields, p, managed, copied_only=True),
                ),
                {name: found.get(fold(p.sku), "") for name, found in b_digests.items()},
            )
            for p in source
            if p.sku.strip()
        ] + decide.gone_from_a(ids, linked)


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


async def _metafields(
    bc: BigCommerceClient, products: list[Product], listing: Tally
) -> dict[int, ProductMetafields]:
    """Every product's and variant's metafields from the store-wide listings (one counted call
    per page of 250 each), grouped per product."""
    found = []
    for family in ("products", "variants"):
        listed = await listing.read(resources.list_store_metafields(bc, family))
        listing.reads += max(len(listed) - 1, 0) // decide.PAGE_LIMIT  # its further pages
        found.append(listed)
    return by_product(products, *found)


async def _products(bc: BigCommerceClient, listing: Tally) -> AsyncIterator[Product]:
    """Every product of a store with its parts, one counted call per page."""
    page = 1
    while True:
        query: dict[str, ParamValue] = {
            "include": ",".join(PARTS),
            "page": page,
            "limit": decide.PAGE_LIMIT,
        }
        found = await listing.read(resources.list_products_page(bc, query))
        for product in found:
            yield product
        if len(found) < decide.PAGE_LIMIT:
            return
        page += 1
