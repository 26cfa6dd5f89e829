"""A category's or brand's metafields in one destination: read A's (once per sync) and B's,
plan (`planning.resource_metafields`), apply."""

from __future__ import annotations

from storebridge_catalog_sync.apply import apply_steps
from storebridge_catalog_sync.context import Destination
from storebridge_catalog_sync.planning.metafields import Metafields
from storebridge_catalog_sync.planning.resource_metafields import (
    needs_destination,
    plan_resource_metafields,
)
from storebridge_catalog_sync.tally import Tally
from storebridge_shared.bigcommerce import BigCommerceClient, resources
from storebridge_shared.bigcommerce.models import Owner


async def read_resource_metafields(bc: BigCommerceClient, owner: Owner, t: Tally) -> Metafields:
    """A category's or brand's metafields as this client may read them (1 call)."""
    return tuple(await t.read(resources.list_metafields(bc, owner)))


async def sync_resource_metafields(
    dest: Destination, source: Metafields, owner: Owner, t: Tally
) -> None:
    """Bring B's category or brand (`owner`, B's id) to A's metafields `source`; B is not read
    when A has none to copy."""
    if not needs_destination(source):
        return
    current = await read_resource_metafields(dest.client, owner, t)
    await apply_steps(dest, plan_resource_metafields(owner, source, current), t)
