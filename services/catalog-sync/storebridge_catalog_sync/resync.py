"""Force a re-sync (no webhook fires for listing changes): by product id, SKU, category, or all.

Runs the syncs in this process under the same per-resource lease as the service, so it never
races a running catalog-sync replica for the same product.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass

from storebridge_catalog_sync.context import SyncContext
from storebridge_catalog_sync.outcomes import SyncOutcome
from storebridge_catalog_sync.routing import CATEGORY, PRODUCT
from storebridge_catalog_sync.settings import ResyncSettings
from storebridge_catalog_sync.wiring import coordinator_of, open_sync_context
from storebridge_shared.bigcommerce import resources
from storebridge_shared.broker.failures import PermanentFailure, TransientFailure
from storebridge_shared.store.client import open_database


@dataclass(frozen=True)
class ResyncRequest:
    """What to re-sync."""

    product_ids: Sequence[int] = ()
    skus: Sequence[str] = ()
    category_ids: Sequence[int] = ()
    everything: bool = False


async def _product_ids(ctx: SyncContext, request: ResyncRequest) -> list[int]:
    ids = list(request.product_ids)
    if request.skus:
        found = await resources.list_products(ctx.source, skus=request.skus)
        ids += [p.id for p in found]
    if request.everything:
        ids += await resources.list_product_ids(ctx.source)
    return sorted(set(ids))


async def resync(settings: ResyncSettings, request: ResyncRequest, owner: str) -> list[SyncOutcome]:
    """Sync the requested categories, then products; return each outcome."""
    outcomes: list[SyncOutcome] = []

    async def record(outcome: SyncOutcome) -> None:
        outcomes.append(outcome)

    async with (
        open_database(settings) as db,
        open_sync_context(settings, db, on_outcome=record) as ctx,
    ):
        coordinator = coordinator_of(ctx, db, settings, owner)
        targets = [(CATEGORY, i) for i in request.category_ids]
        targets += [(PRODUCT, i) for i in await _product_ids(ctx, request)]
        for kind, resource_id in targets:
            with contextlib.suppress(PermanentFailure, TransientFailure):  # in `outcomes`
                await coordinator.submit(kind, resource_id, f"resync-{owner}")
    return outcomes
