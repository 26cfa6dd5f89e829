"""A product leaving a destination's scope and coming back (issue 18), end to end, under the
`delete` and `ignore` policies (`disable`: `test_rules.py`)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

C, D = "storec", "stored"
KITCHEN_ONLY = "{scope: {include: [{category: Kitchen}]}}"

DESTINATIONS = f"""
destinations:
  - {{name: B, store_hash: storeb, access_token: tok-b}}
  - {{name: DEL, store_hash: {C}, access_token: tok-{C}, delete_policy: delete,
      rules: {KITCHEN_ONLY}}}
  - {{name: IGN, store_hash: {D}, access_token: tok-{D}, delete_policy: ignore,
      rules: {KITCHEN_ONLY}}}
"""

POT = {
    "name": "Pot",
    "type": "physical",
    "sku": "POT",
    "price": 25,
    "weight": 2,
    "categories": [20],  # Kitchen/Cookware
}


async def _product(w, store):
    found = [p for p in await w.table("products", store) if p["sku"] == "POT"]
    return found[0] if found else None


async def _result(w, product_id, name):
    state = await w.state_of(product_id)
    return state["last"]["destinations"][name]


async def test_given_delete_and_ignore_policies_when_it_leaves_and_returns_then_each_policy_holds(
    world, tmp_path
):
    path = tmp_path / "destinations.yaml"
    path.write_text(DESTINATIONS)
    async with world(extra_stores=(C, D), catalog_destinations_file=str(path)) as w:
        pot = (await w.create_product(**POT))["id"]
        await w.until_b(lambda w: w.settled(pot))
        first_c, first_d = await _product(w, C), await _product(w, D)
        assert first_c and first_d

        await w.update_product(pot, categories=[22], price=30)  # Garden/Cookware
        await w.until_b(lambda w: w.settled(pot, 2))

        assert await _product(w, C) is None, "delete: B's product deleted"
        gone = await _result(w, pot, "DEL")
        assert (gone["status"], gone["reason"]) == ("deleted", "out of scope (no include matches)")
        kept = await _product(w, D)
        assert (kept["id"], kept["price"]) == (first_d["id"], 25), "ignore: left as it was"
        ignored = await _result(w, pot, "IGN")
        assert ignored["status"] == "skipped" and ignored["reason"].endswith("policy ignore")
        assert (await _product(w, "storeb"))["price"] == 30, "no scope: a full copy"

        await w.update_product(pot, categories=[20])
        await w.until_b(lambda w: w.settled(pot, 3))

        again = await _product(w, C)
        assert again and again["id"] != first_c["id"] and again["price"] == 30, "created again"
        assert (await _result(w, pot, "DEL"))["status"] == "created"
        back = await _product(w, D)
        assert (back["id"], back["price"]) == (first_d["id"], 30), "synced as any other"
        assert (await _result(w, pot, "IGN"))["status"] == "updated"


HID = "storeh"
OWN_VISIBILITY = f"""
destinations:
  - {{name: B, store_hash: storeb, access_token: tok-b}}
  - {{name: HID, store_hash: {HID}, access_token: tok-{HID}, delete_policy: disable,
      rules: {{scope: {{include: [{{category: Kitchen}}]}},
               fields: {{leave_alone: [availability, is_visible]}}}}}}
"""


async def _scope_hidden(w):
    return await w.db.catalog_links.count_documents({"kind": "scope_hidden"})


async def test_given_visibility_owned_by_b_when_the_sync_hid_it_for_its_scope_then_it_shows_it_again(
    world, tmp_path
):
    path = tmp_path / "destinations.yaml"
    path.write_text(OWN_VISIBILITY)
    async with world(extra_stores=(HID,), catalog_destinations_file=str(path)) as w:
        pot = (await w.create_product(**POT))["id"]
        await w.until_b(lambda w: w.settled(pot))
        first = await _product(w, HID)
        assert first and (first["availability"], first["is_visible"]) == ("available", True)

        await w.update_product(pot, categories=[22])  # out of scope: the sync hides it
        await w.until_b(lambda w: w.settled(pot, 2))
        hidden = await _product(w, HID)
        assert (hidden["availability"], hidden["is_visible"]) == ("disabled", False)
        assert await _scope_hidden(w) == 1, "the sync remembers it hid the product"

        await w.update_product(pot, categories=[20], price=31)  # back: the sync shows it again
        await w.until_b(lambda w: w.settled(pot, 3))
        shown = await _product(w, HID)
        assert (shown["id"], shown["price"]) == (first["id"], 31)
        assert (shown["availability"], shown["is_visible"]) == ("available", True)
        assert await _scope_hidden(w) == 0, "and forgets it once shown again"

        async with w.sandbox.api_client(HID) as api:  # B's team hides it by hand
            hide = {"is_visible": False}
            (await api.put(f"/v3/catalog/products/{shown['id']}", json=hide)).raise_for_status()
        await w.update_product(pot, price=32)
        await w.until_b(lambda w: w.settled(pot, 4))
        kept = await _product(w, HID)
        assert (kept["price"], kept["is_visible"]) == (32, False), "B's own hide is B's"
