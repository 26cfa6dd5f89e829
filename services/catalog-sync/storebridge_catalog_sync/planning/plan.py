"""The one planner of a product's writes: (A snapshot, B snapshot, rules) -> ordered `WritePlan`.

Pure. Order, so that no step collides with B's uniqueness rules (a SKU is unique store-wide, an
option combination once per product): product fields and custom fields; images (added, removed,
updated in place, never re-created); options and variants (`variants.py`): options and values
A has that B lacks; variants whose
combination A no longer has deleted (freeing their SKUs); variant updates ordered so a SKU is
taken only once its holder gave it up, a cycle (a swap) broken by parking one SKU on a spare
value; new variants; options and values A no longer has removed last; then modifiers
(`modifiers.py`), bulk pricing rules and videos (`extras.py`), and last the product's and its
variants' metafields (`metafields.py`, a new variant's once it exists).
"""

from __future__ import annotations

from typing import Any

from storebridge_catalog_sync.linking import Link, LinkKind
from storebridge_catalog_sync.mapping import (
    changes,
    copied_url,
    create_payload,
    custom_field_plan,
    desired_image,
    desired_product,
)
from storebridge_catalog_sync.planning.extras import (
    bulk_pricing_steps,
    create_body_extras,
    video_steps,
)
from storebridge_catalog_sync.planning.matching import (
    match_images,
)
from storebridge_catalog_sync.planning.metafields import product_metafield_steps
from storebridge_catalog_sync.planning.modifiers import modifier_steps
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.planning.steps import (
    CreateCustomField,
    CreateImage,
    CreateProduct,
    DeleteCustomField,
    DeleteImage,
    Step,
    UpdateCustomField,
    UpdateImage,
    UpdateProduct,
    WritePlan,
)
from storebridge_catalog_sync.planning.variants import variant_steps
from storebridge_shared.bigcommerce.models import Product


def desired_fields(a: SourceSnapshot, b: DestinationSnapshot, rules: Rules) -> dict[str, Any]:
    """B's product fields wanted for A's product (brand and categories as B's ids; A's
    storefront URL when the destination copies it)."""
    desired = desired_product(
        a.product.sent(),
        brand_id=b.brand_id,
        category_ids=b.category_ids,
        listing_state=a.listing_state,
        channel_rule=rules.channel_rule,
    )
    url = copied_url(a.product.custom_url) if rules.copy_custom_url else None
    if url is not None:
        desired["custom_url"] = url
    if rules.mirrors(a.product, "product") and a.product.inventory_level is not None:
        desired["inventory_level"] = a.product.inventory_level
    return desired


def plan_product(a: SourceSnapshot, b: DestinationSnapshot, rules: Rules) -> WritePlan:
    """The writes that make B's product equal to A's (`CreateProduct` alone when B has none:
    its variants and options are planned from B's product once it exists)."""
    desired = desired_fields(a, b, rules)
    if b.product is None:
        return WritePlan(0, (_create(a.product, desired),))
    current = b.product
    steps: list[Step] = []
    diff = changes(current.sent(), desired)
    if diff:
        steps.append(UpdateProduct(diff))
    steps += _custom_fields(a.product, current)
    steps += _images(a.product, current, b)
    steps += variant_steps(a.product, current, b, rules)
    steps += modifier_steps(a.product, current)
    steps += bulk_pricing_steps(a.product, current)
    steps += video_steps(a.product, current)
    if a.metafields is not None:
        steps += product_metafield_steps(a.product, a.metafields, current, b.metafields)
    return WritePlan(current.id, tuple(steps))


def _create(source: Product, desired: dict[str, Any]) -> CreateProduct:
    body = create_payload(source.sent(), desired)
    body["images"] = [{**desired_image(i.sent()), "image_url": i.source_url} for i in source.images]
    body["custom_fields"] = [{"name": f.name, "value": f.value} for f in source.custom_fields]
    body.update(create_body_extras(source))
    return CreateProduct(body, source.id, source.sku)


def _custom_fields(source: Product, current: Product) -> list[Step]:
    create, update, delete = custom_field_plan(current.custom_fields, source.custom_fields)
    steps: list[Step] = [CreateCustomField(f["name"], f["value"]) for f in create]
    steps += [UpdateCustomField(field_id, value) for field_id, value in update]
    return steps + [DeleteCustomField(field_id) for field_id in delete]


def _images(source: Product, current: Product, b: DestinationSnapshot) -> list[Step]:
    matched, missing, extra = match_images(source.images, current.images, b.image_links)
    steps: list[Step] = [CreateImage(i.id, i.source_url, desired_image(i.sent())) for i in missing]
    steps += [DeleteImage(i.id) for i in extra]
    for image, target in matched:
        if b.image_links.get(image.id) != (target.id, image.source_url):
            steps.append(Link(LinkKind.IMAGE, image.id, target.id, image.source_url))
        diff = changes(target.sent(), desired_image(image.sent()))
        if diff.get("is_thumbnail") is False:
            diff.pop("is_thumbnail")  # another image becoming the thumbnail clears this one
        if diff:
            steps.append(UpdateImage(target.id, diff))
    return steps
