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


def _two(path, rounding):
    path.write_text(
        "destinations:\n"
        "  - {name: B, store_hash: storeb, access_token: tok-b}\n"
        f"  - name: EU\n    store_hash: {C}\n    access_token: tok-{C}\n"
        f"    rules: {{prices: {{currency_rate: 0.92, round: '{rounding}'}}}}\n"
    )
    return str(path)


async def test_given_a_rule_change_when_restarted_then_a_full_compare_applies_it_to_every_product(
    world, tmp_path
):
    from storebridge_catalog_sync.reconcile.loop import reconcile_once
    from storebridge_catalog_sync.reconcile.setup import open_reconciler
    from storebridge_shared.ops.background import Stopping

    before = _two(tmp_path / "v1.yaml", "cent")
    async with world(extra_stores=(C,), catalog_destinations_file=before) as w:
        ids = [
            (await w.create_product(**{**GIFT, "sku": f"GFT-{n}", "name": f"Box {n}"}))["id"]
            for n in range(3)
        ]
        for product_id in ids:
            await w.until_b(lambda w, p=product_id: w.settled(p))
        assert {p["price"] for p in await w.table("products", C)} == {9.2}

        async def restart(path):
            settings = w.settings.model_copy(update={"catalog_destinations_file": path})
            async with open_reconciler(settings, w.db, "test-owner", Stopping()) as run:
                return await reconcile_once(run)

        first = await restart(before)  # rules seen for the first time: one compare
        assert len(first) == 2
        await w.sandbox.clear_stats(C)

        changed = await restart(_two(tmp_path / "v2.yaml", "0.99"))

        assert len(changed) == 2 and changed[1].found == 3
        assert {p["price"] for p in await w.table("products", C)} == {9.99}
        calls = (await w.sandbox.stats(C))["calls"]
        assert sum(n for k, n in calls.items() if k.startswith("PUT")) == 3
        run = await w.db.sync_runs.find_one({"_id": f"full-compare:{changed[1].pass_id}:EU"})
        assert run["note"].startswith("rules changed: EU; found 3")
        assert run["updated"] + run["unchanged"] == 3, "some already by the changes pass"

        again = await restart(str(tmp_path / "v2.yaml"))
        assert len(again) == 1, "same rules after a restart: no compare"


OUT_OF_STOCK = f"""
destinations:
  - {{name: B, store_hash: storeb, access_token: tok-b}}
  - name: EU
    store_hash: {C}
    access_token: tok-{C}
    rules: {{availability: {{disable_when_out_of_stock: true}}}}
"""


async def test_given_disable_when_out_of_stock_when_a_sells_out_then_b_is_disabled_until_restocked(
    world, tmp_path
):
    path = tmp_path / "destinations.yaml"
    path.write_text(OUT_OF_STOCK)
    async with world(extra_stores=(C,), catalog_destinations_file=str(path)) as w:
        hooks = {h["scope"] for h in await w.table("hooks", "storea")}
        assert "store/product/inventory/order/updated" in hooks, "stock hooks for the rule"
        stocked = {**KETTLE, "inventory_tracking": "product", "inventory_level": 2}
        kettle = (await w.create_product(**stocked))["id"]
        await w.until_b(lambda w: w.settled(kettle))
        assert (await _product(w, C, "KTL"))["availability"] == "available"

        await w.sandbox.checkout([{"product_id": kettle, "quantity": 2}], store_hash="storea")
        await w.until_b(lambda w: w.settled(kettle, 2))

        eu, b = await _product(w, C, "KTL"), await _product(w, "storeb", "KTL")
        assert eu["availability"] == "disabled", "sold out in A: disabled in EU"
        assert b["availability"] == "available", "B has no such rule"

        await w.update_product(kettle, inventory_level=5)
        await w.until_b(lambda w: w.settled(kettle, 3))

        assert (await _product(w, C, "KTL"))["availability"] == "available", "back in stock"


async def test_given_out_of_stock_rule_when_the_sell_out_webhook_is_lost_then_a_full_compare_disables(
    world, tmp_path
):
    from storebridge_catalog_sync.reconcile.loop import reconcile_once
    from storebridge_catalog_sync.reconcile.setup import open_reconciler
    from storebridge_shared.ops.background import Stopping

    path = tmp_path / "destinations.yaml"
    path.write_text(OUT_OF_STOCK)
    async with world(extra_stores=(C,), catalog_destinations_file=str(path)) as w:
        stocked = {**KETTLE, "inventory_tracking": "product", "inventory_level": 1}
        kettle = (await w.create_product(**stocked))["id"]
        await w.until_b(lambda w: w.settled(kettle))
        async with open_reconciler(w.settings, w.db, "test-owner", Stopping()) as run:
            assert len(await reconcile_once(run, full=True) or []) == 2, "digests kept"
            async with w.sandbox.api_client("storea") as api:
                for hook in await w.table("hooks", "storea"):
                    if "/inventory/" in hook["scope"]:
                        (await api.delete(f"/v3/hooks/{hook['id']}")).raise_for_status()
            await w.sandbox.checkout([{"product_id": kettle, "quantity": 1}], store_hash="storea")
            assert (await _product(w, C, "KTL"))["availability"] == "available", "never told"

            compared = await run.full.run()  # not the changes pass: stock leaves dates alone

        assert compared.found == 1
        assert (await _product(w, C, "KTL"))["availability"] == "disabled"


def _scoped(path, policy):
    path.write_text(
        "destinations:\n"
        "  - {name: B, store_hash: storeb, access_token: tok-b}\n"
        f"  - name: B2B\n    store_hash: {D}\n    access_token: tok-{D}\n"
        f"    delete_policy: {policy}\n"
        "    rules:\n"
        "      scope:\n"
        "        include: [{category: Kitchen}]\n"
        "        exclude: [{brand: Outlet}]\n"
    )
    return str(path)


async def test_given_a_scope_by_category_and_brand_when_a_renames_them_then_products_leave_it(
    world, tmp_path
):
    from storebridge_catalog_sync.reconcile.loop import reconcile_once
    from storebridge_catalog_sync.reconcile.setup import open_reconciler
    from storebridge_shared.ops.background import Stopping
    from storebridge_shared.store.leases import epoch_ms

    path = _scoped(tmp_path / "destinations.yaml", "delete")
    async with world(extra_stores=(D,), catalog_destinations_file=path) as w:
        kettle = (await w.create_product(**KETTLE))["id"]  # Kitchen/Cookware, brand 35
        pan = (await w.create_product(**{**KETTLE, "name": "Pan", "sku": "PAN", "brand_id": 36}))[
            "id"
        ]
        for product_id in (kettle, pan):
            await w.until_b(lambda w, p=product_id: w.settled(p))
        assert {p["sku"] for p in await w.table("products", D)} == {"KTL", "PAN"}
        async with open_reconciler(w.settings, w.db, "test-owner", Stopping()) as run:
            run.reconciler.clock = lambda: epoch_ms() + 60_000  # A's edits have settled
            run.rules_checked = True  # no full compare for the new rules: A's quota kept
            await reconcile_once(run)  # the baseline of A's categories, brands, watermark
            await reconcile_once(run)  # the products at the watermark's second
            await w.admin("PUT", "/brands/36", {"name": "Outlet"})

            renamed = await reconcile_once(run) or []

            assert renamed[0].found == 2, "the brand, then its one product"
            assert {p["sku"] for p in await w.table("products", D)} == {"KTL"}
            await w.admin("PUT", "/categories/19", {"name": "Home"})  # above Cookware
            await w.until_b(lambda w: w.processed())

            moved = await reconcile_once(run) or []

        assert moved[0].found == 3, "the category, then both products below it"
        assert await w.table("products", D) == [], "Home/Cookware is out of scope: deleted"
        assert {p["sku"] for p in await w.table("products", "storeb")} == {"KTL", "PAN"}
