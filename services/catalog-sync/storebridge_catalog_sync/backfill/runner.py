"""`backfill_catalog`: read all of the source, clean, then categories, brands and products.

Restartable: the backfill of a destination stays `running` until it completes, so a start after
a crash resumes it; finished phases and products (by SKU) are checkpointed and not redone, and
the run in the activity register keeps counting where it stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import structlog

from storebridge_catalog_sync.backfill.cleaning import clean_products, orphan_variants
from storebridge_catalog_sync.backfill.job import KINDS, BackfillReport, DeepSync, Job, Recheck
from storebridge_catalog_sync.backfill.products_phase import backfill_products
from storebridge_catalog_sync.backfill.progress import ProgressBar
from storebridge_catalog_sync.backfill.source import read_source
from storebridge_catalog_sync.backfill.taxonomy_phase import backfill_brands, backfill_categories
from storebridge_catalog_sync.context import Destination
from storebridge_catalog_sync.register import BackfillRun, now_ms
from storebridge_catalog_sync.routing import PRODUCT
from storebridge_catalog_sync.store.backfill_progress import BackfillProgress, Checkpoint
from storebridge_catalog_sync.store.sync_state import SyncStates
from storebridge_shared.bigcommerce import BigCommerceClient
from storebridge_shared.store.client import Database
from storebridge_shared.store.leases import Lease

log = structlog.get_logger(__name__)

LEASE_SECS = 60.0
"""A crashed backfill's lease frees the destination for the next start after this long."""


async def backfill_catalog(
    db: Database,
    source: BigCommerceClient,
    dest: Destination,
    *,
    dry_run: bool = False,
    channel_rule: bool = False,
    deep_sync: DeepSync | None = None,
    concurrency: int = 8,
    bar: ProgressBar | None = None,
    recheck_ms: int = 0,
) -> BackfillReport:
    """Backfill one destination from the source; per-item failures are reported, not raised.
    After a write without an answer its product is synced again `recheck_ms` later by the
    service's sweep (0: never)."""
    baseline = source.stats.total + dest.client.stats.total

    def calls() -> int:
        return source.stats.total + dest.client.stats.total - baseline

    report = BackfillReport(destination=dest.name, dry_run=dry_run)
    job = Job(
        dest,
        None,
        None,
        None,
        bar or ProgressBar(enabled=False),
        report,
        calls,
        concurrency=concurrency,
        channel_rule=channel_rule,
        deep_sync=deep_sync,
        recheck=_recheck(db, source.store.store_hash, recheck_ms) if recheck_ms else None,
    )
    async with _exclusive(db, dest.name, dry_run):
        if not dry_run:
            await _open(job, db)
        structlog.contextvars.bind_contextvars(backfill_id=report.backfill_id or "dry-run")
        try:
            await _phases(job, source)
        except BaseException as error:
            cancelled = isinstance(error, asyncio.CancelledError)
            report.status = "interrupted" if cancelled else "failed"
            await _close(job, note=f"{type(error).__name__}: {error}"[:300], finished=False)
            raise
        finally:
            job.bar.close()
            structlog.contextvars.unbind_contextvars("backfill_id")
        report.status = "failures" if report.totals()["failed"] else "succeeded"
        await _close(job, note="", finished=True)
    return report


def _recheck(db: Database, source_hash: str, recheck_ms: int) -> Recheck:
    states = SyncStates(db)

    async def recheck(product_id: int) -> None:
        await states.recheck_later(source_hash, PRODUCT, product_id, now_ms() + recheck_ms)

    return recheck


class BackfillBusy(RuntimeError):
    """Another process is backfilling the same destination."""


@asynccontextmanager
async def _exclusive(db: Database, destination: str, dry_run: bool) -> AsyncIterator[None]:
    """Hold the lease `backfill:{destination}` (renewed in the background) around a backfill."""
    if dry_run:
        yield
        return
    lease = Lease(db, f"backfill:{destination}", uuid.uuid4().hex, ttl_secs=LEASE_SECS)
    if not await lease.acquire():
        holder = await lease.holder()
        raise BackfillBusy(
            f"another backfill of {destination} is running ({holder[0] if holder else '?'}); "
            f"a crashed one's lease expires within {LEASE_SECS:.0f} s"
        )

    async def renew() -> None:
        while True:
            await asyncio.sleep(LEASE_SECS / 3)
            if not await lease.renew():
                log.warning("backfill.lease_lost", destination=destination)

    renewing = asyncio.create_task(renew())
    try:
        yield
    finally:
        renewing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await renewing
        await asyncio.shield(lease.release())


async def _open(job: Job, db: Database) -> None:
    job.progress = BackfillProgress(db)
    job.handle = await job.progress.begin(job.dest.name, uuid.uuid4().hex[:16], now_ms())
    job.report.backfill_id, job.report.resumed = job.handle.backfill_id, job.handle.resumed
    job.run = BackfillRun(db, f"backfill:{job.handle.backfill_id}", job.dest.name)
    await job.run.start(job.handle.started_ms)
    log.info("backfill.started", destination=job.dest.name, resumed=job.handle.resumed)


async def _phases(job: Job, source: BigCommerceClient) -> None:
    catalog = await read_source(
        source, channel_id=job.dest.channel_id if job.channel_rule else None
    )
    products, rejected = clean_products(catalog.products)
    rejected += orphan_variants(catalog.variants, catalog.product_ids)
    job.report.rejected = rejected
    await _report_rejected(job, rejected)
    categories = await backfill_categories(job, catalog.categories)
    brands = await backfill_brands(job, catalog.brands)
    await backfill_products(job, catalog, products, brands, categories)


async def _report_rejected(job: Job, rejected: list[Any]) -> None:
    done = await job.done("rejected")
    for item in rejected:
        key = f"{item.kind}:{item.source_id}"
        if key in done:
            continue
        await job.outcome(item.kind, item.source_id, "skipped", key=item.sku, reason=item.reason)
        await job.checkpoint([Checkpoint("rejected", key, "skipped")])


async def _close(job: Job, *, note: str, finished: bool) -> None:
    job.report.api_calls = job.calls()
    if job.run is None or job.progress is None or job.handle is None:
        return
    counters = await _recount(job) if finished else None
    await job.run.finish(job.calls(), job.report.status, note=note, counters=counters)
    if finished:
        await job.progress.finish(job.handle, now_ms())
    log.info("backfill.finished", status=job.report.status, api_calls=job.report.api_calls)


async def _recount(job: Job) -> Counter[str]:
    """Exact counters of a (possibly resumed) backfill: its checkpoints plus this pass's failures.

    Counting as items finish can miss an item a crash hit between its checkpoint and its count.
    """
    counts: Counter[str] = Counter()
    for kind in (*KINDS, "rejected"):
        counts.update(c.outcome for c in (await job.done(kind)).values())
    counts["failed"] = job.report.totals()["failed"]
    return counts
