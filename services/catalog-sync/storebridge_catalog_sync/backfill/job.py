"""The state one backfill run carries through its phases, and its report."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any

import structlog

from storebridge_catalog_sync.backfill.cleaning import Rejected
from storebridge_catalog_sync.backfill.progress import ProgressBar
from storebridge_catalog_sync.context import Destination
from storebridge_catalog_sync.outcomes import SyncOutcome
from storebridge_catalog_sync.register import BackfillRun, counters_line, now_ms
from storebridge_catalog_sync.store.backfill_progress import (
    BackfillHandle,
    BackfillProgress,
    Checkpoint,
)
from storebridge_shared.bigcommerce import watching_uncertain_writes
from storebridge_shared.records.activity import ResourceState

log = structlog.get_logger(__name__)

DeepSync = Callable[[int], Awaitable[SyncOutcome]]
"""The core's `sync_product` for one source product id, bound to one destination."""

Recheck = Callable[[int], Awaitable[None]]
"""Has the service sync one source product again later (`SyncStates.recheck_later`)."""

KINDS = ("category", "brand", "product")
PLURAL = {"category": "categories"}


@dataclass
class BackfillReport:
    """What a backfill did (or, dry, would do), per kind, with every skip and failure."""

    destination: str
    backfill_id: str = ""
    resumed: bool = False
    dry_run: bool = False
    counts: dict[str, Counter[str]] = field(
        default_factory=lambda: {kind: Counter() for kind in KINDS}
    )
    rejected: list[Rejected] = field(default_factory=list)
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    api_calls: int = 0
    status: str = "running"

    def totals(self) -> Counter[str]:
        """Counters summed over every kind."""
        total: Counter[str] = Counter()
        for counts in self.counts.values():
            total.update(counts)
        return total

    def lines(self) -> list[str]:
        """The operator's summary: one line per kind, then skips and failures."""
        verb = "would be" if self.dry_run else "were"
        head = f"backfill of destination {self.destination}"
        head += " (dry run, nothing written)" if self.dry_run else f" [{self.status}]"
        head += " resumed" if self.resumed else ""
        out = [head]
        for kind, counts in self.counts.items():
            out.append(f"  {PLURAL.get(kind, kind + 's'):<11} {counters_line(counts)}")
        out += [f"  skipped {r.kind} {r.source_id} {r.sku!r}: {r.reason}" for r in self.rejected]
        out += [f"  failed {kind} {key}: {reason}" for kind, key, reason in self.failures]
        out.append(f"  API calls: {self.api_calls}; items that {verb} written are counted above")
        return out


@dataclass
class Job:
    """One backfill in progress: where it writes, what it finished, how it reports."""

    dest: Destination
    progress: BackfillProgress | None
    handle: BackfillHandle | None
    run: BackfillRun | None
    bar: ProgressBar
    report: BackfillReport
    calls: Callable[[], int]
    concurrency: int = 8
    channel_rule: bool = False
    deep_sync: DeepSync | None = None
    recheck: Recheck | None = None
    since_flush: int = 0

    @property
    def dry_run(self) -> bool:
        """True when nothing may be written."""
        return self.report.dry_run

    @contextlib.asynccontextmanager
    async def rechecking(self, source_ids: Iterable[int]) -> AsyncIterator[None]:
        """Around writes of these source products: when one got no answer, B may apply it late,
        over a newer sync, so the service syncs them again once B no longer can (issue 14,
        item 2); even when the writes then failed."""
        with watching_uncertain_writes() as unsure:
            try:
                yield
            finally:
                if unsure:
                    await self.recheck_later(source_ids)

    async def recheck_later(self, source_ids: Iterable[int]) -> None:
        """Ask the service for a later sync of these source products (when it is wired)."""
        if self.recheck is None or self.dry_run:
            return
        for source_id in dict.fromkeys(source_ids):
            await self.recheck(source_id)
            log.warning("backfill.recheck_scheduled", source_id=source_id)

    async def done(self, kind: str) -> dict[str, Checkpoint]:
        """Checkpoints of one kind saved by this backfill (none in a dry run)."""
        if self.progress is None or self.handle is None:
            return {}
        return await self.progress.done(self.handle, kind)

    async def checkpoint(self, checkpoints: Iterable[Checkpoint]) -> None:
        """Save finished items (nothing in a dry run)."""
        if self.progress is not None and self.handle is not None:
            await self.progress.save(self.handle, checkpoints)

    async def outcome(
        self,
        kind: str,
        source_id: int,
        status: str,
        *,
        key: str = "",
        target: int | None = None,
        reason: str = "",
        extra: dict[str, Any] | None = None,
    ) -> None:
        """Count one item, remember its last status, and note a failure."""
        self.report.counts.setdefault(kind, Counter())[status] += 1
        if status == "failed":
            self.report.failures.append((kind, key or str(source_id), reason))
            log.warning("backfill.item_failed", kind=kind, source_id=source_id, reason=reason)
        if self.run is None:
            return
        self.run.count(status)
        await self.run.resource(
            ResourceState(
                resource_type=kind,
                source_id=str(source_id),
                destination=self.dest.name,
                status=status,
                at_ms=now_ms(),
                run_id=self.run.run_id,
                sku=key if kind == "product" else "",
                skus=tuple((extra or {}).get("skus", ())),
                target_id=target,
                reason=reason,
            )
        )
        self.since_flush += 1
        if self.since_flush >= 25:
            self.since_flush = 0
            await self.run.flush(self.calls())


def product_note(job: Job) -> str:
    """The progress bar's note in the products phase: `created 3 updated 1 failed 1`."""
    counts = job.report.counts["product"]
    return " ".join(f"{k} {counts[k]}" for k in ("created", "updated", "failed") if counts[k])


async def bounded(limit: int, jobs: Iterable[Coroutine[Any, Any, None]]) -> None:
    """Run coroutines with at most `limit` at once; each handles its own errors."""
    gate = asyncio.Semaphore(limit)

    async def one(job: Coroutine[Any, Any, None]) -> None:
        try:
            async with gate:
                await job
        finally:
            job.close()  # a job cancelled before it started is closed, not left unawaited

    await asyncio.gather(*(one(job) for job in jobs))
