"""Composition of `storebridge backfill catalog`: clients from settings, one backfill each."""

from __future__ import annotations

from collections.abc import Callable

from storebridge_catalog_sync.backfill.job import BackfillReport, DeepSync
from storebridge_catalog_sync.backfill.progress import ProgressBar
from storebridge_catalog_sync.backfill.runner import backfill_catalog
from storebridge_catalog_sync.context import Destination, SyncContext
from storebridge_catalog_sync.outcomes import SyncOutcome
from storebridge_catalog_sync.settings import BackfillSettings
from storebridge_catalog_sync.sync import sync_product
from storebridge_catalog_sync.wiring import open_sync_context
from storebridge_shared.settings import ConfigurationError
from storebridge_shared.store.client import open_database


def _deep_sync(ctx: SyncContext, dest: Destination) -> DeepSync:
    """The core's product sync into this one destination (its outcome is the backfill's)."""
    only = SyncContext(
        source=ctx.source, destinations=[dest], source_channel_rule=dest.channel_id is not None
    )

    async def sync(product_id: int) -> SyncOutcome:
        return await sync_product(only, product_id)

    return sync


async def run_backfill(
    settings: BackfillSettings,
    *,
    destination: str | None = None,
    dry_run: bool = False,
    progress: bool = True,
    on_report: Callable[[BackfillReport], None] | None = None,
) -> list[BackfillReport]:
    """Backfill every configured destination (or the named one), one after another."""
    reports: list[BackfillReport] = []
    async with (
        open_database(settings) as db,
        open_sync_context(settings, db) as ctx,
    ):
        chosen = [d for d in ctx.destinations if destination in (None, d.name)]
        if not chosen:
            names = ", ".join(d.name for d in ctx.destinations)
            raise ConfigurationError(f"no destination named {destination!r} (configured: {names})")
        for dest in chosen:
            report = await backfill_catalog(
                db,
                ctx.source,
                dest,
                dry_run=dry_run,
                channel_rule=dest.channel_id is not None,
                deep_sync=_deep_sync(ctx, dest),
                bar=ProgressBar(enabled=progress),
                recheck_ms=int(settings.catalog_recheck_after_secs * 1000),
            )
            reports.append(report)
            if on_report is not None:
                on_report(report)
    return reports
