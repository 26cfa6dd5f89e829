"""Modifiers of a product and their values (pure): what B needs to hold A's.

Modifiers match by display name, values by label (folded). A modifier whose type changed in A
is deleted and created again (B does not change a modifier's type). Values are updated in place
(label case, order, default, value data, price/weight/image/purchasing adjusters), added and
removed; a new default clears the old one by itself, so "no longer default" is never written. A
checkbox makes its own Yes/No values: a created checkbox gets A's adjusters on them afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from storebridge_catalog_sync.mapping import changes
from storebridge_catalog_sync.planning.matching import fold
from storebridge_shared.bigcommerce.models import Modifier, ModifierValue, Product

Fields = Mapping[str, Any]
CHECKBOX = "checkbox"


@dataclass(frozen=True)
class CreateModifier:
    """Create one modifier with its values; `value_fields` (label -> fields) are written on the
    values B made by itself (a checkbox's Yes and No) once it exists."""

    body: Fields
    value_fields: tuple[tuple[str, Fields], ...] = ()


@dataclass(frozen=True)
class UpdateModifier:
    """Change a modifier's own fields (required, order, config, display name case)."""

    modifier_id: int
    fields: Fields


@dataclass(frozen=True)
class DeleteModifier:
    """Remove a modifier A no longer has (or whose type changed)."""

    modifier_id: int


@dataclass(frozen=True)
class CreateModifierValue:
    """Add one value to a modifier of B."""

    modifier_id: int
    body: Fields


@dataclass(frozen=True)
class UpdateModifierValue:
    """Change one value in place."""

    modifier_id: int
    value_id: int
    fields: Fields


@dataclass(frozen=True)
class DeleteModifierValue:
    """Remove one value A no longer has."""

    modifier_id: int
    value_id: int


ModifierStep = (
    CreateModifier
    | UpdateModifier
    | DeleteModifier
    | CreateModifierValue
    | UpdateModifierValue
    | DeleteModifierValue
)


def _own(modifier: Modifier) -> dict[str, Any]:
    return {
        "display_name": modifier.display_name,
        "required": modifier.required,
        "sort_order": modifier.sort_order,
        "config": modifier.config,
    }


def _value(value: ModifierValue) -> dict[str, Any]:
    body: dict[str, Any] = {
        "label": value.label,
        "sort_order": value.sort_order,
        "is_default": value.is_default,
        "adjusters": value.adjusters,
    }
    if value.value_data is not None:
        body["value_data"] = value.value_data
    return body


def _value_diff(current: ModifierValue, wanted: ModifierValue) -> dict[str, Any]:
    diff = changes(_value(current), _value(wanted))
    if diff.get("is_default") is False:
        diff.pop("is_default")
    return diff


def _create(modifier: Modifier) -> CreateModifier:
    body = {**_own(modifier), "type": modifier.type}
    values = [_value(v) for v in modifier.option_values]
    if modifier.type == CHECKBOX:
        fixes = tuple((v["label"], {"adjusters": v["adjusters"]}) for v in values)
        return CreateModifier(body, fixes)
    return CreateModifier({**body, "option_values": values} if values else body)


def _values(source: Modifier, target: Modifier) -> list[ModifierStep]:
    have = {fold(v.label): v for v in target.option_values}
    wanted = {fold(v.label) for v in source.option_values}
    steps: list[ModifierStep] = []
    if source.type != CHECKBOX:
        gone = [v for v in target.option_values if fold(v.label) not in wanted]
        steps += [DeleteModifierValue(target.id, v.id) for v in gone]
    for value in source.option_values:
        current = have.get(fold(value.label))
        if current is None:
            steps.append(CreateModifierValue(target.id, _value(value)))
        elif diff := _value_diff(current, value):
            steps.append(UpdateModifierValue(target.id, current.id, diff))
    return steps


def modifier_steps(source: Product, current: Product) -> list[ModifierStep]:
    """B's modifiers brought to A's: removals first (a name is free again), then the rest."""
    have = {fold(m.display_name): m for m in current.modifiers}
    kept: dict[str, Modifier] = {}
    steps: list[ModifierStep] = []
    for key, target in have.items():
        source_one = next((m for m in source.modifiers if fold(m.display_name) == key), None)
        if source_one is None or source_one.type != target.type:
            steps.append(DeleteModifier(target.id))
        else:
            kept[key] = target
    for modifier in source.modifiers:
        match = kept.get(fold(modifier.display_name))
        if match is None:
            steps.append(_create(modifier))
            continue
        if diff := changes(_own(match), _own(modifier)):
            steps.append(UpdateModifier(match.id, diff))
        steps += _values(modifier, match)
    return steps
