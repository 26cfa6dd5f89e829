"""Replay (the event-sourcing promise): republishing a window rebuilds what catalog-sync derives.

Store B loses its whole catalog; `storebridge replay` republishes A's stored events of the window;
catalog-sync, being idempotent and SKU-keyed, rebuilds B to the same state it had.
"""

from __future__ import annotations

import argparse
from datetime import timedelta

import pytest

from storebridge_cli.commands.replay import replay_window
from storebridge_shared.events.envelope import utcnow
from tests.integration.catalog_sync.conftest import A, B

pytestmark = pytest.mark.integration

MUG = {
    "name": "Enamel Mug",
    "type": "physical",
    "sku": "MUG-1",
    "price": 12.5,
    "weight": 0.4,
    "categories": [20],
    "brand_id": 35,
    "images": [{"image_url": "https://img.example.com/mug.jpg", "is_thumbnail": True}],
}
KETTLE = {
    "name": "Kettle",
    "type": "physical",
    "sku": "KTL-1",
    "price": 40,
    "weight": 1.2,
    "categories": [22],
    "brand_id": 36,
}


async def catalog_of(w, store: str) -> dict[str, dict]:
    """B's catalog as a merchant sees it: per SKU, the fields, brand, category path and images."""
    tables = (await w.sandbox.state(store))["tables"]
    brands = {b["id"]: b["name"] for b in tables.get("brands", [])}
    categories = {c["id"]: c for c in tables.get("categories", [])}

    def path(category_id: int) -> str:
        names = []
        while category_id:
            names.append(categories[category_id]["name"])
            category_id = categories[category_id]["parent_id"]
        return "/".join(reversed(names))

    images = tables.get("images", [])
    return {
        p["sku"]: {
            "name": p["name"],
            "price": p["price"],
            "weight": p["weight"],
            "brand": brands.get(p["brand_id"]),
            "categories": sorted(map(path, p["categories"])),
            "images": sorted(i["image_url"] for i in images if i["product_id"] == p["id"]),
        }
        for p in tables.get("products", [])
    }


async def test_given_b_lost_its_catalog_when_a_window_of_events_is_replayed_then_b_is_rebuilt_to_the_same_state(
    world,
):
    async with world() as w:
        since = (utcnow() - timedelta(seconds=5)).isoformat()
        mug = await w.create_product(**MUG)
        kettle = await w.create_product(**KETTLE)
        await w.update_product(mug["id"], name="Enamel Mug XL", price=14)

        async def both_synced(w) -> bool:
            catalog = await catalog_of(w, B)
            return catalog.get("MUG-1", {}).get("price") == 14 and "KTL-1" in catalog

        await w.until_b(both_synced)

        async def quiet(w) -> bool:  # no sync of A's events still to come or under way
            total = await w.db.events.count_documents({"store_hash": A})
            idle = [await w.settled(p["id"]) for p in (mug, kettle)]
            return all(idle) and await w.processed() == total

        await w.until_b(quiet)
        before = await catalog_of(w, B)
        await w.sandbox.load_fixture({}, B)  # B loses its catalog (brands and categories too)
        assert await catalog_of(w, B) == {}

        replayed = await replay_window(
            w.settings,
            argparse.Namespace(
                store=A,
                scope=["store/product/*", "store/category/*", "store/sku/*"],
                since=since,
                until=None,
                dry_run=False,
                yes=True,
            ),
        )

        assert replayed == 0

        async def rebuilt(w) -> bool:
            return await catalog_of(w, B) == before

        await w.until_b(rebuilt, timeout=30)
        assert before["MUG-1"]["categories"] == ["Kitchen/Cookware"]
        assert before["KTL-1"]["categories"] == ["Garden/Cookware"]
