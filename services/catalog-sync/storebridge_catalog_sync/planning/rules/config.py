"""A destination's rules as written in the destinations file (`rules:`) or `STORE_B_RULES`.

Validated once at start-up (pydantic): a bad rule stops the process with one line naming the
destination and the rule (`destinations.rules_error`). Every rule is optional; no rules means
a full copy, as before.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from storebridge_catalog_sync.mapping import COPIED_FIELDS, VARIANT_FIELDS

FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "seo": (
        "page_title",
        "meta_keywords",
        "meta_description",
        "search_keywords",
        *(f for f in COPIED_FIELDS if f.startswith("open_graph_")),
    ),
    "prices": (
        "price",
        "sale_price",
        "retail_price",
        "cost_price",
        "map_price",
        "bulk_pricing_rules",
    ),
    "dimensions": ("weight", "width", "depth", "height"),
}
"""Names that stand for several fields in `fields.copy` / `fields.leave_alone` (the product's
and its variants' fields of those names)."""

PARTS = (
    "custom_fields",
    "images",
    "videos",
    "bulk_pricing_rules",
    "modifiers",
    "variants",
    "metafields",
)
"""Parts of a product a `fields` rule may leave alone (all their writes): `variants` is the
options, their values and the variants; `images` includes the variants' images; `metafields`
the product's and its variants'."""

OWNABLE_FIELDS: frozenset[str] = frozenset(
    {
        *COPIED_FIELDS,
        *PARTS,
        *VARIANT_FIELDS,
        "custom_url",
        "inventory_level",
        "brand_id",
        "categories",
    }
)
"""Product and variant fields and parts a `fields` rule may name (besides the groups)."""

PriceField = Literal["price", "sale_price", "retail_price", "cost_price", "map_price"]
PRICE_FIELDS: tuple[PriceField, ...] = ("price", "sale_price", "retail_price", "cost_price")
"""The product and variant prices a `prices` rule changes by default."""


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Rule):
    """One test of a product; every key given must hold (at least one key)."""

    category: str | None = Field(default=None, min_length=1)
    """A category path in A, `Shoes/Running`: the product is in it or below it."""
    brand: str | None = Field(default=None, min_length=1)
    """A's brand name (case-insensitive)."""
    sku: str | None = Field(default=None, min_length=1)
    """A shell pattern on the SKU (`B2B-*`, case-insensitive)."""
    custom_field: dict[str, str] | None = None
    """`{name: value}`: the product has each custom field with that value."""
    metafield: dict[str, str] | None = None
    """`{"namespace.key": value}`: the product has each metafield with that value."""
    type: Literal["physical", "digital"] | None = None
    """The product type."""

    @model_validator(mode="after")
    def _not_empty(self) -> Condition:
        if not self.model_fields_set:
            raise ValueError(
                "a condition needs at least one of " + ", ".join(Condition.model_fields)
            )
        return self

    @field_validator("metafield")
    @classmethod
    def _namespaced(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        for key in value or {}:
            if "." not in key.strip("."):
                raise ValueError(f"metafield {key!r}: write it as namespace.key")
        return value


class ScopeRule(_Rule):
    """Which products the destination gets: any `include` (none: all), and no `exclude`."""

    include: tuple[Condition, ...] = ()
    exclude: tuple[Condition, ...] = ()


class FieldsRule(_Rule):
    """Which product and variant fields the sync owns here: `copy` only these, or all but
    `leave_alone`. A field it does not own is written when B's product (or variant) is
    created, never after."""

    copy_only: tuple[str, ...] | None = Field(default=None, alias="copy")
    leave_alone: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _known(self) -> FieldsRule:
        if self.copy_only is not None and self.leave_alone:
            raise ValueError("give either copy or leave_alone, not both")
        for name in (*(self.copy_only or ()), *self.leave_alone):
            if name not in OWNABLE_FIELDS and name not in FIELD_GROUPS:
                raise ValueError(f"unknown field {name!r}")
        return self

    def owned(self, name: str) -> bool:
        """True when the sync writes this field (or part) after creation."""
        if self.copy_only is not None:
            return name in _expand(self.copy_only)
        return name not in _expand(self.leave_alone)


@cache
def _expand(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(f for n in names for f in FIELD_GROUPS.get(n, (n,)))


class PriceRule(_Rule):
    """Prices in B: A's x `currency_rate` x `multiply` + `add`, then rounded (to the cent,
    to `.99`, or to a `whole` number); a zero or empty price stays as it is."""

    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    currency_rate: Decimal = Field(default=Decimal(1), gt=0)
    multiply: Decimal = Field(default=Decimal(1), gt=0)
    add: Decimal = Decimal(0)
    round: Literal["cent", "0.99", "whole"] = "cent"
    fields: tuple[
        Literal["price", "sale_price", "retail_price", "cost_price", "map_price"], ...
    ] = PRICE_FIELDS
    variants: bool = True
    bulk_pricing: bool = True


class StockRule(_Rule):
    """Stock sent to B (with CATALOG_INVENTORY=mirror, and at creation): A's - `buffer`, at
    most `cap`, never below 0."""

    buffer: int = Field(default=0, ge=0)
    cap: int | None = Field(default=None, ge=0)


class AvailabilityRule(_Rule):
    """Availability beyond the channel rule: `disabled` in B while A has no stock."""

    disable_when_out_of_stock: bool = False


class DestinationRules(_Rule):
    """Everything a destination's `rules:` may hold."""

    scope: ScopeRule | None = None
    fields: FieldsRule | None = None
    prices: PriceRule | None = None
    stock: StockRule | None = None
    availability: AvailabilityRule | None = None

    @property
    def empty(self) -> bool:
        """No rule at all: a full copy."""
        return not any((self.scope, self.fields, self.prices, self.stock, self.availability))

    def digest(self) -> str:
        """A fingerprint of the rules (the full compare replans everything when it moves)."""
        text = json.dumps(self.model_dump(mode="json", by_alias=True), sort_keys=True)
        return hashlib.sha1(text.encode()).hexdigest()[:16]


NO_RULES = DestinationRules()
