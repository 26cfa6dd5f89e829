"""A product's options and variants in B (pure): options by display name, values by label,
variants by option combination (`matching.py`), in an order B's uniqueness rules accept."""

from __future__ import annotations

from typing import Any

from storebridge_catalog_sync.linking import Link, LinkKind
from storebridge_catalog_sync.mapping import changes, desired_variant
from storebridge_catalog_sync.planning.matching import (
    by_combination,
    fold,
    option_named,
    value_labelled,
)
from storebridge_catalog_sync.planning.snapshot import DestinationSnapshot, Rules
from storebridge_catalog_sync.planning.steps import (
    CreateOption,
    CreateOptionValue,
    CreateVariant,
    DeleteOption,
    DeleteOptionValue,
    DeleteVariant,
    SetVariantImage,
    Step,
    UpdateOption,
    UpdateOptionValue,
    UpdateVariant,
)
from storebridge_catalog_sync.planning.variant_order import ordered_updates
from storebridge_shared.bigcommerce.models import Option, OptionValue, Product, Variant


def variant_steps(
    source: Product, current: Product, b: DestinationSnapshot, rules: Rules
) -> list[Step]:
    """B's options and variants brought to A's (steps in an order B accepts)."""
    wanted, have = by_combination(source.variants), by_combination(current.variants)
    if not wanted and not have:
        return []
    steps: list[Step] = _missing_options(source, current)
    gone = [v for key, v in have.items() if key not in wanted]
    steps += [DeleteVariant(v.id, v.sku) for v in gone]
    stock = rules.mirrors(source, "variant")
    updates = {
        have[key].id: changes(have[key].sent(), _desired_variant(variant, stock))
        for key, variant in wanted.items()
        if key in have
    }
    kept = [v for key, v in have.items() if key in wanted]
    steps += ordered_updates(kept, updates)
    for key, variant in wanted.items():
        target = have.get(key)
        if target is None:
            values = tuple((v.option_display_name, v.label) for v in variant.option_values)
            fields = desired_variant(variant.sent())
            if variant.inventory_level is not None:
                fields["inventory_level"] = variant.inventory_level
            steps.append(CreateVariant(variant.id, values, fields, variant.image_url))
            continue
        if b.variant_links.get(variant.id) != (target.id, variant.sku):
            steps.append(Link(LinkKind.VARIANT, variant.id, target.id, variant.sku))
        steps += _variant_image(variant, target, b)
    return steps + _unused_options(source, current)


def _variant_image(variant: Variant, target: Variant, b: DestinationSnapshot) -> list[Step]:
    """A's variant image on B's variant: set when A's URL is not the one B's was set from;
    cleared when A's variant has none and B's holds one we set."""
    if variant.image_url:
        if b.variant_image_links.get(variant.id) == (target.id, variant.image_url):
            return []
        return [SetVariantImage(target.id, variant.id, variant.image_url)]
    if target.image_url and variant.id in b.variant_image_links:
        return [
            UpdateVariant(target.id, {"image_url": ""}),
            Link(LinkKind.VARIANT_IMAGE, variant.id, target.id, ""),
        ]
    return []


def _desired_variant(variant: Variant, stock: bool) -> dict[str, Any]:
    fields = desired_variant(variant.sent())
    if stock and variant.inventory_level is not None:
        fields["inventory_level"] = variant.inventory_level
    return fields


def _value_body(label: str, sort_order: int, value_data: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"label": label, "sort_order": sort_order}
    if value_data:
        body["value_data"] = value_data
    return body


def _missing_options(source: Product, current: Product) -> list[Step]:
    steps: list[Step] = []
    for option in source.options:
        values = [_value_body(v.label, v.sort_order, v.value_data) for v in option.option_values]
        target = option_named(current.options, option.display_name)
        if target is None:
            steps.append(CreateOption(option.display_name, option.type, tuple(values)))
            continue
        if diff := changes(_option_fields(target), _option_fields(option)):
            steps.append(UpdateOption(target.id, diff))
        for value in values:
            had = value_labelled(target, value["label"])
            if had is None:
                steps.append(CreateOptionValue(option.display_name, value))
            elif diff := changes(_value_fields(had), value):
                steps.append(UpdateOptionValue(target.id, had.id, diff))
    return steps


def _option_fields(option: Option) -> dict[str, Any]:
    return {"display_name": option.display_name, "sort_order": option.sort_order}


def _value_fields(value: OptionValue) -> dict[str, Any]:
    return _value_body(value.label, value.sort_order, value.value_data)


def _unused_options(source: Product, current: Product) -> list[Step]:
    steps: list[Step] = []
    for option in current.options:
        wanted = option_named(source.options, option.display_name)
        if wanted is None:
            steps.append(DeleteOption(option.id))
            continue
        labels = {fold(v.label) for v in wanted.option_values}
        steps += [
            DeleteOptionValue(option.id, v.id)
            for v in option.option_values
            if fold(v.label) not in labels
        ]
    return steps
