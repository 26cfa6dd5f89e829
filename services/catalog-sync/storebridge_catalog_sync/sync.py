"""sync_product / sync_category / sync_brand: read the source now, compare each destination,
write the diff.

The I/O edge of a sync (read, then plan, then apply): what to write is decided by `planning`
(`plan_ruled`), what a result is by `outcomes`; this module only reads, calls and records.

The event only names the resource; its data always comes from the source store. A BigCommerce
error is caught per destination and reported in the outcome (`failed`, with `permanent` set when a
retry cannot help), so one destination never hides another's result. Other errors (MongoDB)
propagate: the caller retries the whole sync, which is idempotent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

import structlog

from storebridge_catalog_sync.apply import apply_plan
from storebridge_catalog_sync.brands import resolve_brand
from storebridge_catalog_sync.categories import sync_category_into
from storebridge_catalog_sync.context import Destination, SyncContext
from storebridge_catalog_sync.linking import LinkKind
from storebridge_catalog_sync.mapping import channel_state
from storebridge_catalog_sync.outcomes import (
    HELD,
    CategoryOutcome,
    DestinationResult,
    ProductOutcome,
    Status,
    SyncOutcome,
    after_metafields,
    failed_result,
    written_status,
)
from storebridge_catalog_sync.planning.metafields import Metafields
from storebridge_catalog_sync.planning.rules.ruled import plan_ruled
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.products import apply_delete
from storebridge_catalog_sync.reading import read_destination, read_metafields, read_source
from storebridge_catalog_sync.resource_metafields import (
    read_resource_metafields,
    sync_resource_metafields,
)
from storebridge_catalog_sync.scoping import leave_scope, scope_of
from storebridge_catalog_sync.tally import Tally
from storebridge_catalog_sync.taxonomy import (
    SourceReader,
    category_ids,
    forget_taxonomy,
    refers_to_missing_taxonomy,
)
from storebridge_shared.bigcommerce import (
    BigCommerceError,
    Conflict,
    NotFound,
    resources,
    watching_uncertain_writes,
)
from storebridge_shared.bigcommerce.models import Owner

log = structlog.get_logger(__name__)


async def sync_product(ctx: SyncContext, source_product_id: int) -> ProductOutcome:
    """Make every destination hold the source product as it is now (or apply the delete policy)."""
    source_tally = Tally()
    reader = SourceReader(ctx.source, source_tally)
    source = await read_source(ctx.source, source_product_id, source_tally)
    metafields = None
    if source is not None and source.sku.strip():
        metafields = await read_metafields(ctx.source, source, source_tally)
    results: list[DestinationResult] = []
    for dest in ctx.destinations:
        a = None if source is None else SourceSnapshot(source, metafields=metafields)
        results.append(await _product_into(ctx, dest, reader, source_product_id, a))
    sku = source.sku if source is not None else ""
    changed_at = source.date_modified if source is not None else None
    outcome = SyncOutcome(
        "product", source_product_id, tuple(results), source_tally.calls, sku, changed_at
    )
    await _report(ctx, outcome)
    return outcome


async def _product_into(
    ctx: SyncContext,
    dest: Destination,
    reader: SourceReader,
    source_id: int,
    source: SourceSnapshot | None,
) -> DestinationResult:
    t = Tally()
    with watching_uncertain_writes() as unsure:
        try:
            if source is None:
                result = await apply_delete(dest, source_id, t)
            elif not source.product.sku.strip():
                result = DestinationResult(dest.name, Status.SKIPPED, "product has no SKU")
            else:
                result = await _upsert(ctx, dest, reader, source, t)
        except BigCommerceError as error:
            result = failed_result(dest.name, error)
    return replace(result, api_calls=t.calls, writes=t.writes, uncertain=len(unsure))


async def _upsert(
    ctx: SyncContext, dest: Destination, reader: SourceReader, a: SourceSnapshot, t: Tally
) -> DestinationResult:
    try:
        return await _upsert_once(ctx, dest, reader, a, t)
    except BigCommerceError as error:
        if not refers_to_missing_taxonomy(error):
            raise
    await forget_taxonomy(dest, reader, a.product.brand_id, a.product.categories)
    return await _upsert_once(ctx, dest, reader, a, t)


async def _upsert_once(
    ctx: SyncContext, dest: Destination, reader: SourceReader, read: SourceSnapshot, t: Tally
) -> DestinationResult:
    """Snapshot A and B, plan, apply; a plan that creates B's product is followed by the plan of
    its parts, made from B's product as created."""
    source = read.product
    writes_before = t.writes
    known = read.metafields.product if read.metafields is not None else None
    scope = await scope_of(dest, source, reader, known)
    if not scope.in_scope:
        return await leave_scope(dest, source.id, scope, t)
    listing = await listing_state(ctx, dest, reader, source.id)
    taxonomy_notes: list[str] = []
    brand = await resolve_brand(dest, reader, source.brand_id, t, taxonomy_notes)
    categories = await category_ids(dest, reader, source.categories, t, taxonomy_notes)
    a = replace(read, listing_state=listing)
    rules = Rules(
        channel_rule=dest.channel_id is not None,
        copy_custom_url=dest.copy_custom_url,
        mirror_inventory=dest.mirror_inventory,
        destination=dest.rules,
    )
    b = await read_destination(dest, source, brand, categories, t, read.metafields)
    hidden = await _hidden_by_scope(dest, source.id)
    plan = plan_ruled(a, b, rules, hidden_by_scope=hidden)
    created, notes = False, list[str]()
    if plan.creates_product:
        b, created, notes = await _create(dest, a, b, rules, t)
        plan = plan_ruled(a, b, rules, just_created=created)
    applied = await apply_plan(dest, plan, b.product, t)
    if hidden:
        await dest.links.drop(LinkKind.SCOPE_HIDDEN, source.id)
    status = written_status(created=created, wrote=t.writes > writes_before)
    reason = "; ".join(dict.fromkeys([*taxonomy_notes, *notes, *applied.notes]))
    return DestinationResult(dest.name, status, reason, destination_id=applied.product_id)


async def _hidden_by_scope(dest: Destination, source_id: int) -> bool:
    """Whether the `disable` policy hid B's product when it left the scope (read only where a
    scope rule can have hidden it; the mark is dropped once the product is back)."""
    if dest.rules.scope is None:
        return False
    return await dest.links.get(LinkKind.SCOPE_HIDDEN, source_id) is not None


async def _create(
    dest: Destination, a: SourceSnapshot, b: DestinationSnapshot, rules: Rules, t: Tally
) -> tuple[DestinationSnapshot, bool, list[str]]:
    """Create B's product and read it back (True); a 409 on its SKU means it exists (an answer
    that was lost): it is found by SKU instead (False)."""
    try:
        applied = await apply_plan(dest, plan_ruled(a, b, rules), None, t)
    except Conflict:
        found = await read_destination(dest, a.product, b.brand_id, b.category_ids, t, a.metafields)
        if found.product is None:
            raise
        return found, False, []
    found = await read_destination(dest, a.product, b.brand_id, b.category_ids, t)
    return found, True, list(applied.notes)  # B's new product has no metafields yet


async def listing_state(
    ctx: SyncContext, dest: Destination, reader: SourceReader, product_id: int
) -> str | None:
    """A's state of the product on the destination's channel (`mapping.channel_state`: its
    assignment, then its listings; None: no channel rule)."""
    if dest.channel_id is None:
        return None
    assigned = await reader.tally.read(resources.list_channel_assignments(ctx.source, [product_id]))
    if not any(a.channel_id == dest.channel_id for a in assigned if a.product_id == product_id):
        return channel_state(False, [])
    call = resources.list_channel_listings(ctx.source, dest.channel_id, [product_id])
    listings = await reader.tally.read(call)
    return channel_state(True, [x.state for x in listings if x.product_id == product_id])


async def sync_category(ctx: SyncContext, source_category_id: int) -> CategoryOutcome:
    """Make every destination hold the source category (parents first) and its metafields, or
    apply the policy."""
    reader = SourceReader(ctx.source, Tally())
    metafields = await _source_metafields(ctx, Owner(category=source_category_id), reader.tally)

    async def into(dest: Destination, t: Tally) -> DestinationResult:
        result = await sync_category_into(dest, reader, source_category_id, t)
        if result.status not in HELD or not result.destination_id:
            return result
        owner = Owner(category=result.destination_id)
        return await _with_metafields(dest, result, metafields, owner, t)

    return await _each_destination(ctx, "category", source_category_id, reader, into)


async def _each_destination(
    ctx: SyncContext,
    kind: str,
    source_id: int,
    reader: SourceReader,
    into: Callable[[Destination, Tally], Awaitable[DestinationResult]],
) -> SyncOutcome:
    """Run `into` for every destination (a BigCommerce error is that destination's failed
    result), then report the outcome."""
    results: list[DestinationResult] = []
    for dest in ctx.destinations:
        t = Tally()
        with watching_uncertain_writes() as unsure:
            try:
                result = await into(dest, t)
            except BigCommerceError as error:
                result = failed_result(dest.name, error)
        results.append(replace(result, api_calls=t.calls, writes=t.writes, uncertain=len(unsure)))
    outcome = SyncOutcome(kind, source_id, tuple(results), reader.tally.calls)
    await _report(ctx, outcome)
    return outcome


async def _source_metafields(ctx: SyncContext, owner: Owner, t: Tally) -> Metafields:
    """A category's or brand's metafields (none when A no longer has it: the policy applies)."""
    try:
        return await read_resource_metafields(ctx.source, owner, t)
    except NotFound:
        return ()


async def _with_metafields(
    dest: Destination, result: DestinationResult, source: Metafields, owner: Owner, t: Tally
) -> DestinationResult:
    writes = t.writes
    await sync_resource_metafields(dest, source, owner, t)
    return after_metafields(result, wrote=t.writes > writes)


async def sync_brand(ctx: SyncContext, source_brand_id: int) -> SyncOutcome:
    """Make every destination hold A's brand (by link, else by name, else created; renamed in
    place) and its metafields: what a brand metafield event asks, the only brand webhook."""
    reader = SourceReader(ctx.source, Tally())
    metafields = await _source_metafields(ctx, Owner(brand=source_brand_id), reader.tally)

    async def into(dest: Destination, t: Tally) -> DestinationResult:
        return await _brand_into(dest, reader, source_brand_id, metafields, t)

    return await _each_destination(ctx, "brand", source_brand_id, reader, into)


async def _brand_into(
    dest: Destination, reader: SourceReader, source_id: int, metafields: Metafields, t: Tally
) -> DestinationResult:
    notes: list[str] = []
    brand_id = await resolve_brand(dest, reader, source_id, t, notes)
    if not brand_id:
        return DestinationResult(dest.name, Status.SKIPPED, "brand not in source")
    status = written_status(created=False, wrote=t.writes > 0)
    result = DestinationResult(dest.name, status, "; ".join(notes), destination_id=brand_id)
    return await _with_metafields(dest, result, metafields, Owner(brand=brand_id), t)


async def _report(ctx: SyncContext, outcome: SyncOutcome) -> None:
    for result, calls in zip(outcome.results, outcome.calls_per_destination(), strict=True):
        log.info(
            "catalog.synced",
            kind=outcome.kind,
            source_id=outcome.source_id,
            destination=result.destination,
            status=result.status.value,
            reason=result.reason,
            api_calls=calls,
            writes=result.writes,
            uncertain=result.uncertain,
        )
    await ctx.on_outcome(outcome)
