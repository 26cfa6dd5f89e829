"""Catalog v3 options, option values, images and custom fields of one product."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from storebridge_shared.bigcommerce.api import as_object
from storebridge_shared.bigcommerce.models import (
    CustomField,
    Image,
    Option,
    OptionValue,
)

if TYPE_CHECKING:
    from storebridge_shared.bigcommerce.client import BigCommerceClient


def _product(product_id: int, part: str) -> str:
    return f"/catalog/products/{product_id}/{part}"


async def list_options(bc: BigCommerceClient, product_id: int) -> list[Option]:
    """The product's variant options, each with its `option_values`."""
    return Option.parse_all(await bc.v3.collect(_product(product_id, "options")))


async def create_option(bc: BigCommerceClient, product_id: int, body: Mapping[str, Any]) -> Option:
    """Create one option (display_name, type, option_values); creates no variants."""
    return Option.parse(as_object(await bc.v3.post(_product(product_id, "options"), dict(body))))


async def update_option(
    bc: BigCommerceClient, product_id: int, option_id: int, body: Mapping[str, Any]
) -> Option:
    """Partly update one option."""
    path = _product(product_id, f"options/{option_id}")
    return Option.parse(as_object(await bc.v3.put(path, dict(body))))


async def delete_option(bc: BigCommerceClient, product_id: int, option_id: int) -> None:
    """Delete one option."""
    await bc.v3.delete(_product(product_id, f"options/{option_id}"))


async def list_option_values(
    bc: BigCommerceClient, product_id: int, option_id: int
) -> list[OptionValue]:
    """Values of one option."""
    return OptionValue.parse_all(
        await bc.v3.collect(_product(product_id, f"options/{option_id}/values"))
    )


async def create_option_value(
    bc: BigCommerceClient, product_id: int, option_id: int, body: Mapping[str, Any]
) -> OptionValue:
    """Create one option value (label and sort_order required)."""
    path = _product(product_id, f"options/{option_id}/values")
    return OptionValue.parse(as_object(await bc.v3.post(path, dict(body))))


async def update_option_value(
    bc: BigCommerceClient, product_id: int, option_id: int, value_id: int, body: Mapping[str, Any]
) -> OptionValue:
    """Partly update one option value."""
    path = _product(product_id, f"options/{option_id}/values/{value_id}")
    return OptionValue.parse(as_object(await bc.v3.put(path, dict(body))))


async def delete_option_value(
    bc: BigCommerceClient, product_id: int, option_id: int, value_id: int
) -> None:
    """Delete one option value."""
    await bc.v3.delete(_product(product_id, f"options/{option_id}/values/{value_id}"))


async def list_images(bc: BigCommerceClient, product_id: int) -> list[Image]:
    """The product's images ([] when it has none: BigCommerce answers 204)."""
    return Image.parse_all(await bc.v3.collect(_product(product_id, "images")))


async def create_image(
    bc: BigCommerceClient, product_id: int, image_url: str, **fields: Any
) -> Image:
    """Add one image from a public URL; `fields` may set is_thumbnail, sort_order, description."""
    body = {**fields, "image_url": image_url}
    return Image.parse(as_object(await bc.v3.post(_product(product_id, "images"), body)))


async def update_image(
    bc: BigCommerceClient, product_id: int, image_id: int, body: Mapping[str, Any]
) -> Image:
    """Partly update one image (is_thumbnail, sort_order, description)."""
    path = _product(product_id, f"images/{image_id}")
    return Image.parse(as_object(await bc.v3.put(path, dict(body))))


async def delete_image(bc: BigCommerceClient, product_id: int, image_id: int) -> None:
    """Delete one image."""
    await bc.v3.delete(_product(product_id, f"images/{image_id}"))


async def list_custom_fields(bc: BigCommerceClient, product_id: int) -> list[CustomField]:
    """The product's custom fields ({id, name, value})."""
    return CustomField.parse_all(await bc.v3.collect(_product(product_id, "custom-fields")))


async def create_custom_field(
    bc: BigCommerceClient, product_id: int, name: str, value: str
) -> CustomField:
    """Add one custom field."""
    body = {"name": name, "value": value}
    return CustomField.parse(
        as_object(await bc.v3.post(_product(product_id, "custom-fields"), body))
    )


async def update_custom_field(
    bc: BigCommerceClient, product_id: int, field_id: int, body: Mapping[str, Any]
) -> CustomField:
    """Partly update one custom field."""
    path = _product(product_id, f"custom-fields/{field_id}")
    return CustomField.parse(as_object(await bc.v3.put(path, dict(body))))


async def delete_custom_field(bc: BigCommerceClient, product_id: int, field_id: int) -> None:
    """Delete one custom field."""
    await bc.v3.delete(_product(product_id, f"custom-fields/{field_id}"))
