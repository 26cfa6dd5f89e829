"""The parts of a catalog resource that have their own endpoints (pure names; paths elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Part(StrEnum):
    """A sub-resource kind: a product's variants, options... or a resource's metafields."""

    VARIANT = "variant"
    OPTION = "option"
    OPTION_VALUE = "option_value"
    MODIFIER = "modifier"
    MODIFIER_VALUE = "modifier_value"
    IMAGE = "image"
    VIDEO = "video"
    CUSTOM_FIELD = "custom_field"
    BULK_PRICING_RULE = "bulk_pricing_rule"
    METAFIELD = "metafield"


@dataclass(frozen=True)
class Owner:
    """Where a part lives: a product (and an option, modifier or variant of it), or a category
    or brand (metafields only). `parent` is the option or modifier of a value, or the variant of
    a variant metafield."""

    product: int = 0
    parent: int = 0
    category: int = 0
    brand: int = 0
