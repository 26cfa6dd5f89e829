"""What of a source product is copied to a destination, and what differs (pure: no I/O).

Copied: every field a merchant edits (COPIED_FIELDS). Never copied: store-local ids and
computed or dated fields (LOCAL_FIELDS). Brand and categories are copied as destination ids the
caller resolved (by brand name and category path). Stock levels are store-local: they are set when
a product or variant is created in a destination and never overwritten afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from storebridge_shared.bigcommerce.models import CustomField, CustomUrl

COPIED_FIELDS: tuple[str, ...] = (
    "name",
    "type",
    "sku",
    "description",
    "weight",
    "width",
    "depth",
    "height",
    "price",
    "cost_price",
    "retail_price",
    "sale_price",
    "map_price",
    "product_tax_code",
    "inventory_warning_level",
    "inventory_tracking",
    "fixed_cost_shipping_price",
    "is_free_shipping",
    "is_visible",
    "is_featured",
    "warranty",
    "bin_picking_number",
    "layout_file",
    "upc",
    "mpn",
    "gtin",
    "search_keywords",
    "availability",
    "availability_description",
    "gift_wrapping_options_type",
    "gift_wrapping_options_list",
    "sort_order",
    "condition",
    "is_condition_shown",
    "order_quantity_minimum",
    "order_quantity_maximum",
    "page_title",
    "meta_keywords",
    "meta_description",
    "preorder_release_date",
    "preorder_message",
    "is_preorder_only",
    "is_price_hidden",
    "price_hidden_label",
    "open_graph_type",
    "open_graph_title",
    "open_graph_description",
    "open_graph_use_meta_description",
    "open_graph_use_product_name",
    "open_graph_use_image",
)
"""Product fields copied as they are."""

CREATE_ONLY_FIELDS: tuple[str, ...] = ("inventory_level",)
"""Copied when the destination product is created, then left to the destination (its stock)."""

LOCAL_FIELDS: frozenset[str] = frozenset(
    {
        "id",
        "brand_id",
        "categories",
        "related_products",
        "tax_class_id",
        "option_set_id",
        "option_set_display",
        "base_variant_id",
        "calculated_price",
        "date_created",
        "date_modified",
        "date_last_imported",
        "reviews_rating_sum",
        "reviews_count",
        "total_sold",
        "view_count",
        "custom_url",
        "inventory_level",
        "variants",
        "images",
        "custom_fields",
        "options",
        "primary_image",
        "modifiers",
        "bulk_pricing_rules",
        "videos",
    }
)
"""Never copied verbatim: ids that mean something else in another store, computed or dated."""

VARIANT_FIELDS: tuple[str, ...] = (
    "sku",
    "price",
    "sale_price",
    "retail_price",
    "map_price",
    "cost_price",
    "weight",
    "width",
    "height",
    "depth",
    "is_free_shipping",
    "fixed_cost_shipping_price",
    "purchasing_disabled",
    "purchasing_disabled_message",
    "upc",
    "mpn",
    "gtin",
    "inventory_warning_level",
    "bin_picking_number",
)
"""Variant fields copied as they are (inventory_level only on create)."""

IMAGE_FIELDS: tuple[str, ...] = ("is_thumbnail", "sort_order", "description")
"""Image fields kept equal once an image is matched."""

CATEGORY_FIELDS: tuple[str, ...] = (
    "name",
    "description",
    "sort_order",
    "page_title",
    "meta_keywords",
    "meta_description",
    "search_keywords",
    "is_visible",
    "default_product_sort",
    "layout_file",
)
"""Category fields copied (parent_id is resolved by path)."""


UNASSIGNED = "unassigned"
"""The channel state of a product not assigned to the channel (not sellable there)."""


def channel_state(assigned: bool, listing_states: Sequence[str]) -> str:
    """A product's state on a destination's channel of A for the channel rule: `unassigned`
    when it is not assigned to the channel (BigCommerce sells a product only on the channels it
    is assigned to); else `active` when any of its listings there is, or when it has none (a
    storefront channel has no listings); else its first listing's state."""
    if not assigned:
        return UNASSIGNED
    if not listing_states or "active" in listing_states:
        return "active"
    return listing_states[0]


def availability(source: Mapping[str, Any], listing_state: str | None, rule: bool) -> str:
    """The channel rule: with a channel, assigned and active there (`channel_state`) ->
    available, else disabled."""
    if not rule:
        return str(source.get("availability", "available"))
    return "available" if listing_state == "active" else "disabled"


def desired_product(
    source: Mapping[str, Any],
    *,
    brand_id: int,
    category_ids: Sequence[int],
    listing_state: str | None = None,
    channel_rule: bool = False,
) -> dict[str, Any]:
    """The destination product wanted for `source` (without images, variants, custom fields)."""
    desired = {field: source[field] for field in COPIED_FIELDS if field in source}
    desired["availability"] = availability(source, listing_state, channel_rule)
    desired["brand_id"] = brand_id
    desired["categories"] = sorted(int(c) for c in category_ids)
    return desired


def create_payload(source: Mapping[str, Any], desired: Mapping[str, Any]) -> dict[str, Any]:
    """The body creating the product in a destination: desired fields plus the initial stock."""
    extra = {field: source[field] for field in CREATE_ONLY_FIELDS if field in source}
    return {**desired, **extra}


def _same(current: Any, wanted: Any) -> bool:
    if isinstance(current, bool) or isinstance(wanted, bool):
        return current is wanted
    if isinstance(current, int | float) and isinstance(wanted, int | float):
        return float(current) == float(wanted)
    both_lists = isinstance(current, list) and isinstance(wanted, list)
    if both_lists and all(isinstance(v, int) for v in (*current, *wanted)):
        return sorted(current) == sorted(wanted)
    return bool(current == wanted)


def changes(current: Mapping[str, Any], desired: Mapping[str, Any]) -> dict[str, Any]:
    """Only the desired fields whose value differs in `current` (empty: nothing to write)."""
    return {k: v for k, v in desired.items() if k not in current or not _same(current[k], v)}


def product_changes(current_dest: Mapping[str, Any], desired: Mapping[str, Any]) -> dict[str, Any]:
    """The product fields to write to bring `current_dest` to `desired` (empty = no write)."""
    return changes(current_dest, desired)


def desired_variant(source_variant: Mapping[str, Any]) -> dict[str, Any]:
    """The copied fields of one source variant."""
    return {f: source_variant[f] for f in VARIANT_FIELDS if f in source_variant}


def desired_image(source_image: Mapping[str, Any]) -> dict[str, Any]:
    """The kept fields of one image."""
    return {f: source_image[f] for f in IMAGE_FIELDS if f in source_image}


def desired_category(source: Mapping[str, Any], parent_id: int) -> dict[str, Any]:
    """The destination category wanted for `source` under the resolved parent."""
    desired = {f: source[f] for f in CATEGORY_FIELDS if f in source}
    desired["parent_id"] = parent_id
    return desired


def custom_field_plan(
    current: Sequence[CustomField], wanted: Sequence[CustomField]
) -> tuple[list[dict[str, Any]], list[tuple[int, str]], list[int]]:
    """(to create [{name, value}], to update [(id, value)], to delete [id]) matched by name."""
    by_name: dict[str, list[CustomField]] = {}
    for field in current:
        by_name.setdefault(field.name, []).append(field)
    create: list[dict[str, Any]] = []
    update: list[tuple[int, str]] = []
    for field in wanted:
        pool = by_name.get(field.name) or []
        exact = next((c for c in pool if c.value == field.value), None)
        match = exact or (pool[0] if pool else None)
        if match is None:
            create.append({"name": field.name, "value": field.value})
            continue
        pool.remove(match)
        if match.value != field.value:
            update.append((match.id, field.value))
    delete = [f.id for pool in by_name.values() for f in pool]
    return create, update, delete


def copied_url(url: CustomUrl | None) -> dict[str, Any] | None:
    """A's storefront URL as B takes it (`CATALOG_CUSTOM_URL=copy`); None when A has none."""
    if url is None or not url.url:
        return None
    return {"url": url.url, "is_customized": url.is_customized}
