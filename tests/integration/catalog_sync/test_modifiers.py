"""Modifiers with their values and adjusters, end to end from A to B."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

PLUS = {"price": {"adjuster": "relative", "adjuster_value": 2}}
MUG = {"name": "Mug", "type": "physical", "sku": "MUG", "price": 9, "weight": 1}
WRAP = {
    "display_name": "Gift wrap",
    "type": "dropdown",
    "required": False,
    "option_values": [
        {"label": "Paper", "sort_order": 0, "is_default": True},
        {"label": "Cloth", "sort_order": 1, "adjusters": PLUS},
    ],
}
ENGRAVE = {"display_name": "Engrave", "type": "checkbox", "required": False}


def shape(modifiers):
    """What a merchant sees of a store's modifiers (ids aside)."""
    return sorted(
        (
            m["display_name"],
            m["type"],
            m["required"],
            tuple(
                (v["label"], v["sort_order"], v["is_default"], str(v.get("adjusters")))
                for v in sorted(m["option_values"], key=lambda v: v["sort_order"])
            ),
        )
        for m in modifiers
    )


async def modifiers_of(w, store):
    products = [p for p in await w.table("products", store) if p["sku"] == "MUG"]
    if not products:
        return []
    return [m for m in await w.table("modifiers", store) if m["product_id"] == products[0]["id"]]


async def test_given_modifiers_edited_in_a_then_b_holds_the_same_choices_and_adjusters(world):
    async with world() as w:
        pid = (await w.create_product(**MUG))["id"]
        wrap = await w.admin("POST", f"/products/{pid}/modifiers", WRAP)
        box = await w.admin("POST", f"/products/{pid}/modifiers", ENGRAVE)
        yes = next(v for v in box["option_values"] if v["label"] == "Yes")
        path = f"/products/{pid}/modifiers/{box['id']}/values/{yes['id']}"
        await w.admin("PUT", path, {"adjusters": PLUS})
        await w.update_product(pid, description="with choices")  # modifier edits fire nothing

        async def same(w):
            b = await modifiers_of(w, "storeb")
            return len(b) == 2 and shape(b) == shape(await modifiers_of(w, "storea"))

        await w.until_b(same)
        b_wrap_id = next(
            m["id"] for m in await modifiers_of(w, "storeb") if m["type"] == "dropdown"
        )

        cloth = next(v for v in wrap["option_values"] if v["label"] == "Cloth")
        await w.admin(
            "PUT",
            f"/products/{pid}/modifiers/{wrap['id']}/values/{cloth['id']}",
            {"is_default": True},
        )
        await w.admin(
            "POST",
            f"/products/{pid}/modifiers/{wrap['id']}/values",
            {"label": "Foil", "sort_order": 2},
        )
        await w.update_product(pid, description="more choices")

        async def followed(w):
            b = await modifiers_of(w, "storeb")
            return (
                shape(b) == shape(await modifiers_of(w, "storea"))
                and len(next(m for m in b if m["type"] == "dropdown")["option_values"]) == 3
            )

        await w.until_b(followed)
        assert b_wrap_id in {m["id"] for m in await modifiers_of(w, "storeb")}, "kept in place"
