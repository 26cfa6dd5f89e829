"""`storebridge catalog-sync rules --explain --sku X [--destination D]`: what each destination
would get for one product of A and why. Reads only: A's product, the facts its scope needs, its
listing state, B's product by link or SKU with its links (a link found by SKU is recorded, as a
sync would); the lines come from `planning.rules.explain`."""

from __future__ import annotations

from dataclasses import replace

from storebridge_catalog_sync.context import Destination, SyncContext
from storebridge_catalog_sync.destinations import configured_destinations
from storebridge_catalog_sync.planning.matching import fold
from storebridge_catalog_sync.planning.rules.explain import explain
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.reading import INCLUDE, read_destination
from storebridge_catalog_sync.scoping import scope_of
from storebridge_catalog_sync.settings import ResyncSettings
from storebridge_catalog_sync.sync import listing_state
from storebridge_catalog_sync.tally import Tally
from storebridge_catalog_sync.taxonomy import SourceReader
from storebridge_catalog_sync.wiring import open_sync_context
from storebridge_shared.bigcommerce import BigCommerceClient, resources
from storebridge_shared.bigcommerce.models import Product
from storebridge_shared.store.client import open_database


class ExplainError(Exception):
    """The SKU or the destination named is not there (`code`: 1 not found, 2 bad name)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


async def _by_sku(bc: BigCommerceClient, sku: str) -> Product | None:
    found = await resources.list_products(bc, skus=[sku], include=INCLUDE)
    return next((p for p in found if fold(p.sku) == fold(sku)), None)


def rules_lines(destinations: list[Destination]) -> list[str]:
    """Each destination's rules and their digest (the command without `--explain`)."""
    lines = []
    for dest in destinations:
        given = dest.rules.model_dump(mode="json", by_alias=True, exclude_none=True)
        lines.append(f"destination {dest.name}: rules {dest.rules.digest()} {given or 'none'}")
    return lines


async def _one(ctx: SyncContext, dest: Destination, source: Product) -> list[str]:
    reader = SourceReader(ctx.source, Tally())
    verdict = await scope_of(dest, source, reader)
    a = SourceSnapshot(source, await listing_state(ctx, dest, reader, source.id))
    base = Rules(
        channel_rule=dest.channel_id is not None,
        copy_custom_url=dest.copy_custom_url,
        mirror_inventory=dest.mirror_inventory,
        destination=dest.rules,
    )
    b = DestinationSnapshot(None)
    if verdict.in_scope:
        b = await read_destination(dest, source, 0, (), Tally())
        if b.product is not None:
            b = replace(b, brand_id=b.product.brand_id, category_ids=b.product.categories)
    return explain(dest.name, a, verdict, base, b)


async def explain_sku(
    settings: ResyncSettings, sku: str | None, destination: str | None
) -> list[str]:
    """The lines for one SKU of A in the named destination (all of them when None); without
    `sku`, each destination's rules."""
    configured_destinations(settings)  # a bad rule stops here, before any connection
    async with open_database(settings) as db, open_sync_context(settings, db) as ctx:
        chosen = [d for d in ctx.destinations if destination in (None, d.name)]
        if not chosen:
            names = ", ".join(d.name for d in ctx.destinations)
            raise ExplainError(f"no destination {destination!r} (there are: {names})", 2)
        if sku is None:
            return rules_lines(chosen)
        source = await _by_sku(ctx.source, sku)
        if source is None:
            raise ExplainError(f"store A has no product with SKU {sku!r}", 1)
        lines: list[str] = []
        for dest in chosen:
            lines += await _one(ctx, dest, source)
        return lines
