"""Backfill phase for products: compare with the destination by SKU, then link, update, create.

A's product and variant metafields come with the catalog (its two store-wide listings), B's from
B's two store-wide listings when a product B has carries metafields to copy in A; the planner's
metafield rules decide (`planning.metafields`), a create copies them after its parts.

Each product is decided by the core's planner (`backfill.plan.decide`). Product-field
differences are written with the batch endpoint (10 per PUT); a failing batch is retried one
product at a time so one bad product fails alone. Creation is the planner's create (one POST per
product, BigCommerce has no batch create, with its images, custom fields, bulk pricing rules and
videos) applied by `apply.apply_plan`, then A's options (with A's type and values), variants and
modifiers planned against the product as created. A product B has is planned with its links
(read for all products at once) and its writes beyond the product fields applied the same way;
a create refused as made meanwhile (409), and a write B refuses over a brand or category id it
no longer has (a resumed backfill's maps come from its checkpoints), go through the core's
`sync_product` (`Job.deep_sync`: links dropped, brand and categories resolved anew). Each
finished product is checkpointed by SKU. A write without an answer (B may apply it late, over a
newer sync) has the service sync its product again later (`Job.rechecking`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from storebridge_catalog_sync.apply import apply_plan
from storebridge_catalog_sync.backfill.job import Job, bounded, product_note
from storebridge_catalog_sync.backfill.plan import (
    ProductDecision,
    decide,
    needs_parts_after_create,
    parts_after_create,
)
from storebridge_catalog_sync.backfill.scoped import in_scope
from storebridge_catalog_sync.backfill.source import (
    Catalog,
    read_destination_products,
    read_metafields,
)
from storebridge_catalog_sync.linking import LinkKind
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.planning.metafields import ProductMetafields
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.planning.steps import UpdateProduct, WritePlan
from storebridge_catalog_sync.store.backfill_progress import Checkpoint
from storebridge_catalog_sync.tally import Tally
from storebridge_catalog_sync.taxonomy import refers_to_missing_taxonomy
from storebridge_shared.bigcommerce import BigCommerceError, Conflict, resources
from storebridge_shared.bigcommerce.models import Product

BATCH = 10


def _skus(product: Product) -> tuple[str, ...]:
    return tuple(v.sku for v in product.option_variants)


async def backfill_products(
    job: Job,
    catalog: Catalog,
    products: Sequence[Product],
    brands: dict[int, int],
    categories: dict[int, int],
) -> None:
    """Bring every clean source product into the destination; never stops on one failure."""
    for unread in catalog.unread:
        await job.outcome("product", unread.product_id, "failed", reason=unread.reason)
    done = await job.done("product")
    todo = [p for p in products if fold(p.sku) not in done]
    job.bar.phase("products", len(todo))
    found = await read_destination_products(job.dest.client, [p.sku for p in todo])
    by_sku = {fold(p.sku): p for p in found}
    todo = await in_scope(job, catalog, todo, by_sku)
    matched = [p for p in todo if fold(p.sku) in by_sku]
    links = await _links(job, matched)
    theirs = await _destination_metafields(job, catalog, matched, by_sku)
    taxonomy = (brands, categories)
    decisions = [
        _decide(job, catalog, p, by_sku.get(fold(p.sku)), links, taxonomy, theirs) for p in todo
    ]
    updates = [d for d in decisions if d.action == "update"]
    for start in range(0, len(updates), BATCH):
        await _update_batch(job, updates[start : start + BATCH])
    others = [d for d in decisions if d.action != "update"]
    await bounded(job.concurrency, [_one(job, d) for d in others])


def _rules(job: Job) -> Rules:
    return Rules(
        channel_rule=job.channel_rule,
        copy_custom_url=job.dest.copy_custom_url,
        mirror_inventory=job.dest.mirror_inventory,
        destination=job.dest.rules,
    )


_NONE = ProductMetafields()


def _snapshot(catalog: Catalog, source: Product) -> SourceSnapshot:
    metafields = catalog.metafields.get(source.id, _NONE)
    return SourceSnapshot(source, catalog.listings.get(source.id), metafields)


async def _destination_metafields(
    job: Job, catalog: Catalog, matched: Sequence[Product], by_sku: dict[str, Product]
) -> dict[int, ProductMetafields]:
    """B's metafields of the products B has, by B's product id, read from B's two store-wide
    listings only when one of those products has metafields to copy in A (else none read)."""
    if not any(catalog.metafields.get(p.id, _NONE).managed for p in matched):
        return {}
    return await read_metafields(job.dest.client, [by_sku[fold(p.sku)] for p in matched])


async def _links(job: Job, matched: Sequence[Product]) -> DestinationSnapshot:
    """The variant, image and variant-image links of the products B already has (three reads
    of the links, whatever the number of products)."""
    variants = [v.id for p in matched for v in p.variants]
    images = [i.id for p in matched for i in p.images]
    return DestinationSnapshot(
        None,
        variant_links=await _linked(job, LinkKind.VARIANT, variants),
        image_links=await _linked(job, LinkKind.IMAGE, images),
        variant_image_links=await _linked(job, LinkKind.VARIANT_IMAGE, variants),
    )


async def _linked(job: Job, kind: LinkKind, ids: list[int]) -> dict[int, tuple[int, str]]:
    found = await job.dest.links.many(kind, ids) if ids and not job.dry_run else {}
    return {a: (link.destination_id, link.key) for a, link in found.items()}


def _decide(
    job: Job,
    catalog: Catalog,
    source: Product,
    match: Product | None,
    links: DestinationSnapshot,
    taxonomy: tuple[dict[int, int], dict[int, int]],
    metafields: dict[int, ProductMetafields],
) -> ProductDecision:
    brands, categories = taxonomy
    b = replace(
        links,
        product=match,
        brand_id=brands.get(source.brand_id, 0),
        category_ids=tuple(categories[c] for c in source.categories if c in categories),
        metafields=metafields.get(match.id, _NONE) if match is not None else _NONE,
    )
    return decide(_snapshot(catalog, source), b, _rules(job))


async def _update_batch(job: Job, batch: list[ProductDecision]) -> None:
    if not job.dry_run:
        items = [{"id": d.target.id, **d.changes} for d in batch if d.target]
        try:
            async with job.rechecking(d.source.id for d in batch):
                await resources.update_products(job.dest.client, items)
        except Exception:  # find the product that failed: one PUT each
            await bounded(job.concurrency, [_one(job, d, single=True) for d in batch])
            return
    await bounded(job.concurrency, [_one(job, d) for d in batch])  # parts, links, checkpoints


async def _one(job: Job, decision: ProductDecision, *, single: bool = False) -> None:
    try:
        async with job.rechecking([decision.source.id]):
            status, target, reason = await _write(job, decision, single=single)
    except Exception as error:  # one product never stops the run
        await _failed(job, decision, str(error) or type(error).__name__)
        return
    await _finish(job, decision, status, target, reason)


async def _write(
    job: Job, decision: ProductDecision, *, single: bool
) -> tuple[str, int | None, str]:
    if decision.action == "create":
        if job.dry_run:
            return "created", None, ""
        return await _create(job, decision)
    assert decision.target is not None
    try:
        return await _existing(job, decision, single=single), decision.target.id, ""
    except BigCommerceError as error:  # B lost a brand or category the maps still name
        if not refers_to_missing_taxonomy(error):
            raise
    return await _deep(job, decision), decision.target.id, ""


async def _create(job: Job, decision: ProductDecision) -> tuple[str, int | None, str]:
    """One POST (the planner's create body), then A's options, variants and modifiers."""
    try:
        applied = await apply_plan(job.dest, decision.plan, None, Tally())
    except Conflict:  # made meanwhile (the service, a variant SKU): the core's sync resolves
        return await _deep(job, decision), None, ""
    if needs_parts_after_create(decision.source, decision.metafields):
        a = SourceSnapshot(decision.source, metafields=decision.metafields)
        base = applied.base_variant_id
        parts = parts_after_create(a, applied.product_id, _rules(job), base_variant_id=base)
        await apply_plan(job.dest, parts, None, Tally())
    return "created", applied.product_id, "; ".join(applied.notes)


async def _existing(job: Job, decision: ProductDecision, *, single: bool) -> str:
    assert decision.target is not None
    if single and decision.changes and not job.dry_run:
        call = resources.update_product(job.dest.client, decision.target.id, decision.changes)
        await call
    if decision.parts_differ:
        if not job.dry_run:
            parts = WritePlan(decision.target.id, decision.plan.without(UpdateProduct))
            await apply_plan(job.dest, parts, decision.target, Tally())
        return "updated"
    return "updated" if decision.changes else "unchanged"


async def _deep(job: Job, decision: ProductDecision) -> str:
    if job.dry_run:
        return "updated"
    if job.deep_sync is None:
        raise RuntimeError("variants, images or custom fields differ and no product sync is wired")
    outcome = await job.deep_sync(decision.source.id)
    result = next((r for r in outcome.results if r.destination == job.dest.name), None)
    if result is not None and result.uncertain:  # the core's sync watched its own writes
        await job.recheck_later([decision.source.id])
    if result is None or result.status.value == "failed":
        raise RuntimeError(result.reason if result else "the product sync reported nothing")
    return "updated"


async def _finish(
    job: Job, decision: ProductDecision, status: str, target: int | None, reason: str
) -> None:
    if not job.dry_run:
        if target is not None:
            source_id = decision.source.id
            await job.dest.links.put(LinkKind.PRODUCT, source_id, target, decision.sku)
        await job.checkpoint([Checkpoint("product", fold(decision.sku), status, target)])
    await job.outcome(
        "product",
        decision.source.id,
        status,
        key=decision.sku,
        target=target,
        reason=reason,
        extra={"skus": _skus(decision.source)},
    )
    job.bar.advance(note=product_note(job))


async def _failed(job: Job, decision: ProductDecision, reason: str) -> None:
    await job.outcome(
        "product",
        decision.source.id,
        "failed",
        key=decision.sku,
        reason=reason,
        extra={"skus": _skus(decision.source)},
    )
    job.bar.advance(note=product_note(job))
