"""Images of one destination product made to mirror the source: add, update, remove; no re-create.

Matching, in order: the image link (source image id -> destination image id, with the source
URL it was made from), then a destination image whose `image_url` is the source URL (BigCommerce
echoes the URL an image was created from). A link whose URL no longer matches is stale.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import Any

from storebridge_catalog_sync import records as resources
from storebridge_catalog_sync.context import Destination
from storebridge_catalog_sync.linking import LinkKind
from storebridge_catalog_sync.mapping import changes, desired_image, source_url
from storebridge_catalog_sync.tally import Tally
from storebridge_shared.bigcommerce import NotFound


async def sync_images(
    dest: Destination,
    product_id: int,
    wanted: Sequence[Mapping[str, Any]],
    current: Sequence[Mapping[str, Any]],
    t: Tally,
) -> None:
    """Bring the destination product's images to `wanted` (the source images)."""
    links = await dest.links.many(LinkKind.IMAGE, [int(i["id"]) for i in wanted])
    by_id = {int(i["id"]): i for i in current}
    used: set[int] = set()
    matched: list[tuple[Mapping[str, Any], Mapping[str, Any]]] = []
    unmatched: list[Mapping[str, Any]] = []
    for image in wanted:
        link = links.get(int(image["id"]))
        target = by_id.get(link.destination_id) if link is not None else None
        if target is not None and link is not None and link.key == source_url(image):
            used.add(int(target["id"]))
            matched.append((image, target))
        else:
            unmatched.append(image)
    for image in unmatched:
        url = source_url(image)
        target = next(
            (c for c in current if int(c["id"]) not in used and c.get("image_url") == url), None
        )
        if target is None:
            body = desired_image(image)
            target = await t.write(resources.create_image(dest.client, product_id, url, **body))
        else:
            matched.append((image, target))
        used.add(int(target["id"]))
        await dest.links.put(LinkKind.IMAGE, int(image["id"]), int(target["id"]), url)
    for extra in (c for c in current if int(c["id"]) not in used):
        await _delete(dest, product_id, int(extra["id"]), t)
    for image, target in matched:
        diff = changes(target, desired_image(image))
        if diff.get("is_thumbnail") is False:
            diff.pop("is_thumbnail")  # another image becoming the thumbnail clears this one
        if diff:
            await t.write(resources.update_image(dest.client, product_id, int(target["id"]), diff))


async def _delete(dest: Destination, product_id: int, image_id: int, t: Tally) -> None:
    with contextlib.suppress(NotFound):
        await t.write(resources.delete_image(dest.client, product_id, image_id))
