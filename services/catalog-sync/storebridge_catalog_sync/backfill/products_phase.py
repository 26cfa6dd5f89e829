"""Backfill phase for products: compare with the destination by SKU, then link, update, create.

Each product is decided by the core's planner (`backfill.plan.decide`). Product-field
differences are written with the batch endpoint (10 per PUT); a failing batch is retried one
product at a time so one bad product fails alone. Creation is one POST per product (BigCommerce
has no batch create) carrying its variants, images, custom fields, bulk pricing rules and videos;
a product with modifiers then goes through the core's `sync_product` (`Job.deep_sync`), as do
products whose planned writes go beyond the product fields. Each finished product is
checkpointed by SKU.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from storebridge_catalog_sync import records as resources
from storebridge_catalog_sync.backfill.job import Job, bounded
from storebridge_catalog_sync.backfill.plan import (
    ProductDecision,
    create_body,
    decide,
    needs_parts_after_create,
)
from storebridge_catalog_sync.backfill.scope import out_of_scope
from storebridge_catalog_sync.backfill.source import Catalog, read_destination_products
from storebridge_catalog_sync.linking import LinkKind
from storebridge_catalog_sync.mapping import option_variants
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.planning.rules.scope import needs_metafields
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.store.backfill_progress import Checkpoint
from storebridge_shared.bigcommerce import Conflict
from storebridge_shared.bigcommerce.models import Product

Record = dict[str, Any]
BATCH = 10


def _skus(product: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(v["sku"]) for v in option_variants(product.get("variants") or []))


async def backfill_products(
    job: Job,
    catalog: Catalog,
    products: Sequence[Mapping[str, Any]],
    brands: dict[int, int],
    categories: dict[int, int],
) -> None:
    """Bring every clean source product into the destination; never stops on one failure."""
    done = await job.done("product")
    todo = [p for p in products if fold(p["sku"]) not in done]
    job.bar.phase("products", len(todo))
    found = await read_destination_products(job.dest.client, [str(p["sku"]) for p in todo])
    by_sku = {fold(p["sku"]): p for p in found}
    todo = await _scoped(job, catalog, todo, by_sku)
    decisions = [
        _decide(job, catalog, p, by_sku.get(fold(p["sku"])), brands, categories) for p in todo
    ]
    updates = [d for d in decisions if d.action == "update"]
    for start in range(0, len(updates), BATCH):
        await _update_batch(job, updates[start : start + BATCH])
    others = [d for d in decisions if d.action != "update"]
    await bounded(job.concurrency, [_one(job, d) for d in others])


async def _scoped(
    job: Job, catalog: Catalog, todo: list[Mapping[str, Any]], by_sku: Mapping[str, Any]
) -> list[Mapping[str, Any]]:
    """The products the destination's scope takes; the others are skipped (B lacks them) or
    left to the core's sync (B has them: the delete policy). A scope testing metafields hands
    every product to the core's sync, which reads them."""
    rule = job.dest.rules.scope
    if needs_metafields(rule):
        await bounded(job.concurrency, [_by_core(job, p) for p in todo])
        return []
    left_out = out_of_scope(rule, todo, catalog.categories, catalog.brands)
    for product in todo:
        why = left_out.get(int(product["id"]))
        if why is None:
            continue
        if fold(product["sku"]) in by_sku:
            await _by_core(job, product)
            continue
        reason = f"out of scope ({why.reason})"
        await job.outcome(
            "product", int(product["id"]), "skipped", key=product["sku"], reason=reason
        )
        job.bar.advance(note=_note(job))
    return [p for p in todo if int(p["id"]) not in left_out]


async def _by_core(job: Job, product: Mapping[str, Any]) -> None:
    """One product synced by the core's `sync_product` (scope, delete policy), as it reports."""
    source_id, sku = int(product["id"]), str(product["sku"])
    status, reason, target = "skipped", "dry run: scope decided at sync", None
    if not job.dry_run and job.deep_sync is not None:
        outcome = await job.deep_sync(source_id)
        result = next((r for r in outcome.results if r.destination == job.dest.name), None)
        status = result.status.value if result else "failed"
        reason = result.reason if result else "the product sync reported nothing"
        target = result.destination_id if result else None
        await job.checkpoint([Checkpoint("product", fold(sku), status, target)])
    await job.outcome("product", source_id, status, key=sku, target=target, reason=reason)
    job.bar.advance(note=_note(job))


def _decide(
    job: Job,
    catalog: Catalog,
    product: Mapping[str, Any],
    match: Mapping[str, Any] | None,
    brands: dict[int, int],
    categories: dict[int, int],
) -> ProductDecision:
    source = Product.parse(dict(product))
    a = SourceSnapshot(source, catalog.listings.get(source.id))
    b = DestinationSnapshot(
        Product.parse(dict(match)) if match is not None else None,
        brands.get(source.brand_id, 0),
        tuple(categories[c] for c in source.categories if c in categories),
    )
    rules = Rules(
        channel_rule=job.channel_rule,
        copy_custom_url=job.dest.copy_custom_url,
        mirror_inventory=job.dest.mirror_inventory,
        destination=job.dest.rules,
    )
    return decide(a, b, rules)


async def _update_batch(job: Job, batch: list[ProductDecision]) -> None:
    if not job.dry_run:
        items = [{"id": int(d.target["id"]), **d.changes} for d in batch if d.target]
        try:
            await resources.update_products(job.dest.client, items)
        except Exception:  # find the product that failed: one PUT each
            await bounded(job.concurrency, [_one(job, d, single=True) for d in batch])
            return
    await bounded(job.concurrency, [_one(job, d) for d in batch])  # parts, links, checkpoints


async def _one(job: Job, decision: ProductDecision, *, single: bool = False) -> None:
    try:
        status, target = await _write(job, decision, single=single)
    except Exception as error:  # one product never stops the run
        await _failed(job, decision, str(error) or type(error).__name__)
        return
    await _finish(job, decision, status, target)


def _target(decision: ProductDecision) -> int | None:
    return int(decision.target["id"]) if decision.target is not None else None


async def _write(job: Job, decision: ProductDecision, *, single: bool) -> tuple[str, int | None]:
    client = job.dest.client
    if decision.action == "create":
        if job.dry_run:
            return "created", None
        body = create_body(decision.source, decision.desired)
        try:
            created = await resources.create_product(client, body)
        except Conflict:  # made meanwhile (the service, a variant SKU): the core's sync resolves
            return await _deep(job, decision), None
        if needs_parts_after_create(Product.parse(dict(decision.source))):
            source_id, target = int(decision.source["id"]), int(created["id"])
            await job.dest.links.put(LinkKind.PRODUCT, source_id, target, decision.sku)
            await _deep(job, decision)  # modifiers: the core's sync adds them
        return "created", int(created["id"])
    assert decision.target is not None
    return await _existing(job, decision, single=single), _target(decision)


async def _existing(job: Job, decision: ProductDecision, *, single: bool) -> str:
    assert decision.target is not None
    client = job.dest.client
    if single and decision.changes and not job.dry_run:
        await resources.update_product(client, int(decision.target["id"]), decision.changes)
    if decision.parts_differ:
        return await _deep(job, decision)
    return "updated" if decision.changes else "unchanged"


async def _deep(job: Job, decision: ProductDecision) -> str:
    if job.dry_run:
        return "updated"
    if job.deep_sync is None:
        raise RuntimeError("variants, images or custom fields differ and no product sync is wired")
    outcome = await job.deep_sync(int(decision.source["id"]))
    result = next((r for r in outcome.results if r.destination == job.dest.name), None)
    if result is None or result.status.value == "failed":
        raise RuntimeError(result.reason if result else "the product sync reported nothing")
    return "updated"


async def _finish(job: Job, decision: ProductDecision, status: str, target: int | None) -> None:
    if not job.dry_run:
        if target is not None:
            source_id = int(decision.source["id"])
            await job.dest.links.put(LinkKind.PRODUCT, source_id, target, decision.sku)
        await job.checkpoint([Checkpoint("product", fold(decision.sku), status, target)])
    await job.outcome(
        "product",
        int(decision.source["id"]),
        status,
        key=decision.sku,
        target=target,
        extra={"skus": _skus(decision.source)},
    )
    job.bar.advance(note=_note(job))


async def _failed(job: Job, decision: ProductDecision, reason: str) -> None:
    await job.outcome(
        "product",
        int(decision.source["id"]),
        "failed",
        key=decision.sku,
        reason=reason,
        extra={"skus": _skus(decision.source)},
    )
    job.bar.advance(note=_note(job))


def _note(job: Job) -> str:
    counts = job.report.counts["product"]
    return " ".join(f"{k} {counts[k]}" for k in ("created", "updated", "failed") if counts[k])
