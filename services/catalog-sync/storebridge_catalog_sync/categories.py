"""One category in one destination: resolved by link or path, fields written when they differ."""

from __future__ import annotations

from storebridge_catalog_sync import records as resources
from storebridge_catalog_sync.context import Destination, delete_target
from storebridge_catalog_sync.linking import LinkKind
from storebridge_catalog_sync.mapping import changes, desired_category
from storebridge_catalog_sync.outcomes import DeletePolicy, DestinationResult, Status
from storebridge_catalog_sync.tally import Tally
from storebridge_catalog_sync.taxonomy import (
    ROOT,
    SourceReader,
    category_id,
    forget_taxonomy,
    refers_to_missing_taxonomy,
)
from storebridge_shared.bigcommerce import BigCommerceError, NotFound, ValidationFailed


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
        source = await reader.category(source_id)
    except NotFound:
        return await _deleted(dest, source_id, t)
    link = await dest.links.get(LinkKind.CATEGORY, source_id)
    current = None
    if link is not None:
        try:
            current = await t.read(resources.get_category(dest.client, link.destination_id))
        except NotFound:
            await dest.links.drop(LinkKind.CATEGORY, source_id)
    parent_source = int(source.get("parent_id") or ROOT)
    parent = await category_id(dest, reader, parent_source, t)
    if current is None:
        writes = t.writes
        target = await category_id(dest, reader, source_id, t)
        status = Status.CREATED if t.writes > writes else Status.UNCHANGED
        current = await t.read(resources.get_category(dest.client, target))
    else:
        status = Status.UNCHANGED
    diff = changes(current, desired_category(source, parent))
    if diff:
        await t.write(resources.update_category(dest.client, int(current["id"]), diff))
        status = Status.UPDATED if status is Status.UNCHANGED else status
    return DestinationResult(dest.name, status, destination_id=int(current["id"]))


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
        if current.get("is_visible") is not False:
            await t.write(resources.update_category(dest.client, target, {"is_visible": False}))
        return DestinationResult(dest.name, Status.DISABLED, "deleted in source", target)
    except NotFound:
        await dest.links.drop(LinkKind.CATEGORY, source_id)
        return DestinationResult(dest.name, Status.SKIPPED, "already gone from destination")
    except ValidationFailed as error:
        reason = f"cannot delete: {error}"[:500]
        return DestinationResult(dest.name, Status.SKIPPED, reason, target)
