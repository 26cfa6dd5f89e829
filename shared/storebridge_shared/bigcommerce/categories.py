"""Catalog v3 categories and brands of one store."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from storebridge_shared.bigcommerce.api import as_object
from storebridge_shared.bigcommerce.models import Brand, Category
from storebridge_shared.bigcommerce.params import ParamValue

if TYPE_CHECKING:
    from storebridge_shared.bigcommerce.client import BigCommerceClient


async def list_categories(
    bc: BigCommerceClient, filters: Mapping[str, ParamValue] | None = None
) -> list[Category]:
    """Categories matching `filters` (e.g. {"parent_id": 0}, {"name": "Mugs"}), all pages."""
    return Category.parse_all(await bc.v3.collect("/catalog/categories", filters))


async def get_category(bc: BigCommerceClient, category_id: int) -> Category:
    """One category."""
    return Category.parse(as_object(await bc.v3.get(f"/catalog/categories/{category_id}")))


async def create_category(bc: BigCommerceClient, body: Mapping[str, Any]) -> Category:
    """Create one category (name and parent_id required); 409 on a sibling with that name."""
    return Category.parse(as_object(await bc.v3.post("/catalog/categories", dict(body))))


async def update_category(
    bc: BigCommerceClient, category_id: int, body: Mapping[str, Any]
) -> Category:
    """Partly update one category."""
    return Category.parse(
        as_object(await bc.v3.put(f"/catalog/categories/{category_id}", dict(body)))
    )


async def delete_category(bc: BigCommerceClient, category_id: int) -> None:
    """Delete one category; 422 while it still holds products."""
    await bc.v3.delete(f"/catalog/categories/{category_id}")


async def list_brands(bc: BigCommerceClient, *, name: str | None = None) -> list[Brand]:
    """Brands, or the one with exactly this name."""
    return Brand.parse_all(await bc.v3.collect("/catalog/brands", {"name": name}))


async def create_brand(bc: BigCommerceClient, name: str, **fields: Any) -> Brand:
    """Create one brand; 409 when the name exists."""
    return Brand.parse(as_object(await bc.v3.post("/catalog/brands", {**fields, "name": name})))


async def get_brand(bc: BigCommerceClient, brand_id: int) -> Brand:
    """One brand."""
    return Brand.parse(as_object(await bc.v3.get(f"/catalog/brands/{brand_id}")))


async def update_brand(bc: BigCommerceClient, brand_id: int, body: Mapping[str, Any]) -> Brand:
    """Partly update one brand (a rename: 409 when another brand has the name)."""
    return Brand.parse(as_object(await bc.v3.put(f"/catalog/brands/{brand_id}", dict(body))))
