"""Backfill phases for categories (by path, parents first) and brands (by name).

B's categories and brands are read once; each of A's is decided by the core's planners
(`planning.category`, `planning.brand`) against them and applied by the core's apply (links
included). Each phase returns the source-to-destination id map the products phase needs. A
finished phase is checkpointed; a resumed backfill rebuilds the map from the checkpoints without
an API call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from storebridge_catalog_sync.backfill.job import Job, bounded
from storebridge_catalog_sync.backfill.plan import parents_first
from storebridge_catalog_sync.brands import apply_brand
from storebridge_catalog_sync.linking import Link
from storebridge_catalog_sync.planning.brand import CreateBrand, plan_brand
from storebridge_catalog_sync.planning.category import (
    CategoryTree,
    chain_of,
    path_key,
    plan_categories,
)
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.store.backfill_progress import Checkpoint
from storebridge_catalog_sync.tally import Tally
from storebridge_catalog_sync.taxonomy import apply_categories
from storebridge_shared.bigcommerce import resources
from storebridge_shared.bigcommerce.models import Brand, Category

PHASE = "phase"
DRY_RUN_ID = -1
"""B's id of what a dry run would create."""


async def _finished(job: Job, phase: str, kind: str) -> dict[int, int] | None:
    if phase not in await job.done(PHASE):
        return None
    return {
        int(key): int(c.target_id)
        for key, c in (await job.done(kind)).items()
        if c.target_id is not None
    }


@dataclass(frozen=True)
class _Item:
    """One category or brand as planned: its outcome's kind, A's id, key and status, and B's
    id when it exists (0: the plan creates it)."""

    kind: str
    source_id: int
    key: str
    status: str
    planned_id: int


async def _settle(
    job: Job, item: _Item, apply: Callable[[list[str]], Awaitable[int]], mapping: dict[int, int]
) -> None:
    """Apply one item's plan (not in a dry run), map and checkpoint it, report its outcome (a
    failure too: one item never stops the run)."""
    notes: list[str] = []
    try:
        target = (item.planned_id or DRY_RUN_ID) if job.dry_run else await apply(notes)
    except Exception as error:
        await job.outcome(item.kind, item.source_id, "failed", key=item.key, reason=str(error))
        job.bar.advance()
        return
    mapping[item.source_id] = target
    if not job.dry_run:
        await job.checkpoint([Checkpoint(item.kind, str(item.source_id), item.status, target)])
    reason = "; ".join(notes)
    await job.outcome(
        item.kind, item.source_id, item.status, key=item.key, target=target, reason=reason
    )
    job.bar.advance()


async def _close_phase(job: Job, kind: str, phase: str) -> None:
    """Checkpoint a phase done when none of its items failed (a resume then skips it)."""
    if not job.dry_run and not any(k == kind for k, _, _ in job.report.failures):
        await job.checkpoint([Checkpoint(PHASE, phase)])


def _status(created: bool, steps: Sequence[object]) -> str:
    if created:
        return "created"
    return "updated" if any(not isinstance(s, Link) for s in steps) else "unchanged"


async def backfill_categories(job: Job, source: list[Category]) -> dict[int, int]:
    """Link, update or create every source category, roots first; {source id: destination id}."""
    known = await _finished(job, "categories", "category")
    if known is not None:
        return known
    tree = CategoryTree(categories=tuple(await resources.list_categories(job.dest.client)))
    done = await job.done("category")
    mapping = {int(k): int(c.target_id) for k, c in done.items() if c.target_id is not None}
    job.bar.phase("categories", len(source))

    async def one(category: Category) -> None:
        if category.id in mapping:
            job.bar.advance()
            return
        chain = chain_of(category.id, source)
        key = path_key(chain)
        resolved = {c.id: mapping.get(c.id, 0) for c in chain[:-1]}
        plan = plan_categories(
            [chain], tree, copy_custom_url=job.dest.copy_custom_url, resolved=resolved
        )
        status = _status(plan.created(category.id), plan.steps)
        item = _Item("category", category.id, key, status, plan.ids[category.id])

        async def apply(notes: list[str]) -> int:
            return (await apply_categories(job.dest, plan, Tally(), notes))[category.id]

        await _settle(job, item, apply, mapping)

    for level in parents_first(source):
        await bounded(job.concurrency, [one(c) for c in level])
    await _close_phase(job, "category", "categories")
    return mapping


async def backfill_brands(job: Job, source: list[Brand]) -> dict[int, int]:
    """Link (by name, brought in line) or create every source brand; {source id: B's id}."""
    known = await _finished(job, "brands", "brand")
    if known is not None:
        return known
    existing = await resources.list_brands(job.dest.client)
    by_name = {fold(b.name): b for b in existing}
    copy_url = job.dest.copy_custom_url
    mapping: dict[int, int] = {}
    job.bar.phase("brands", len(source))

    async def one(brand: Brand) -> None:
        plan = plan_brand(
            brand, None, named=by_name.get(fold(brand.name)), copy_custom_url=copy_url
        )
        status = _status(any(isinstance(s, CreateBrand) for s in plan.steps), plan.steps)
        item = _Item("brand", brand.id, brand.name, status, plan.brand_id)

        async def apply(notes: list[str]) -> int:
            return await apply_brand(job.dest, plan, Tally(), notes)

        await _settle(job, item, apply, mapping)

    await bounded(job.concurrency, [one(b) for b in source])
    await _close_phase(job, "brand", "brands")
    return mapping
