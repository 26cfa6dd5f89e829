"""Fields: drop from a plan the writes of what the sync does not own here (pure).

Product fields left alone are removed from `UpdateProduct` (a step left empty is dropped);
parts left alone (`custom_fields`, `images`, `videos`, `bulk_pricing_rules`, `modifiers`) lose
their steps. `CreateProduct` keeps everything: B's product starts as A's, then B's team owns
what the rule leaves alone.
"""

from __future__ import annotations

from dataclasses import replace

from storebridge_catalog_sync.planning.extras import (
    CreateBulkPricingRule,
    CreateVideo,
    DeleteBulkPricingRule,
    DeleteVideo,
    UpdateBulkPricingRule,
    UpdateVideo,
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
    DeleteCustomField,
    DeleteImage,
    Step,
    UpdateCustomField,
    UpdateImage,
    UpdateProduct,
    WritePlan,
)

PART_STEPS: dict[str, tuple[type, ...]] = {
    "custom_fields": (CreateCustomField, UpdateCustomField, DeleteCustomField),
    "images": (CreateImage, UpdateImage, DeleteImage),
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
}
"""The steps that write each part a `fields` rule may leave alone."""


def _kept(rule: FieldsRule, step: Step) -> Step | None:
    if isinstance(step, UpdateProduct):
        owned = {k: v for k, v in step.fields.items() if rule.owned(k)}
        return replace(step, fields=owned) if owned else None
    for part, kinds in PART_STEPS.items():
        if isinstance(step, kinds) and not rule.owned(part):
            return None
    return step


def owned_plan(rule: FieldsRule | None, plan: WritePlan) -> WritePlan:
    """The plan without the writes of fields and parts the sync does not own."""
    if rule is None or plan.creates_product:
        return plan
    steps = [kept for step in plan.steps if (kept := _kept(rule, step)) is not None]
    return replace(plan, steps=tuple(steps))
