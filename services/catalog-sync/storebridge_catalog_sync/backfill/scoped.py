"""The backfill under a destination's scope rule: which of A's products it copies; the others
are skipped (B lacks them) or handed to the core's sync (B has them: the delete policy)."""

from __future__ import annotations

from collections.abc import Mapping

from storebridge_catalog_sync.backfill.job import Job, product_note
from storebridge_catalog_sync.backfill.scope import out_of_scope
from storebridge_catalog_sync.backfill.source import Catalog
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.store.backfill_progress import Checkpoint
from storebridge_shared.bigcommerce.models import Product


async def in_scope(
    job: Job, catalog: Catalog, todo: list[Product], by_sku: Mapping[str, Product]
) -> list[Product]:
    """The products the destination's scope takes; the others are skipped (B lacks them) or
    left to the core's sync (B has them: the delete policy); metafield conditions test A's
    product metafields as the catalog read them (no read per product)."""
    rule = job.dest.rules.scope
    left_out = out_of_scope(rule, todo, catalog.categories, catalog.brands, catalog.metafields)
    for product in todo:
        why = left_out.get(product.id)
        if why is None:
            continue
        if fold(product.sku) in by_sku:
            await _by_core(job, product)
            continue
        reason = f"out of scope ({why.reason})"
        await job.outcome("product", product.id, "skipped", key=product.sku, reason=reason)
        job.bar.advance(note=product_note(job))
    return [p for p in todo if p.id not in left_out]


async def _by_core(job: Job, product: Product) -> None:
    """One product synced by the core's `sync_product` (scope, delete policy), as it reports."""
    status, reason, target = "skipped", "dry run: scope decided at sync", None
    if not job.dry_run and job.deep_sync is not None:
        outcome = await job.deep_sync(product.id)
        result = next((r for r in outcome.results if r.destination == job.dest.name), None)
        status = result.status.value if result else "failed"
        reason = result.reason if result else "the product sync reported nothing"
        target = result.destination_id if result else None
        await job.checkpoint([Checkpoint("product", fold(product.sku), status, target)])
    await job.outcome("product", product.id, status, key=product.sku, target=target, reason=reason)
    job.bar.advance(note=product_note(job))
