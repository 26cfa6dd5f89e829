"""Catalog v3 bulk pricing rules, videos and modifiers of one product (all read with the product's
`include`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from storebridge_shared.bigcommerce.api import as_object
from storebridge_shared.bigcommerce.models import BulkPricingRule, Modifier, ModifierValue, Video

if TYPE_CHECKING:
    from storebridge_shared.bigcommerce.client import BigCommerceClient


def _product(product_id: int, part: str) -> str:
    return f"/catalog/products/{product_id}/{part}"


async def create_bulk_pricing_rule(
    bc: BigCommerceClient, product_id: int, body: Mapping[str, Any]
) -> BulkPricingRule:
    """Add one rule (quantity_min, quantity_max, type, amount); 409 when it overlaps another."""
    path = _product(product_id, "bulk-pricing-rules")
    return BulkPricingRule.parse(as_object(await bc.v3.post(path, dict(body))))


async def update_bulk_pricing_rule(
    bc: BigCommerceClient, product_id: int, rule_id: int, body: Mapping[str, Any]
) -> BulkPricingRule:
    """Partly update one rule."""
    path = _product(product_id, f"bulk-pricing-rules/{rule_id}")
    return BulkPricingRule.parse(as_object(await bc.v3.put(path, dict(body))))


async def delete_bulk_pricing_rule(bc: BigCommerceClient, product_id: int, rule_id: int) -> None:
    """Delete one rule."""
    await bc.v3.delete(_product(product_id, f"bulk-pricing-rules/{rule_id}"))


async def create_video(bc: BigCommerceClient, product_id: int, body: Mapping[str, Any]) -> Video:
    """Add one video (video_id: a YouTube id; title, description, sort_order, type)."""
    return Video.parse(as_object(await bc.v3.post(_product(product_id, "videos"), dict(body))))


async def update_video(
    bc: BigCommerceClient, product_id: int, video_id: int, body: Mapping[str, Any]
) -> Video:
    """Partly update one video (title, description, sort_order)."""
    path = _product(product_id, f"videos/{video_id}")
    return Video.parse(as_object(await bc.v3.put(path, dict(body))))


async def delete_video(bc: BigCommerceClient, product_id: int, video_id: int) -> None:
    """Delete one video."""
    await bc.v3.delete(_product(product_id, f"videos/{video_id}"))


async def create_modifier(
    bc: BigCommerceClient, product_id: int, body: Mapping[str, Any]
) -> Modifier:
    """Create one modifier (display_name, type, required; values for list types; a checkbox
    makes its own Yes/No values)."""
    path = _product(product_id, "modifiers")
    return Modifier.parse(as_object(await bc.v3.post(path, dict(body))))


async def update_modifier(
    bc: BigCommerceClient, product_id: int, modifier_id: int, body: Mapping[str, Any]
) -> Modifier:
    """Partly update one modifier."""
    path = _product(product_id, f"modifiers/{modifier_id}")
    return Modifier.parse(as_object(await bc.v3.put(path, dict(body))))


async def delete_modifier(bc: BigCommerceClient, product_id: int, modifier_id: int) -> None:
    """Delete one modifier with its values."""
    await bc.v3.delete(_product(product_id, f"modifiers/{modifier_id}"))


async def create_modifier_value(
    bc: BigCommerceClient, product_id: int, modifier_id: int, body: Mapping[str, Any]
) -> ModifierValue:
    """Add one value (label, sort_order; value_data, is_default, adjusters) to a modifier."""
    path = _product(product_id, f"modifiers/{modifier_id}/values")
    return ModifierValue.parse(as_object(await bc.v3.post(path, dict(body))))


async def update_modifier_value(
    bc: BigCommerceClient, product_id: int, modifier_id: int, value_id: int, body: Mapping[str, Any]
) -> ModifierValue:
    """Partly update one modifier value (adjusters merge field by field)."""
    path = _product(product_id, f"modifiers/{modifier_id}/values/{value_id}")
    return ModifierValue.parse(as_object(await bc.v3.put(path, dict(body))))


async def delete_modifier_value(
    bc: BigCommerceClient, product_id: int, modifier_id: int, value_id: int
) -> None:
    """Delete one modifier value."""
    await bc.v3.delete(_product(product_id, f"modifiers/{modifier_id}/values/{value_id}"))
