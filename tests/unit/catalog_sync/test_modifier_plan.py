"""Modifiers and their values planned from snapshots."""

from __future__ import annotations

from storebridge_catalog_sync.planning.modifiers import (
    CreateModifier,
    CreateModifierValue,
    DeleteModifier,
    DeleteModifierValue,
    UpdateModifier,
    UpdateModifierValue,
    modifier_steps,
)
from storebridge_shared.bigcommerce.models import Product

PLUS_2 = {"price": {"adjuster": "relative", "adjuster_value": 2}}


def value(value_id, label, order=0, default=False, adjusters=None):
    return {
        "id": value_id,
        "label": label,
        "sort_order": order,
        "is_default": default,
        "adjusters": adjusters or {},
    }


def modifier(mod_id, name, kind="dropdown", values=(), required=False, **extra):
    return {
        "id": mod_id,
        "display_name": name,
        "type": kind,
        "required": required,
        "sort_order": 0,
        "config": {},
        "option_values": list(values),
        **extra,
    }


def product(*modifiers):
    return Product.parse({"id": 1, "modifiers": list(modifiers)})


def test_given_equal_modifiers_then_nothing_is_planned():
    wrap = modifier(1, "Gift wrap", values=[value(11, "Paper"), value(12, "Cloth", 1)])

    assert modifier_steps(product(wrap), product({**wrap, "id": 5})) == []


def test_given_a_new_dropdown_then_it_is_created_with_its_values_and_adjusters():
    wrap = modifier(1, "Gift wrap", values=[value(11, "Cloth", adjusters=PLUS_2)])

    [step] = modifier_steps(product(wrap), product())

    assert isinstance(step, CreateModifier) and step.value_fields == ()
    assert step.body["type"] == "dropdown"
    assert step.body["option_values"] == [
        {"label": "Cloth", "sort_order": 0, "is_default": False, "adjusters": PLUS_2}
    ]


def test_given_a_new_checkbox_then_b_makes_its_values_and_gets_a_s_adjusters_after():
    box = modifier(1, "Engrave", kind="checkbox", values=[value(11, "Yes", adjusters=PLUS_2)])

    [step] = modifier_steps(product(box), product())

    assert "option_values" not in step.body
    assert step.value_fields == (("Yes", {"adjusters": PLUS_2}),)


def test_given_values_changed_added_and_removed_then_b_s_modifier_follows_in_place():
    a = modifier(
        1,
        "Gift wrap",
        required=True,
        values=[value(11, "Paper", 0, adjusters=PLUS_2), value(13, "Foil", 1, default=True)],
    )
    b = modifier(
        5, "gift wrap", values=[value(51, "paper", 0, default=True), value(52, "Cloth", 1)]
    )

    steps = modifier_steps(product(a), product(b))

    assert steps == [
        UpdateModifier(5, {"display_name": "Gift wrap", "required": True}),
        DeleteModifierValue(5, 52),
        UpdateModifierValue(5, 51, {"label": "Paper", "adjusters": PLUS_2}),
        CreateModifierValue(
            5, {"label": "Foil", "sort_order": 1, "is_default": True, "adjusters": {}}
        ),
    ]


def test_given_a_modifier_removed_or_retyped_in_a_then_b_s_goes_before_a_new_one_is_made():
    a = modifier(1, "Note", kind="text")
    b1, b2 = modifier(5, "Note", kind="multi_line_text"), modifier(6, "Old", kind="text")

    steps = modifier_steps(product(a), product(b1, b2))

    assert steps[:2] == [DeleteModifier(5), DeleteModifier(6)]
    assert isinstance(steps[2], CreateModifier) and steps[2].body["type"] == "text"
