"""The writes a plan is made of (pure data): one typed step per BigCommerce call or link.

Steps name B's records by B's ids where they exist; what the apply creates is referred to by its
natural key (an option by display name, a variant or image by A's id) and resolved by the apply.
A `linking.Link` is a step too: record (or correct) a link, no BigCommerce call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from storebridge_catalog_sync.linking import Link
from storebridge_catalog_sync.planning.extras import ExtraStep
from storebridge_catalog_sync.planning.metafields import MetafieldStep
from storebridge_catalog_sync.planning.modifiers import ModifierStep

Fields = Mapping[str, Any]
"""A JSON body, as BigCommerce takes it."""


@dataclass(frozen=True)
class CreateProduct:
    """Create B's product (with its images and custom fields in the same call) and link it."""

    body: Fields
    source_id: int
    sku: str


@dataclass(frozen=True)
class UpdateProduct:
    """Write the product fields that differ (one PUT)."""

    fields: Fields


@dataclass(frozen=True)
class CreateCustomField:
    """Add one custom field."""

    name: str
    value: str


@dataclass(frozen=True)
class UpdateCustomField:
    """Change one custom field's value."""

    field_id: int
    value: str


@dataclass(frozen=True)
class DeleteCustomField:
    """Remove one custom field A no longer has."""

    field_id: int


@dataclass(frozen=True)
class CreateImage:
    """Add one image from A's URL, then link A's image to it."""

    source_id: int
    url: str
    fields: Fields


@dataclass(frozen=True)
class UpdateImage:
    """Update one image in place (sort order, thumbnail, description)."""

    image_id: int
    fields: Fields


@dataclass(frozen=True)
class DeleteImage:
    """Remove one image A no longer has."""

    image_id: int


@dataclass(frozen=True)
class CreateOption:
    """Create one variant option with its values (creates no variant)."""

    display_name: str
    type: str
    values: tuple[Fields, ...]


@dataclass(frozen=True)
class CreateOptionValue:
    """Add one value to B's option with this display name."""

    option: str
    body: Fields


@dataclass(frozen=True)
class UpdateOption:
    """Change an option's display name (its case) or order in place."""

    option_id: int
    fields: Fields


@dataclass(frozen=True)
class UpdateOptionValue:
    """Change a value's label (its case), order or value data (a swatch colour) in place."""

    option_id: int
    value_id: int
    fields: Fields


@dataclass(frozen=True)
class DeleteOption:
    """Remove one option A no longer has."""

    option_id: int


@dataclass(frozen=True)
class DeleteOptionValue:
    """Remove one option value A no longer has."""

    option_id: int
    value_id: int


@dataclass(frozen=True)
class DeleteVariant:
    """Remove one variant whose option combination A no longer has."""

    variant_id: int
    sku: str


@dataclass(frozen=True)
class UpdateVariant:
    """Write the variant fields that differ; `temporary` when it only parks the SKU on a spare
    value so that another variant can take it (a swap)."""

    variant_id: int
    fields: Fields
    temporary: bool = False


@dataclass(frozen=True)
class CreateVariant:
    """Create a variant of this option combination ((display name, label) pairs), then link it
    (and give it A's variant image, when `image_url`)."""

    source_id: int
    values: tuple[tuple[str, str], ...]
    fields: Fields
    image_url: str = ""


@dataclass(frozen=True)
class SetVariantImage:
    """Copy A's variant image to B's variant, then link it with A's URL (B keeps its own URL,
    so the link says which of A's images B's variant holds)."""

    variant_id: int
    source_id: int
    url: str


Step = (
    CreateProduct
    | UpdateProduct
    | CreateCustomField
    | UpdateCustomField
    | DeleteCustomField
    | CreateImage
    | UpdateImage
    | DeleteImage
    | CreateOption
    | CreateOptionValue
    | UpdateOption
    | UpdateOptionValue
    | DeleteOption
    | DeleteOptionValue
    | DeleteVariant
    | UpdateVariant
    | CreateVariant
    | SetVariantImage
    | Link
    | ExtraStep
    | ModifierStep
    | MetafieldStep
)


@dataclass(frozen=True)
class WritePlan:
    """The ordered writes that bring B's product to A's; `product_id` is B's (0 before create)."""

    product_id: int
    steps: tuple[Step, ...] = field(default=())

    @property
    def writes(self) -> int:
        """BigCommerce calls the plan makes (links are not calls)."""
        return sum(1 for step in self.steps if not isinstance(step, Link))

    @property
    def creates_product(self) -> bool:
        """True when the plan's first step creates B's product (its parts are planned after)."""
        return bool(self.steps) and isinstance(self.steps[0], CreateProduct)

    def of(self, kind: type[Any]) -> list[Any]:
        """The steps of one type, in order."""
        return [step for step in self.steps if isinstance(step, kind)]

    def without(self, kind: type[Any]) -> tuple[Step, ...]:
        """The other steps, in order (the backfill batches the product-field updates apart)."""
        return tuple(step for step in self.steps if not isinstance(step, kind))
