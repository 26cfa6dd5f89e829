"""CATALOG_INVENTORY=mirror: A's stock is B's, on every sync and on A's stock webhooks."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

SIZES = {
    "display_name": "Size",
    "type": "rectangles",
    "option_values": [{"label": "S", "sort_order": 0}, {"label": "M", "sort_order": 1}],
}


async def test_given_mirror_then_product_and_variant_stock_follow_a(world):
    async with world(catalog_inventory="mirror") as w:
        scopes = {h["scope"] for h in await w.table("hooks", "storea")}
        assert {"store/product/inventory/updated", "store/sku/inventory/updated"} <= scopes
        body = {"name": "Pan", "type": "physical", "sku": "PAN", "price": 20, "weight": 1}
        pid = (await w.create_product(**body, inventory_tracking="product", inventory_level=5))[
            "id"
        ]
        await w.until_b(lambda w: w.settled(pid))
        assert (await w.b_product("PAN"))["inventory_level"] == 5

        await w.update_product(pid, inventory_level=8)

        async def product_stock(w):
            return (await w.b_product("PAN"))["inventory_level"] == 8

        await w.until_b(product_stock)
        scope = "store/product/inventory/updated"
        assert await w.db.events.count_documents({"store_hash": "storea", "scope": scope}) >= 1

        await w.update_product(pid, inventory_tracking="variant")
        async with w.sandbox.api_client("storea") as api:
            await api.post(f"/v3/catalog/products/{pid}/options", json=SIZES)
        values = [{"option_display_name": "Size", "label": "S"}]
        small = await w.admin(
            "POST", f"/products/{pid}/variants", {"sku": "PAN-S", "option_values": values}
        )
        await w.admin("PUT", f"/products/{pid}/variants/{small['id']}", {"inventory_level": 6})

        async def variant_stock(w):
            b = await w.b_product("PAN")
            found = [
                v
                for v in await w.table("variants")
                if v["product_id"] == b["id"] and v["sku"] == "PAN-S"
            ]
            return bool(found) and found[0]["inventory_level"] == 6

        await w.until_b(variant_stock)


async def test_given_keep_then_b_keeps_its_own_stock_and_no_stock_hook_is_registered(world):
    async with world() as w:
        scopes = {h["scope"] for h in await w.table("hooks", "storea")}
        assert "store/product/inventory/updated" not in scopes
        body = {"name": "Pan", "type": "physical", "sku": "PAN", "price": 20, "weight": 1}
        pid = (await w.create_product(**body, inventory_tracking="product", inventory_level=5))[
            "id"
        ]
        await w.until_b(lambda w: w.settled(pid))

        await w.update_product(pid, inventory_level=8, description="restocked")

        async def described(w):
            return (await w.b_product("PAN"))["description"] == "restocked"

        await w.until_b(described)
        assert (await w.b_product("PAN"))["inventory_level"] == 5
