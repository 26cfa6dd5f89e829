"""Brand, categories, images, variants and the channel rule, end to end from A to B."""

from __future__ import annotations

import pytest

from tests.integration.catalog_sync.conftest import AMAZON

pytestmark = pytest.mark.integration

TOWEL = {
    "name": "Linen Towel",
    "type": "physical",
    "sku": "TWL",
    "price": 49,
    "weight": 1,
    "brand_id": 35,
    "categories": [18],
    "images": [
        {"image_url": "https://img.example.com/towel-a.jpg", "is_thumbnail": True},
        {"image_url": "https://img.example.com/towel-b.jpg", "sort_order": 1},
    ],
    "custom_fields": [{"name": "Material", "value": "Linen"}],
}
SIZES = {
    "display_name": "Size",
    "type": "rectangles",
    "option_values": [{"label": "S", "sort_order": 0}, {"label": "M", "sort_order": 1}],
}


async def add_options(w, pid):
    """Options have no admin endpoint with webhooks: they are set up through the API of A."""
    async with w.sandbox.api_client("storea") as api:
        answer = await api.post(f"/v3/catalog/products/{pid}/options", json=SIZES)
    return answer.json()["data"]


def variant(sku, label, **extra):
    return {"sku": sku, "option_values": [{"option_display_name": "Size", "label": label}], **extra}


async def b_variants(w, sku):
    product = await w.b_product(sku)
    if product is None:
        return {}
    rows = [
        v
        for v in await w.table("variants")
        if v["product_id"] == product["id"] and v["option_values"]
    ]
    return {v["sku"]: v for v in rows}


async def test_given_variants_added_changed_and_removed_in_a_then_b_follows_and_keeps_its_ids(
    world,
):
    async with world() as w:
        pid = (await w.create_product(**TOWEL))["id"]
        await add_options(w, pid)
        await w.admin("POST", f"/products/{pid}/variants", variant("TWL-S", "S", price=50))
        small = await w.admin("POST", f"/products/{pid}/variants", variant("TWL-M", "M"))
        await w.until_b(lambda w: _has(w, "TWL", {"TWL-S", "TWL-M"}))
        kept_id = (await b_variants(w, "TWL"))["TWL-S"]["id"]

        await w.admin("PUT", f"/products/{pid}/variants/{small['id']}", {"price": 61})

        async def repriced(w):
            found = await b_variants(w, "TWL")
            return "TWL-M" in found and found["TWL-M"]["price"] == 61

        await w.until_b(repriced)
        await w.admin("DELETE", f"/products/{pid}/variants/{small['id']}")

        await w.until_b(lambda w: _has(w, "TWL", {"TWL-S"}))
        found = await b_variants(w, "TWL")
        assert found["TWL-S"]["id"] == kept_id, "B's variant kept its id"
        assert found["TWL-S"]["price"] == 50


async def _has(w, sku, skus):
    return set(await b_variants(w, sku)) == skus


async def test_given_images_added_and_removed_in_a_then_b_mirrors_them_without_recreating(world):
    async with world() as w:
        pid = (await w.create_product(**TOWEL))["id"]
        await w.until_b(lambda w: _images(w, 2))
        before = {i["image_url"]: i["id"] for i in await w.table("images")}
        a_images = [i for i in await w.table("images", "storea") if i["product_id"] == pid]
        second = next(i for i in a_images if i["image_url"].endswith("towel-b.jpg"))

        await w.admin(
            "POST", f"/products/{pid}/images", {"image_url": "https://img.example.com/towel-c.jpg"}
        )
        await w.until_b(lambda w: _images(w, 3))
        await w.admin("DELETE", f"/products/{pid}/images/{second['id']}")
        await w.update_product(pid, description="poke")  # image deletes fire no webhook

        async def mirrored(w):
            urls = {i["image_url"] for i in await w.table("images")}
            return urls == {
                "https://img.example.com/towel-a.jpg",
                "https://img.example.com/towel-c.jpg",
            }

        await w.until_b(mirrored)
        after = {i["image_url"]: i["id"] for i in await w.table("images")}
        assert (
            after["https://img.example.com/towel-a.jpg"]
            == before["https://img.example.com/towel-a.jpg"]
        )
        thumbs = [i for i in await w.table("images") if i["is_thumbnail"]]
        assert [t["image_url"] for t in thumbs] == ["https://img.example.com/towel-a.jpg"]


async def _images(w, count):
    return len(await w.table("images")) == count


async def test_given_a_brand_change_and_a_category_move_to_new_parents_then_b_follows_by_name_and_path(
    world,
):
    async with world() as w:
        pid = (await w.create_product(**{**TOWEL, "images": []}))["id"]
        await w.until_b(lambda w: w.b_product("TWL"))
        outdoor = await w.admin("POST", "/categories", {"name": "Outdoor", "parent_id": 0})
        towels = await w.admin(
            "POST", "/categories", {"name": "Towels", "parent_id": outdoor["id"]}
        )

        await w.update_product(pid, brand_id=36, categories=[towels["id"], 22])

        async def moved(w):
            product = await w.b_product("TWL")
            return product and len(product["categories"]) == 2

        await w.until_b(moved)
        product = await w.b_product("TWL")
        brands = {b["id"]: b["name"] for b in await w.table("brands")}
        assert brands[product["brand_id"]] == "Ofs Select"
        categories = {c["id"]: c for c in await w.table("categories")}
        paths = sorted(
            f"{categories[c['parent_id']]['name']}/{c['name']}"
            for c in (categories[i] for i in product["categories"])
        )
        assert paths == ["Garden/Cookware", "Outdoor/Towels"]
        assert len([c for c in categories.values() if c["name"] == "Outdoor"]) == 1


@pytest.mark.parametrize(("listing", "expected"), [("active", "available"), (None, "disabled")])
async def test_given_the_channel_rule_when_a_product_is_assigned_and_listed_then_availability_follows(
    world, listing, expected
):
    async with world(store_b_channel_on_store_a=AMAZON) as w:
        product = {**TOWEL, "images": [], "availability": "available"}
        if listing is None:
            pid = (await w.create_product(**product))["id"]
        else:
            pid = (await w.create_product(**{**product, "availability": "disabled"}))["id"]
            await w.admin(
                "POST",
                f"/channels/{AMAZON}/listings",
                [{"product_id": pid, "state": listing, "variants": []}],
            )
            await w.admin(
                "PUT", "/products/channel-assignments", [{"product_id": pid, "channel_id": AMAZON}]
            )

        async def applied(w):
            found = await w.b_product("TWL")
            return found and found["availability"] == expected

        await w.until_b(applied)
