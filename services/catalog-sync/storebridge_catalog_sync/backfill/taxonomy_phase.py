"""Backfill phases for categories (by path, parents first) and brands (by name).

Each returns the source-to-destination id map the products phase needs. A finished phase is
checkpointed; a resumed backfill rebuilds the map from the checkpoints without an API call.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from storebridge_catalog_sync import records as resources
from storebridge_catalog_sync.backfill.job import Job, bounded
from storebridge_catalog_sync.backfill.plan import Path, category_paths, parents_first
from storebridge_catalog_sync.linking import LinkKind
from storebridge_catalog_sync.mapping import changes, desired_category
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.store.backfill_progress import Checkpoint

Record = dict[str, Any]
PHASE = "phase"


async def _finished(job: Job, phase: str, kind: str) -> dict[int, int] | None:
    if phase not in await job.done(PHASE):
        return None
    return {
        int(key): int(c.target_id)
        for key, c in (await job.done(kind)).items()
        if c.target_id is not None
    }


async def backfill_categories(job: Job, source: list[Record]) -> dict[int, int]:
    """Link, update or create every source category, roots first; {source id: destination id}."""
    known = await _finished(job, "categories", "category")
    if known is not None:
        return known
    client = job.dest.client
    existing = await resources.list_categories(client)
    by_path = {path: cid for cid, path in category_paths(existing).items()}
    by_id = {int(c["id"]): c for c in existing}
    paths = category_paths(source)
    done = await job.done("category")
    mapping = {int(k): int(c.target_id) for k, c in done.items() if c.target_id is not None}
    job.bar.phase("categories", len(source))

    async def one(category: Mapping[str, Any], path: Path) -> None:
        source_id = int(category["id"])
        if source_id in mapping:
            job.bar.advance()
            return
        parent = int(category.get("parent_id") or 0)
        desired = desired_category(category, mapping.get(parent, 0))
        target_id = by_path.get(path)
        try:
            status, target_id = await _write_category(job, desired, target_id, by_id)
        except Exception as error:  # one category never stops the run
            await job.outcome(
                "category", source_id, "failed", key="/".join(path), reason=str(error)
            )
            job.bar.advance()
            return
        mapping[source_id] = target_id
        if not job.dry_run:
            await job.dest.links.put(LinkKind.CATEGORY, source_id, target_id, "/".join(path))
            await job.checkpoint([Checkpoint("category", str(source_id), status, target_id)])
        await job.outcome("category", source_id, status, key="/".join(path), target=target_id)
        job.bar.advance()

    for level in parents_first(source):
        await bounded(job.concurrency, [one(c, paths[int(c["id"])]) for c in level])
    if not job.dry_run and not any(k == "category" for k, _, _ in job.report.failures):
        await job.checkpoint([Checkpoint(PHASE, "categories")])
    return mapping


async def _write_category(
    job: Job, desired: Record, target_id: int | None, by_id: dict[int, Record]
) -> tuple[str, int]:
    client = job.dest.client
    if target_id is None:
        if job.dry_run:
            return "created", -1
        created = await resources.create_category(client, desired)
        return "created", int(created["id"])
    diff = changes(by_id[target_id], desired)
    if not diff:
        return "unchanged", target_id
    if not job.dry_run:
        await resources.update_category(client, target_id, diff)
    return "updated", target_id


async def backfill_brands(job: Job, source: list[Record]) -> dict[int, int]:
    """Link or create every source brand by name; {source id: destination id}."""
    known = await _finished(job, "brands", "brand")
    if known is not None:
        return known
    existing = await resources.list_brands(job.dest.client)
    by_name = {fold(b["name"]): int(b["id"]) for b in existing}
    mapping: dict[int, int] = {}
    job.bar.phase("brands", len(source))

    async def one(brand: Record) -> None:
        source_id, name = int(brand["id"]), str(brand["name"])
        target_id = by_name.get(fold(name))
        status = "unchanged"
        try:
            if target_id is None:
                status, target_id = "created", -1
                if not job.dry_run:
                    target_id = int((await resources.create_brand(job.dest.client, name))["id"])
        except Exception as error:  # one brand never stops the run
            await job.outcome("brand", source_id, "failed", key=name, reason=str(error))
            job.bar.advance()
            return
        mapping[source_id] = target_id
        if not job.dry_run:
            await job.dest.links.put(LinkKind.BRAND, source_id, target_id, name)
            await job.checkpoint([Checkpoint("brand", str(source_id), status, target_id)])
        await job.outcome("brand", source_id, status, key=name, target=target_id)
        job.bar.advance()

    await bounded(job.concurrency, [one(b) for b in source])
    if not job.dry_run and not any(k == "brand" for k, _, _ in job.report.failures):
        await job.checkpoint([Checkpoint(PHASE, "brands")])
    return mapping
