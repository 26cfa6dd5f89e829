"""The one planner of a product's writes: (A snapshot, B snapshot, rules) -> ordered `WritePlan`.

Pure. Order, so that no step collides with B's uniqueness rules (a SKU is unique store-wide, an
option combination once per product): product fields and custom fields; images (added, removed,
updated in place, never re-created); options and values A has that B lacks; variants whose
combination A no longer has deleted (freeing their SKUs); variant updates ordered so a SKU is
taken only once its holder gave it up, a cycle (a swap) broken by parking one SKU on a spare
value; new variants; options and values A no longer has removed last; then modifiers
(`modifiers.py`), bulk pricing rules and videos (`extras.py`).
"""

from __future__ import annotations

from typing import Any

from storebridge_catalog_sync.linking import Link, LinkKind
from storebridge_catalog_sync.mapping import (
    changes,
    create_payload,
    custom_field_plan,
    desired_image,
    desired_product,
    desired_variant,
)
from storebridge_catalog_sync.planning.extras import (
    bulk_pricing_steps,
    create_body_extras,
    video_steps,
)
from storebridge_catalog_sync.planning.matching import (
    by_combination,
    fold,
    match_images,
    option_named,
    value_labelled,
)
from storebridge_catalog_sync.planning.modifiers import modifier_steps
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules, SourceSnapshot
from storebridge_catalog_sync.planning.steps import (
    CreateCustomField,
    CreateImage,
    CreateOption,
    CreateOptionValue,
    CreateProduct,
    CreateVariant,
    DeleteCustomField,
    DeleteImage,
    DeleteOption,
    DeleteOptionValue,
    DeleteVariant,
    Step,
    UpdateCustomField,
    UpdateImage,
    UpdateProduct,
    WritePlan,
)
from storebridge_catalog_sync.planning.variant_order import ordered_updates
from storebridge_shared.bigcommerce.models import Product, Variant


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
    url = a.product.custom_url
    if rules.copy_custom_url and url is not None and url.url:
        desired["custom_url"] = {"url": url.url, "is_customized": url.is_customized}
    if _mirrors(rules, a.product, "product") and a.product.inventory_level is not None:
        desired["inventory_level"] = a.product.inventory_level
    return desired


def _mirrors(rules: Rules, source: Product, tracking: str) -> bool:
    """True when A's stock at this level (product or variant) is copied to B."""
    return rules.mirror_inventory and source.inventory_tracking == tracking


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
    steps += _variants(a.product, current, b, rules)
    steps += modifier_steps(a.product, current)
    steps += bulk_pricing_steps(a.product, current)
    steps += video_steps(a.product, current)
    return WritePlan(current.id, tuple(steps))


def _create(source: Product, desired: dict[str, Any]) -> CreateProduct:
    body = create_payload(source.sent(), desired)
    body["images"] = [{**desired_image(i.sent()), "image_url": i.source_url} for i in source.images]
    body["custom_fields"] = [{"name": f.name, "value": f.value} for f in source.custom_fields]
    body.update(create_body_extras(source))
    return CreateProduct(body, source.id, source.sku)


def _custom_fields(source: Product, current: Product) -> list[Step]:
    def rows(product: Product) -> list[dict[str, Any]]:
        return [{"id": f.id, "name": f.name, "value": f.value} for f in product.custom_fields]

    create, update, delete = custom_field_plan(rows(current), rows(source))
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


def _variants(
    source: Product, current: Product, b: DestinationSnapshot, rules: Rules
) -> list[Step]:
    wanted, have = by_combination(source.variants), by_combination(current.variants)
    if not wanted and not have:
        return []
    steps: list[Step] = _missing_options(source, current)
    gone = [v for key, v in have.items() if key not in wanted]
    steps += [DeleteVariant(v.id, v.sku) for v in gone]
    stock = _mirrors(rules, source, "variant")
    updates = {
        have[key].id: changes(have[key].sent(), _desired_variant(variant, stock))
        for key, variant in wanted.items()
        if key in have
    }
    kept = [v for key, v in have.items() if key in wanted]
    steps += ordered_updates(kept, updates)
    for key, variant in wanted.items():
        target = have.get(key)
        if target is None:
            values = tuple((v.option_display_name, v.label) for v in variant.option_values)
            fields = desired_variant(variant.sent())
            if variant.inventory_level is not None:
                fields["inventory_level"] = variant.inventory_level
            steps.append(CreateVariant(variant.id, values, fields))
        elif b.variant_links.get(variant.id) != (target.id, variant.sku):
            steps.append(Link(LinkKind.VARIANT, variant.id, target.id, variant.sku))
    return steps + _unused_options(source, current)


def _desired_variant(variant: Variant, stock: bool) -> dict[str, Any]:
    fields = desired_variant(variant.sent())
    if stock and variant.inventory_level is not None:
        fields["inventory_level"] = variant.inventory_level
    return fields


def _value_body(label: str, sort_order: int, value_data: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"label": label, "sort_order": sort_order}
    if value_data:
        body["value_data"] = value_data
    return body


def _missing_options(source: Product, current: Product) -> list[Step]:
    steps: list[Step] = []
    for option in source.options:
        values = [_value_body(v.label, v.sort_order, v.value_data) for v in option.option_values]
        target = option_named(current.options, option.display_name)
        if target is None:
            steps.append(CreateOption(option.display_name, option.type, tuple(values)))
            continue
        for value in values:
            if value_labelled(target, value["label"]) is None:
                steps.append(CreateOptionValue(option.display_name, value))
    return steps


def _unused_options(source: Product, current: Product) -> list[Step]:
    steps: list[Step] = []
    for option in current.options:
        wanted = option_named(source.options, option.display_name)
        if wanted is None:
            steps.append(DeleteOption(option.id))
            continue
        labels = {fold(v.label) for v in wanted.option_values}
        steps += [
            DeleteOptionValue(option.id, v.id)
            for v in option.option_values
            if fold(v.label) not in labels
        ]
    return steps
