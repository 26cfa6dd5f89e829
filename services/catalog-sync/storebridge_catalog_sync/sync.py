"""sync_product / sync_category: read the source now, compare each destination, write the diff.

The event only names the resource; its data always comes from the source store. A BigCommerce
error is caught per destination and reported in the outcome (`failed`, with `permanent` set when a
retry cannot help), so one destination never hides another's result. Other errors (MongoDB)
propagate: the caller retries the whole sync, which is idempotent.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import structlog

from storebridge_catalog_sync import records as resources
from storebridge_catalog_sync.categories import sync_category_into
from storebridge_catalog_sync.context import Destination, SyncContext
from storebridge_catalog_sync.mapping import desired_product
from storebridge_catalog_sync.outcomes import (
    CategoryOutcome,
    DestinationResult,
    ProductOutcome,
    Status,
    SyncOutcome,
)
from storebridge_catalog_sync.products import (
    INCLUDE,
    apply_delete,
    create_or_find,
    find_product,
    write_product,
)
from storebridge_catalog_sync.tally import Tally
from storebridge_catalog_sync.taxonomy import (
    SourceReader,
    brand_id,
    category_id,
    forget_taxonomy,
    refers_to_missing_taxonomy,
)
from storebridge_shared.bigcommerce import BigCommerceError, NotFound

log = structlog.get_logger(__name__)


async def sync_product(ctx: SyncContext, source_product_id: int) -> ProductOutcome:
    """Make every destination hold the source product as it is now (or apply the delete policy)."""
    source_tally = Tally()
    reader = SourceReader(ctx.source, source_tally)
    try:
        call = resources.get_product(ctx.source, source_product_id, include=INCLUDE)
        source: dict[str, Any] | None = await source_tally.read(call)
    except NotFound:
        source = None
    results: list[DestinationResult] = []
    for dest in ctx.destinations:
        results.append(await _product_into(ctx, dest, reader, source_product_id, source))
    sku = str((source or {}).get("sku") or "")
    outcome = SyncOutcome("product", source_product_id, tuple(results), source_tally.calls, sku)
    await _report(ctx, outcome)
    return outcome


async def _product_into(
    ctx: SyncContext,
    dest: Destination,
    reader: SourceReader,
    source_id: int,
    source: dict[str, Any] | None,
) -> DestinationResult:
    t = Tally()
    try:
        if source is None:
            result = await apply_delete(dest, source_id, t)
        elif not str(source.get("sku") or "").strip():
            result = DestinationResult(dest.name, Status.SKIPPED, "product has no SKU")
        else:
            result = await _upsert(ctx, dest, reader, source, t)
    except BigCommerceError as error:
        result = _failed(dest, error)
    return replace(result, api_calls=t.calls, writes=t.writes)


async def _upsert(
    ctx: SyncContext, dest: Destination, reader: SourceReader, source: dict[str, Any], t: Tally
) -> DestinationResult:
    try:
        return await _upsert_once(ctx, dest, reader, source, t)
    except BigCommerceError as error:
        if not refers_to_missing_taxonomy(error):
            raise
    brand = int(source.get("brand_id") or 0)
    categories = [int(c) for c in source.get("categories") or []]
    await forget_taxonomy(dest, reader, brand, categories)
    return await _upsert_once(ctx, dest, reader, source, t)


async def _upsert_once(
    ctx: SyncContext, dest: Destination, reader: SourceReader, source: dict[str, Any], t: Tally
) -> DestinationResult:
    sku = str(source["sku"])
    listing = await _listing_state(ctx, dest, reader, int(source["id"]))
    brand = await brand_id(dest, reader, int(source.get("brand_id") or 0), t)
    categories = [
        await category_id(dest, reader, int(c), t) for c in source.get("categories") or []
    ]
    desired = desired_product(
        source,
        brand_id=brand,
        category_ids=categories,
        listing_state=listing,
        channel_rule=dest.channel_id is not None,
    )
    current = await find_product(dest, int(source["id"]), sku, t)
    created = False
    if current is None:
        current, created = await create_or_find(dest, source, desired, t)
    writes_before = t.writes
    await write_product(dest, source, desired, current, t)
    status = Status.CREATED if created else Status.UNCHANGED
    if not created and t.writes > writes_before:
        status = Status.UPDATED
    return DestinationResult(dest.name, status, destination_id=int(current["id"]))


async def _listing_state(
    ctx: SyncContext, dest: Destination, reader: SourceReader, product_id: int
) -> str | None:
    if dest.channel_id is None:
        return None
    call = resources.list_channel_listings(ctx.source, dest.channel_id, [product_id])
    listings = await reader.tally.read(call)
    states = [str(x.get("state")) for x in listings if int(x["product_id"]) == product_id]
    return "active" if "active" in states else (states[0] if states else None)


def _failed(dest: Destination, error: BigCommerceError) -> DestinationResult:
    reason = f"{type(error).__name__} {error.status}: {error}"[:500]
    return DestinationResult(dest.name, Status.FAILED, reason, permanent=not error.transient)


async def sync_category(ctx: SyncContext, source_category_id: int) -> CategoryOutcome:
    """Make every destination hold the source category (parents first), or apply the policy."""
    reader = SourceReader(ctx.source, Tally())
    results: list[DestinationResult] = []
    for dest in ctx.destinations:
        t = Tally()
        try:
            result = await sync_category_into(dest, reader, source_category_id, t)
        except BigCommerceError as error:
            result = _failed(dest, error)
        results.append(replace(result, api_calls=t.calls, writes=t.writes))
    outcome = SyncOutcome("category", source_category_id, tuple(results), reader.tally.calls)
    await _report(ctx, outcome)
    return outcome


async def _report(ctx: SyncContext, outcome: SyncOutcome) -> None:
    for result in outcome.results:
        log.info(
            "catalog.synced",
            kind=outcome.kind,
            source_id=outcome.source_id,
            destination=result.destination,
            status=result.status.value,
            reason=result.reason,
            api_calls=result.api_calls,
            writes=result.writes,
        )
    await ctx.on_outcome(outcome)
