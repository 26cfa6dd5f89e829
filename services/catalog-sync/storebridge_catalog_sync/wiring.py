"""Open the BigCommerce clients and id links of a catalog sync: one `SyncContext` per process.

Reused by the service (`app.py`), the resync command and the backfill.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from storebridge_catalog_sync.context import Destination, SyncContext
from storebridge_catalog_sync.coordinator import Coordinator, Runner
from storebridge_catalog_sync.destinations import configured_destinations, source_credentials
from storebridge_catalog_sync.outcomes import DeletePolicy, OutcomeHook, SyncOutcome
from storebridge_catalog_sync.routing import BRAND, CATEGORY
from storebridge_catalog_sync.settings import CatalogStoresSettings, ResyncSettings
from storebridge_catalog_sync.store.links import LinkRepository
from storebridge_catalog_sync.store.sync_state import SyncStates
from storebridge_catalog_sync.sync import sync_brand, sync_category, sync_product
from storebridge_shared.bigcommerce import ApiMetrics, BigCommerceClient, ClientConfig, retry_policy
from storebridge_shared.store.client import Database
from storebridge_shared.store.event_log import EventLog


def runner(ctx: SyncContext) -> Runner:
    """The coordinator's runner: a kind and id to the matching sync."""

    async def run(kind: str, resource_id: int) -> SyncOutcome:
        if kind == CATEGORY:
            return await sync_category(ctx, resource_id)
        if kind == BRAND:
            return await sync_brand(ctx, resource_id)
        return await sync_product(ctx, resource_id)

    return run


def coordinator_of(
    ctx: SyncContext,
    db: Database,
    settings: ResyncSettings,
    owner: str,
    *,
    recheck: bool = True,
    events: EventLog | None = None,
) -> Coordinator:
    """The coordinator of `ctx`'s syncs under the per-resource lease (`CATALOG_LEASE_SECS`),
    asking for a recheck `CATALOG_RECHECK_AFTER_SECS` after a write without an answer unless
    `recheck` is off (the reconcile pass: its next pass is the recheck)."""
    return Coordinator(
        source=ctx.source_hash,
        states=SyncStates(db),
        events=events or EventLog(db),
        run=runner(ctx),
        owner=owner,
        lease_ms=int(settings.catalog_lease_secs * 1000),
        recheck_ms=int(settings.catalog_recheck_after_secs * 1000) if recheck else 0,
    )


async def _no_hook(_: SyncOutcome) -> None:
    return None


@asynccontextmanager
async def open_sync_context(
    settings: CatalogStoresSettings,
    db: Database,
    *,
    on_outcome: OutcomeHook | None = None,
    quota_share: float = 1.0,
    api_metrics: ApiMetrics | None = None,
) -> AsyncIterator[SyncContext]:
    """Clients for store A and every destination, opened together and closed on exit;
    `quota_share` caps what they spend of each store's quota (the reconcile pass's);
    `api_metrics` counts their calls (the service's registry)."""
    source_store = source_credentials(settings)
    configs = configured_destinations(settings)
    api_url = settings.bigcommerce_api_url
    async with AsyncExitStack() as stack:
        timeouts = ClientConfig(
            read_timeout_s=settings.catalog_read_timeout_secs,
            write_timeout_s=settings.catalog_read_timeout_secs,
            quota_share=quota_share,
            retry=retry_policy(settings),
        )
        source = await stack.enter_async_context(
            BigCommerceClient(source_store, api_url=api_url, config=timeouts, metrics=api_metrics)
        )
        destinations = []
        for config in configs:
            client = BigCommerceClient(
                config.credentials(), api_url=api_url, config=timeouts, metrics=api_metrics
            )
            destinations.append(
                Destination(
                    name=config.name,
                    client=await stack.enter_async_context(client),
                    links=LinkRepository(db, source_store.store_hash, config.store_hash),
                    channel_id=config.channel_id,
                    delete_policy=config.delete_policy or DeletePolicy.IGNORE,
                    copy_custom_url=settings.catalog_custom_url == "copy",
                    mirror_inventory=settings.catalog_inventory == "mirror",
                    rules=config.rules,
                )
            )
        yield SyncContext(
            source=source,
            destinations=destinations,
            source_channel_rule=any(d.channel_id is not None for d in destinations),
            on_outcome=on_outcome or _no_hook,
        )
