"""Typed BigCommerce records, parsed once at the client edge (frozen pydantic models)."""

from storebridge_shared.bigcommerce.models.base import ApiRecord
from storebridge_shared.bigcommerce.models.catalog import (
    Brand,
    BulkPricingRule,
    Category,
    ChannelAssignment,
    ChannelListing,
    CustomField,
    CustomUrl,
    Image,
    Metafield,
    Modifier,
    ModifierValue,
    Option,
    OptionValue,
    Product,
    Variant,
    VariantOptionValue,
    Video,
)
from storebridge_shared.bigcommerce.models.hooks import Hook
from storebridge_shared.bigcommerce.models.orders import (
    Order,
    OrderCoupon,
    OrderProduct,
    ShippingAddress,
)
from storebridge_shared.bigcommerce.models.parts import Owner, Part

__all__ = [
    "ApiRecord",
    "Brand",
    "BulkPricingRule",
    "Category",
    "ChannelAssignment",
    "ChannelListing",
    "CustomField",
    "CustomUrl",
    "Hook",
    "Image",
    "Metafield",
    "Modifier",
    "ModifierValue",
    "Option",
    "OptionValue",
    "Order",
    "OrderCoupon",
    "OrderProduct",
    "Owner",
    "Part",
    "Product",
    "ShippingAddress",
    "Variant",
    "VariantOptionValue",
    "Video",
]
