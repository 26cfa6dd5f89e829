"""Per-destination rules end to end (issue 18): three destinations of one store A, a full copy
(B), a priced EUR store with rounding (C), a scoped B2B store that owns its descriptions (D)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

C, D = "storec", "stored"

DESTINATIONS = f"""
destinations:
  - {{name: B, store_hash: storeb, access_token: tok-b}}
  - name: EU
    store_hash: {C}
    access_token: tok-{C}
    rules:
      prices: {{currency: EUR, currency_rate: 0.92, multiply: 1.08, round: "0.99"}}
  - name: B2B
    store_hash: {D}
    access_token: tok-{D}
    delete_policy: disable
    rules:
      scope:
        include: [{{category: Kitchen}}]
        exclude: [{{custom_field: {{retail_only: "yes"}}}}]
      fields: {{leave_alone: [description, seo]}}
"""

KETTLE = {
    "name": "Kettle",
    "type": "physical",
    "sku": "KTL",
    "price": 25,
    "retail_price": 30,
    "sale_price": 0,
    "weight": 1.2,
    "categories": [20],
    "brand_id": 35,
    "description": "From A",
}
GIFT = {**KETTLE, "name": "Gift box", "sku": "GFT", "price": 10, "retail_price": 0}
RETAIL_ONLY = [{"name": "retail_only", "value": "yes"}]


async def _product(w, store, sku):
    found = [p for p in await w.table("products", store) if p["sku"] == sku]
    return found[0] if found else None


async def test_given_three_destinations_then_each_gets_the_product_its_rules_say(world, tmp_path):
    path = tmp_path / "destinations.yaml"
    path.write_text(DESTINATIONS)
    async with world(extra_stores=(C, D), catalog_destinations_file=str(path)) as w:
        kettle = (await w.create_product(**KETTLE))["id"]
        gift = (await w.create_product(**GIFT, custom_fields=RETAIL_ONLY))["id"]
        await w.until_b(lambda w: w.settled(kettle))
        await w.until_b(lambda w: w.settled(gift))

        b, c, d = [await _product(w, s, "KTL") for s in ("storeb", C, D)]
        assert (b["price"], b["retail_price"]) == (25, 30)
        assert (c["price"], c["retail_price"], c["sale_price"]) == (24.99, 29.99, 0)
        assert d["price"] == 25 and d["description"] == "From A", "created with A's fields"
        assert await _product(w, "storeb", "GFT") and await _product(w, C, "GFT")
        assert await _product(w, D, "GFT") is None, "excluded by its custom field"

        await w.sandbox._call(
            "PUT", f"/_sandbox/stores/{D}/products/{d['id']}", json={"description": "B2B's own"}
        )
        await w.update_product(kettle, price=30, description="A's new text")
        await w.until_b(lambda w: w.settled(kettle, 2))

        b, c, d = [await _product(w, s, "KTL") for s in ("storeb", C, D)]
        assert (b["price"], b["description"]) == (30, "A's new text")
        assert c["price"] == 29.99
        assert (d["price"], d["description"]) == (30, "B2B's own"), "D owns its descriptions"

        await w.update_product(kettle, categories=[22])
        await w.until_b(lambda w: w.settled(kettle, 3))

        d = await _product(w, D, "KTL")
        assert (d["availability"], d["is_visible"]) == ("disabled", False), "left D's scope"
        state = await w.state_of(kettle)
        assert "out of scope" in state["last"]["destinations"]["B2B"]["reason"]


async def test_given_three_destinations_when_a_sku_is_explained_then_each_says_what_it_gets(
    world, tmp_path
):
    from storebridge_catalog_sync.explaining import ExplainError, explain_sku

    path = tmp_path / "destinations.yaml"
    path.write_text(DESTINATIONS)
    async with world(extra_stores=(C, D), catalog_destinations_file=str(path)) as w:
        gift = (await w.create_product(**GIFT, custom_fields=RETAIL_ONLY))["id"]
        await w.until_b(lambda w: w.settled(gift))
        writes = {s: await w.writes(s) for s in ("storeb", C, D)}

        eu = "\n".join(await explain_sku(w.settings, "GFT", "EU"))
        every = "\n".join(await explain_sku(w.settings, "gft", None))
        listed = await explain_sku(w.settings, None, None)

        assert "  price: 10 -> 9.99" in eu and "would write 0 call(s)" in eu
        assert "scope: out (excluded by custom_field={'retail_only': 'yes'})" in every
        assert [line.split(":")[0] for line in listed] == [
            "destination B",
            "destination EU",
            "destination B2B",
        ]
        assert {s: await w.writes(s) for s in ("storeb", C, D)} == writes, "reads only"
        with pytest.raises(ExplainError, match="no destination 'US'"):
            await explain_sku(w.settings, "GFT", "US")
        with pytest.raises(ExplainError, match="no product with SKU 'NOPE'"):
            await explain_sku(w.settings, "NOPE", None)
