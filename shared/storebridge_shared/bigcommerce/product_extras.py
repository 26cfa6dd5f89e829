"""Catalog v3 bulk pricing rules and videos of one product (read with the product's `include`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from storebridge_shared.bigcommerce.api import as_object
from storebridge_shared.bigcommerce.models import BulkPricingRule, Video

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
