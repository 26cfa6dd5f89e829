"""`date_modified`: which edits move a product's, and the `date_modified:min|max` filters.

One test per row of the table in docs/sandbox.md ("date_modified"). Seeded products carry the
fixture's date (2026-11-02T09:00:00+00:00), so an edit that moves it shows as a later date.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest

SEEDED = "2026-11-02T09:00:00+00:00"
Edit = Callable[..., Awaitable[object]]


async def _first_variant(api, product_id: int) -> dict:
    return (await api.get(f"/v3/catalog/products/{product_id}/variants")).json()["data"][0]


async def _option(api, product_id: int) -> dict:
    return (await api.get(f"/v3/catalog/products/{product_id}/options")).json()["data"][0]


async def edit_fields(api):
    await api.put("/v3/catalog/products/77", json={"warranty": "Two years"})


async def edit_silent_fields(api):
    await api.put("/v3/catalog/products/77", json={"mpn": "MPN-77", "gtin": "0001"})


async def edit_batch(api):
    await api.put("/v3/catalog/products", json=[{"id": 77, "price": 50}])


async def edit_stock(api):
    await api.put("/v3/catalog/products/81", json={"inventory_level": 4})


async def edit_base_variant(api):
    variant = await _first_variant(api, 79)
    await api.put(f"/v3/catalog/products/79/variants/{variant['id']}", json={"inventory_level": 3})


async def edit_variant(api):
    variant = await _first_variant(api, 77)
    await api.put(f"/v3/catalog/products/77/variants/{variant['id']}", json={"price": 60})


async def edit_variant_stock(api):
    variant = await _first_variant(api, 77)
    await api.put(f"/v3/catalog/products/77/variants/{variant['id']}", json={"inventory_level": 1})


async def create_variant(api):
    option = await _option(api, 80)
    refs = [{"id": option["option_values"][-1]["id"], "option_id": option["id"]}]
    await api.post(
        "/v3/catalog/products/80/variants", json={"sku": "OFSUC-X", "option_values": refs}
    )


async def delete_variant(api):
    variant = await _first_variant(api, 80)
    await api.delete(f"/v3/catalog/products/80/variants/{variant['id']}")


async def edit_option(api):
    option = await _option(api, 77)
    await api.put(f"/v3/catalog/products/77/options/{option['id']}", json={"display_name": "Sz"})
    value = option["option_values"][0]
    url = f"/v3/catalog/products/77/options/{option['id']}/values/{value['id']}"
    await api.put(url, json={"sort_order": 7})


async def edit_modifiers(api):
    modifiers = (await api.get("/v3/catalog/products/91/modifiers")).json()["data"]
    await api.put(
        f"/v3/catalog/products/91/modifiers/{modifiers[0]['id']}", json={"required": True}
    )
    await api.delete(f"/v3/catalog/products/91/modifiers/{modifiers[1]['id']}")


async def edit_images(api):
    images = (await api.get("/v3/catalog/products/77/images")).json()["data"]
    await api.put(f"/v3/catalog/products/77/images/{images[1]['id']}", json={"is_thumbnail": True})
    await api.put(f"/v3/catalog/products/77/images/{images[0]['id']}", json={"sort_order": 5})
    await api.post("/v3/catalog/products/77/images", json={"image_url": "https://e.x/n.jpg"})
    await api.delete(f"/v3/catalog/products/77/images/{images[0]['id']}")


async def edit_custom_fields(api):
    fields = (await api.get("/v3/catalog/products/77/custom-fields")).json()["data"]
    await api.put(
        f"/v3/catalog/products/77/custom-fields/{fields[0]['id']}", json={"value": "Silk"}
    )
    await api.post("/v3/catalog/products/77/custom-fields", json={"name": "Origin", "value": "PT"})


async def edit_bulk_pricing(api):
    body = {"quantity_min": 10, "quantity_max": 0, "type": "percent", "amount": 3}
    await api.post("/v3/catalog/products/77/bulk-pricing-rules", json=body)


async def edit_videos(api):
    await api.post("/v3/catalog/products/77/videos", json={"video_id": "towelvideo1"})


async def edit_metafields(api):
    body = {"namespace": "n", "key": "k", "value": "v", "permission_set": "write"}
    await api.post("/v3/catalog/products/77/metafields", json=body)


async def edit_channels(api):
    await api.put(
        "/v3/catalog/products/channel-assignments", json=[{"product_id": 77, "channel_id": 3}]
    )
    await api.delete(
        "/v3/catalog/products/channel-assignments",
        params={"product_id:in": "77", "channel_id:in": "2"},
    )


async def edit_listing(api):
    listing = (await api.get("/v3/channels/2/listings", params={"product_id:in": "77"})).json()[
        "data"
    ][0]
    body = [
        {
            **{k: listing[k] for k in ("listing_id", "product_id")},
            "state": "disabled",
            "variants": [],
        }
    ]
    await api.put("/v3/channels/2/listings", json=body)


async def rename_brand_and_category(api):
    await api.put("/v3/catalog/brands/35", json={"name": "OFS Renamed"})
    await api.put("/v3/catalog/categories/21", json={"name": "Utility Room"})


MOVES = [edit_fields, edit_silent_fields, edit_batch, edit_stock, edit_base_variant]
STAYS = [
    edit_variant,
    edit_variant_stock,
    create_variant,
    delete_variant,
    edit_option,
    edit_modifiers,
    edit_images,
    edit_custom_fields,
    edit_bulk_pricing,
    edit_videos,
    edit_metafields,
    edit_channels,
    edit_listing,
    rename_brand_and_category,
]
TOUCHED = {
    "edit_stock": 81,
    "edit_base_variant": 79,
    "create_variant": 80,
    "delete_variant": 80,
    "edit_modifiers": 91,
}


async def _modified(api, product_id: int) -> str:
    return (await api.get(f"/v3/catalog/products/{product_id}")).json()["data"]["date_modified"]


@pytest.mark.parametrize("edit", MOVES, ids=lambda e: e.__name__)
async def test_given_a_product_record_edit_when_made_then_date_modified_moves(api, edit: Edit):
    product_id = TOUCHED.get(edit.__name__, 77)
    assert await _modified(api, product_id) == SEEDED
    await edit(api)
    after = await _modified(api, product_id)
    assert datetime.fromisoformat(after) > datetime.fromisoformat(SEEDED)


@pytest.mark.parametrize("edit", STAYS, ids=lambda e: e.__name__)
async def test_given_a_sub_resource_edit_when_made_then_date_modified_stays(api, edit: Edit):
    product_id = TOUCHED.get(edit.__name__, 77)
    await edit(api)
    assert await _modified(api, product_id) == SEEDED


async def test_given_categories_and_brands_when_read_then_they_have_no_date_modified(api):
    category = (await api.get("/v3/catalog/categories/18")).json()["data"]
    brand = (await api.get("/v3/catalog/brands/35")).json()["data"]
    assert "date_modified" not in category
    assert "date_modified" not in brand


async def test_given_date_modified_min_on_categories_or_brands_then_the_filter_is_ignored(api):
    params = {"date_modified:min": "2100-01-01T00:00:00Z"}
    categories = (await api.get("/v3/catalog/categories", params=params)).json()
    brands = (await api.get("/v3/catalog/brands", params=params)).json()
    assert categories["meta"]["pagination"]["total"] == 11
    assert brands["meta"]["pagination"]["total"] == 4


async def test_given_iso_unix_and_bare_dates_when_filtering_products_then_each_form_works(api):
    await api.put("/v3/catalog/products/83", json={"warranty": "Lifetime"})
    changed = await _modified(api, 83)
    unix = str(int(datetime.fromisoformat(changed).timestamp()))
    forms = {
        "iso": {"date_modified:min": changed},
        "unix": {"date_modified:min": unix},
        "max": {"date_modified:max": "2026-11-02T09:00:00Z"},
        "bare": {"date_modified:min": "2026-11-01"},
    }
    found = {
        name: [p["id"] for p in (await api.get("/v3/catalog/products", params=q)).json()["data"]]
        for name, q in forms.items()
    }
    assert found["iso"] == found["unix"] == [83]
    assert 83 not in found["max"] and len(found["max"]) == 14
    assert 83 in found["bare"]
    bad = await api.get("/v3/catalog/products", params={"date_modified:min": "yesterday"})
    assert bad.status_code == 422


async def test_given_a_bare_date_when_filtering_then_the_time_of_day_of_the_request_is_added(
    sandbox, api
):
    today = datetime.now(UTC).date().isoformat()
    product = {"name": "Midnight", "type": "physical", "weight": 1, "price": 1}
    await sandbox.load_fixture({"products": [{**product, "date_modified": f"{today}T00:00:00Z"}]})
    by_date = await api.get("/v3/catalog/products", params={"date_modified:min": today})
    by_midnight = await api.get(
        "/v3/catalog/products", params={"date_modified:min": f"{today}T00:00:00Z"}
    )
    assert by_date.json()["data"] == []
    assert [p["name"] for p in by_midnight.json()["data"]] == ["Midnight"]
