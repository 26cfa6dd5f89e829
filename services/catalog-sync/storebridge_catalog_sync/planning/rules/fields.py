"""Fields: drop from a plan the writes of what the sync does not own here (pure).

Product fields left alone are removed from `UpdateProduct`, variant fields (by the same names:
`price`, `weight`, `inventory_level`, ...) from `UpdateVariant` (a step left empty is
dropped); parts left alone (`custom_fields`, `images`, `videos`, `bulk_pricing_rules`,
`modifiers`, `variants`, `metafields`) lose their steps. `variants` stands for B's options,
their values and variants (and so every variant field); `images` for the variants' images too.
`CreateProduct` keeps everything, and so does the plan of the parts made right after it: B's
product starts as A's, then B's team owns what the rule leaves alone. A variant the plan
creates is created whole, like a product.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from storebridge_catalog_sync.linking import Link, LinkKind
from storebridge_catalog_sync.planning.extras import (
    CreateBulkPricingRule,
    CreateVideo,
    DeleteBulkPricingRule,
    DeleteVideo,
    UpdateBulkPricingRule,
    UpdateVideo,
)
from storebridge_catalog_sync.planning.metafields import (
    CreateMetafield,
    DeleteMetafield,
    UpdateMetafield,
)
from storebridge_catalog_sync.planning.modifiers import (
    CreateModifier,
    CreateModifierValue,
    DeleteModifier,
    DeleteModifierValue,
    UpdateModifier,
    UpdateModifierValue,
)
from storebridge_catalog_sync.planning.rules.config import FieldsRule
from storebridge_catalog_sync.planning.steps import (
    CreateCustomField,
    CreateImage,
    CreateOption,
    CreateOptionValue,
    CreateVariant,
    DeleteCustomField,
    DeleteImage,
    DeleteOption,
    DeleteOptionValue,
    DeleteVariant,
    SetVariantImage,
    Step,
    UpdateCustomField,
    UpdateImage,
    UpdateOption,
    UpdateOptionValue,
    UpdateProduct,
    UpdateVariant,
    WritePlan,
)

PART_STEPS: dict[str, tuple[type, ...]] = {
    "custom_fields": (CreateCustomField, UpdateCustomField, DeleteCustomField),
    "images": (CreateImage, UpdateImage, DeleteImage, SetVariantImage),
    "videos": (CreateVideo, UpdateVideo, DeleteVideo),
    "bulk_pricing_rules": (CreateBulkPricingRule, UpdateBulkPricingRule, DeleteBulkPricingRule),
    "modifiers": (
        CreateModifier,
        UpdateModifier,
        DeleteModifier,
        CreateModifierValue,
        UpdateModifierValue,
        DeleteModifierValue,
    ),
    "variants": (
        CreateOption,
        CreateOptionValue,
        UpdateOption,
        UpdateOptionValue,
        DeleteOption,
        DeleteOptionValue,
        CreateVariant,
        DeleteVariant,
        SetVariantImage,
    ),
    "metafields": (CreateMetafield, UpdateMetafield, DeleteMetafield),
}
"""The steps that write each part a `fields` rule may leave alone (a variant's image is both
an image and a variant's)."""

VARIANT_FIELD_OWNER = {"image_url": "images"}
"""A variant field that a part stands for (its other fields go by their own names)."""


def _variant_field(rule: FieldsRule, name: str) -> bool:
    return rule.owned("variants") and rule.owned(VARIANT_FIELD_OWNER.get(name, name))


def _kept(rule: FieldsRule, step: Step, keep: Collection[str]) -> Step | None:
    if isinstance(step, UpdateProduct):
        owned = {k: v for k, v in step.fields.items() if rule.owned(k) or k in keep}
        return replace(step, fields=owned) if owned else None
    if isinstance(step, UpdateVariant):
        owned = {k: v for k, v in step.fields.items() if _variant_field(rule, k)}
        return replace(step, fields=owned) if owned else None
    if isinstance(step, Link) and step.kind is LinkKind.VARIANT_IMAGE:
        return step if _variant_field(rule, "image_url") else None  # the clear's record
    if isinstance(step, CreateMetafield) and step.source_variant and not rule.owned("variants"):
        return None  # on a variant the plan no longer creates
    for part, kinds in PART_STEPS.items():
        if isinstance(step, kinds) and not rule.owned(part):
            return None
    return step


def owned_plan(rule: FieldsRule | None, plan: WritePlan, keep: Collection[str] = ()) -> WritePlan:
    """The plan without the writes of fields and parts the sync does not own (`keep`: product
    fields written whatever the rule says, e.g. the visibility the sync itself took away)."""
    if rule is None or plan.creates_product:
        return plan
    steps = [kept for step in plan.steps if (kept := _kept(rule, step, keep)) is not None]
    return replace(plan, steps=tuple(steps))
