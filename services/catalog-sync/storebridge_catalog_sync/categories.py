"""One category in one destination: read, plan (`planning.category`), apply; or the delete
policy when A no longer has it."""

from __future__ import annotations

from storebridge_catalog_sync.context import Destination, delete_target
from storebridge_catalog_sync.linking import LinkKind
from storebridge_catalog_sync.outcomes import DeletePolicy, DestinationResult, Status
from storebridge_catalog_sync.planning.category import plan_categories
from storebridge_catalog_sync.planning.deletes import category_off
from storebridge_catalog_sync.tally import Tally
from storebridge_catalog_sync.taxonomy import (
    SourceReader,
    apply_categories,
    forget_taxonomy,
    read_tree,
    refers_to_missing_taxonomy,
)
from storebridge_shared.bigcommerce import BigCommerceError, NotFound, ValidationFailed, resources


async def sync_category_into(
    dest: Destination, reader: SourceReader, source_id: int, t: Tally
) -> DestinationResult:
    """Create the category (and missing parents) or bring its fields and parent in line."""
    try:
        return await _sync_once(dest, reader, source_id, t)
    except BigCommerceError as error:
        if not refers_to_missing_taxonomy(error):
            raise
    await forget_taxonomy(dest, reader, 0, [source_id])
    return await _sync_once(dest, reader, source_id, t)


async def _sync_once(
    dest: Destination, reader: SourceReader, source_id: int, t: Tally
) -> DestinationResult:
    try:
        await reader.category(source_id)
    except NotFound:
        return await _deleted(dest, source_id, t)
    chain = await reader.path(source_id)
    tree = await read_tree(dest, [chain], t, verify=[source_id])
    plan = plan_categories([chain], tree, copy_custom_url=dest.copy_custom_url)
    writes, notes = t.writes, list[str]()
    made = await apply_categories(dest, plan, t, notes)
    status = Status.UPDATED if t.writes > writes else Status.UNCHANGED
    if plan.created(source_id):
        status = Status.CREATED
    reason = "; ".join(dict.fromkeys(notes))
    return DestinationResult(dest.name, status, reason, destination_id=made[source_id])


async def _deleted(dest: Destination, source_id: int, t: Tally) -> DestinationResult:
    link = await dest.links.get(LinkKind.CATEGORY, source_id)
    target = delete_target(dest, link)
    if isinstance(target, DestinationResult):
        return target
    try:
        if dest.delete_policy is DeletePolicy.DELETE:
            await t.write(resources.delete_category(dest.client, target))
            await dest.links.drop(LinkKind.CATEGORY, source_id)
            return DestinationResult(dest.name, Status.DELETED, "deleted in source", target)
        current = await t.read(resources.get_category(dest.client, target))
        if off := category_off(current):
            await t.write(resources.update_category(dest.client, target, off))
        return DestinationResult(dest.name, Status.DISABLED, "deleted in source", target)
    except NotFound:
        await dest.links.drop(LinkKind.CATEGORY, source_id)
        return DestinationResult(dest.name, Status.SKIPPED, "already gone from destination")
    except ValidationFailed as error:
        reason = f"cannot delete: {error}"[:500]
        return DestinationResult(dest.name, Status.SKIPPED, reason, target)
