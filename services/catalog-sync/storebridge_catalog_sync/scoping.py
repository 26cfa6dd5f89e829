"""A destination's scope at sync time: the facts its conditions need, read from A only when a
condition asks (category paths and brand name through the sync's `SourceReader`, the product's
metafields), then the
verdict (`planning.rules.scope`); a product out of scope follows the delete policy."""

from __future__ import annotations

from storebridge_catalog_sync.context import Destination
from storebridge_catalog_sync.outcomes import DestinationResult
from storebridge_catalog_sync.planning.metafields import Metafields
from storebridge_catalog_sync.planning.rules.config import ScopeRule
from storebridge_catalog_sync.planning.rules.scope import (
    ScopeFacts,
    Verdict,
    metafield_values,
    needs_metafields,
    needs_taxonomy,
    verdict,
)
from storebridge_catalog_sync.products import apply_delete
from storebridge_catalog_sync.tally import Tally
from storebridge_catalog_sync.taxonomy import SourceReader
from storebridge_shared.bigcommerce import NotFound, resources
from storebridge_shared.bigcommerce.models import Owner, Product


async def _path(reader: SourceReader, category_id: int) -> str:
    try:
        chain = await reader.path(category_id)
    except NotFound:
        return ""
    return "/".join(c.name for c in chain)


async def _brand(reader: SourceReader, brand_id: int) -> str:
    if not brand_id:
        return ""
    try:
        return (await reader.brand(brand_id)).name
    except NotFound:
        return ""


async def _metafields(
    reader: SourceReader, product_id: int, known: Metafields | None
) -> dict[str, str]:
    if known is None:
        call = resources.list_metafields(reader.client, Owner(product=product_id))
        known = tuple(await reader.tally.read(call))
    return metafield_values(known)


async def scope_facts(
    rule: ScopeRule | None, source: Product, reader: SourceReader, known: Metafields | None = None
) -> ScopeFacts:
    """What the rule's conditions test beyond the product itself (no read when nothing; none
    for metafields when the sync read them already, `known`)."""
    paths: list[str] = []
    brand = ""
    if needs_taxonomy(rule):
        paths = [p for c in source.categories if (p := await _path(reader, c))]
        brand = await _brand(reader, source.brand_id)
    metafields = await _metafields(reader, source.id, known) if needs_metafields(rule) else {}
    return ScopeFacts(tuple(paths), brand, metafields)


async def scope_of(
    dest: Destination, source: Product, reader: SourceReader, known: Metafields | None = None
) -> Verdict:
    """Whether `dest` gets A's product, and why (`known`: A's product metafields as read)."""
    rule = dest.rules.scope
    if rule is None:
        return Verdict(True, "no scope rule")
    return verdict(rule, source, await scope_facts(rule, source, reader, known))


async def leave_scope(
    dest: Destination, source_id: int, why: Verdict, t: Tally
) -> DestinationResult:
    """A product out of the destination's scope: its delete policy applies."""
    return await apply_delete(dest, source_id, t, f"out of scope ({why.reason})", out_of_scope=True)
