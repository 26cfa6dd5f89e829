"""Catalog records of BigCommerce v3: products and every part of them, brands, categories.

Parsed once at the client edge (`resources` returns these); field names are the API's. Lists are
tuples so a record stays immutable. Fields no caller needs typed (prices, SEO text, ...) are kept
as extra fields: `record.get("price")`, `record.data()`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from storebridge_shared.bigcommerce.models.base import ApiRecord


def _zero_if_none(value: Any) -> Any:
    return 0 if value is None else value


def _text_if_none(value: Any) -> Any:
    return "" if value is None else value


Id = Annotated[int, BeforeValidator(_zero_if_none)]
"""An id that BigCommerce answers as null when unset (no brand, top-level parent): 0."""
Text = Annotated[str, BeforeValidator(_text_if_none)]
"""A string BigCommerce may answer as null: ""."""


class CustomUrl(ApiRecord):
    """A storefront URL of a product, category or brand."""

    url: Text = ""
    is_customized: bool = False


class OptionValue(ApiRecord):
    """One value of a variant option (`Red` of `Color`)."""

    id: Id = 0
    label: Text = ""
    sort_order: int = 0
    is_default: bool = False
    value_data: dict[str, Any] | None = None


class Option(ApiRecord):
    """A variant option of a product, with its values."""

    id: Id = 0
    product_id: Id = 0
    display_name: Text = ""
    type: Text = ""
    sort_order: int = 0
    config: dict[str, Any] = Field(default_factory=dict)
    option_values: tuple[OptionValue, ...] = ()


class VariantOptionValue(ApiRecord):
    """One option value a variant is made of."""

    id: Id = 0
    option_id: Id = 0
    option_display_name: Text = ""
    label: Text = ""


class Variant(ApiRecord):
    """A purchasable variant (the base variant has no option values)."""

    id: Id = 0
    product_id: Id = 0
    sku: Text = ""
    sku_id: int | None = None
    option_values: tuple[VariantOptionValue, ...] = ()
    image_url: Text = ""
    inventory_level: int | None = None


class ModifierValue(ApiRecord):
    """One value of a modifier, with its adjusters (price, weight, image, purchasing)."""

    id: Id = 0
    option_id: Id = 0
    label: Text = ""
    sort_order: int = 0
    is_default: bool = False
    value_data: dict[str, Any] | None = None
    adjusters: dict[str, Any] = Field(default_factory=dict)


class Modifier(ApiRecord):
    """A modifier (a shopper's choice that makes no variant: text, checkbox, dropdown...)."""

    id: Id = 0
    product_id: Id = 0
    display_name: Text = ""
    type: Text = ""
    required: bool = False
    sort_order: int = 0
    config: dict[str, Any] = Field(default_factory=dict)
    option_values: tuple[ModifierValue, ...] = ()


class Image(ApiRecord):
    """A product image; `image_url` is the URL it was made from."""

    id: Id = 0
    product_id: Id = 0
    image_url: Text = ""
    is_thumbnail: bool = False
    sort_order: int = 0
    description: Text = ""
    url_zoom: Text = ""

    @property
    def source_url(self) -> str:
        """The URL to copy the image from: the one it was made from, else its largest size."""
        return self.image_url or self.url_zoom


class Video(ApiRecord):
    """A product video (a YouTube id)."""

    id: Id = 0
    product_id: Id = 0
    video_id: Text = ""
    type: Text = "youtube"
    title: Text = ""
    description: Text = ""
    sort_order: int = 0


class CustomField(ApiRecord):
    """A product custom field."""

    id: Id = 0
    name: Text = ""
    value: Text = ""


class BulkPricingRule(ApiRecord):
    """A quantity-break price rule (`quantity_max` 0: no upper bound)."""

    id: Id = 0
    quantity_min: int = 0
    quantity_max: int = 0
    type: Text = ""
    amount: float = 0.0


class Metafield(ApiRecord):
    """A metafield of a product, variant, category or brand, owned by one API client."""

    id: Id = 0
    namespace: Text = ""
    key: Text = ""
    value: Text = ""
    permission_set: Text = ""
    description: Text = ""
    resource_type: Text = ""
    resource_id: Id = 0
    owner_client_id: Text = ""


class Product(ApiRecord):
    """A product with the sub-resources its read included (empty tuples otherwise)."""

    id: Id = 0
    name: Text = ""
    sku: Text = ""
    type: Text = "physical"
    brand_id: Id = 0
    categories: tuple[int, ...] = ()
    inventory_level: int | None = None
    inventory_tracking: Text = "none"
    custom_url: CustomUrl | None = None
    date_modified: str | None = None
    base_variant_id: int | None = None
    """The variant a product without options has (read-only; null for a product with variants)."""
    variants: tuple[Variant, ...] = ()
    images: tuple[Image, ...] = ()
    custom_fields: tuple[CustomField, ...] = ()
    options: tuple[Option, ...] = ()
    modifiers: tuple[Modifier, ...] = ()
    bulk_pricing_rules: tuple[BulkPricingRule, ...] = ()
    videos: tuple[Video, ...] = ()

    @property
    def option_variants(self) -> tuple[Variant, ...]:
        """The variants built from option values (never the base variant)."""
        return tuple(v for v in self.variants if v.option_values)


class Brand(ApiRecord):
    """A brand."""

    id: Id = 0
    name: Text = ""
    image_url: Text = ""
    custom_url: CustomUrl | None = None


class Category(ApiRecord):
    """A category of the default tree (`parent_id` 0: top level)."""

    id: Id = 0
    parent_id: Id = 0
    name: Text = ""
    is_visible: bool = True
    image_url: Text = ""
    custom_url: CustomUrl | None = None


class ChannelListing(ApiRecord):
    """A product's listing on a channel (its `state` there: active, disabled...)."""

    listing_id: Id = 0
    channel_id: Id = 0
    product_id: Id = 0
    state: Text = ""


class ChannelAssignment(ApiRecord):
    """A product assigned to a channel (sellable there)."""

    product_id: Id = 0
    channel_id: Id = 0
