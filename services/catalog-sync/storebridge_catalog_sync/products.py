"""A product gone from A, or out of a destination's scope: ignore, disable or delete it in one
destination (its delete policy)."""

from __future__ import annotations

import contextlib

from storebridge_catalog_sync.context import Destination, delete_target
from storebridge_catalog_sync.linking import LinkKind
from storebridge_catalog_sync.outcomes import DeletePolicy, DestinationResult, Status
from storebridge_catalog_sync.planning.deletes import product_off
from storebridge_catalog_sync.tally import Tally
from storebridge_shared.bigcommerce import NotFound, resources


async def apply_delete(
    dest: Destination,
    source_id: int,
    t: Tally,
    why: str = "deleted in source",
    *,
    out_of_scope: bool = False,
) -> DestinationResult:
    """The source product is gone (or, `out_of_scope`, left the destination's scope: `why`):
    ignore, disable or delete it in the destination. A product this hides for leaving the
    scope is remembered (`LinkKind.SCOPE_HIDDEN`), so the sync shows it again on its return."""
    link = await dest.links.get(LinkKind.PRODUCT, source_id)
    target = delete_target(dest, link, why)
    if isinstance(target, DestinationResult):
        return target
    if dest.delete_policy is DeletePolicy.DELETE:
        with contextlib.suppress(NotFound):
            await t.write(resources.delete_product(dest.client, target))
        await dest.links.drop(LinkKind.PRODUCT, source_id)
        return DestinationResult(dest.name, Status.DELETED, why, target)
    try:
        current = await t.read(resources.get_product(dest.client, target))
    except NotFound:
        return DestinationResult(dest.name, Status.SKIPPED, "already gone from destination")
    if off := product_off(current):
        await t.write(resources.update_product(dest.client, target, off))
        if out_of_scope:
            await dest.links.put(LinkKind.SCOPE_HIDDEN, source_id, target)
    return DestinationResult(dest.name, Status.DISABLED, why, target)
