"""Merchant edits made in the control panel (`/_sandbox/stores/{hash}/...`): they change the store
like the API does and fire the webhooks BigCommerce fires for them, none where it fires none."""

from __future__ import annotations

import pytest

from storebridge_sandbox.testing import wait_until

STORE = "abc123"
EVERYTHING = (
    "store/product/*",
    "store/sku/*",
    "store/category/*",
    "store/channel/*",
    "store/metafield/*",
    "store/brand/metafield/*",
)


@pytest.fixture
async def hooked(api, receiver, subscribe):
    """Every catalog scope subscribed on the receiver."""
    for n, scope in enumerate(EVERYTHING):
        await subscribe(api, scope, f"{receiver.url}/{n}")
    return receiver


async def rename_brand(sandbox, api):
    await sandbox.merchant("PUT", "/brands/35", {"name": "OFS Studio"})


async def reorder_and_delete_images(sandbox, api):
    images = (await api.get("/v3/catalog/products/77/images")).json()["data"]
    await sandbox.merchant("PUT", f"/products/77/images/{images[0]['id']}", {"sort_order": 9})
    await sandbox.merchant("DELETE", f"/products/77/images/{images[1]['id']}")


async def edit_custom_fields(sandbox, api):
    fields = (await api.get("/v3/catalog/products/77/custom-fields")).json()["data"]
    await sandbox.merchant(
        "PUT", f"/products/77/custom-fields/{fields[0]['id']}", {"value": "Hemp"}
    )
    await sandbox.merchant("DELETE", f"/products/77/custom-fields/{fields[1]['id']}")


async def edit_bulk_pricing(sandbox, api):
    rules = (await api.get("/v3/catalog/products/91/bulk-pricing-rules")).json()["data"]
    await sandbox.merchant(
        "PUT", f"/products/91/bulk-pricing-rules/{rules[0]['id']}", {"amount": 7}
    )
    await sandbox.merchant("DELETE", f"/products/91/bulk-pricing-rules/{rules[1]['id']}")


async def edit_videos(sandbox, api):
    video = (await api.get("/v3/catalog/products/91/videos")).json()["data"][0]
    await sandbox.merchant("PUT", f"/products/91/videos/{video['id']}", {"title": "New title"})


async def edit_options_and_modifiers(sandbox, api):
    option = (await api.get("/v3/catalog/products/77/options")).json()["data"][0]
    await sandbox.merchant("PUT", f"/products/77/options/{option['id']}", {"display_name": "Sz"})
    modifier = (await api.get("/v3/catalog/products/91/modifiers")).json()["data"][2]
    value = modifier["option_values"][1]
    path = f"/products/91/modifiers/{modifier['id']}/values/{value['id']}"
    await sandbox.merchant(
        "PUT", path, {"adjusters": {"price": {"adjuster": "relative", "adjuster_value": 1}}}
    )


async def change_listing_state(sandbox, api):
    listing = (await api.get("/v3/channels/3/listings", params={"product_id:in": "80"})).json()[
        "data"
    ][0]
    body = [
        {"listing_id": listing["listing_id"], "product_id": 80, "state": "disabled", "variants": []}
    ]
    await sandbox.merchant("PUT", "/channels/3/listings", body)


QUIET = [
    rename_brand,
    reorder_and_delete_images,
    edit_custom_fields,
    edit_bulk_pricing,
    edit_videos,
    edit_options_and_modifiers,
    change_listing_state,
]


@pytest.mark.parametrize("edit", QUIET, ids=lambda e: e.__name__)
async def test_given_an_edit_bigcommerce_sends_no_webhook_for_when_made_then_none_arrives(
    sandbox, api, hooked, settle, edit
):
    await edit(sandbox, api)
    await sandbox.merchant("PUT", "/categories/19", {"description": "marker"})
    await wait_until(lambda: len(hooked.requests) >= 1)
    await settle(sandbox)
    assert [b["scope"] for b in hooked.bodies()] == ["store/category/updated"]


async def test_given_a_brand_renamed_by_the_merchant_then_the_api_reads_the_new_name(sandbox, api):
    renamed = await sandbox.merchant("PUT", "/brands/35", {"name": "OFS Studio"})
    clash = await sandbox.admin.put(f"/_sandbox/stores/{STORE}/brands/35", json={"name": "Chemex"})
    brand = (await api.get("/v3/catalog/brands/35")).json()["data"]
    assert renamed["data"]["name"] == brand["name"] == "OFS Studio"
    assert clash.status_code == 409


async def test_given_merchant_edits_that_do_fire_when_made_then_their_webhooks_arrive(
    sandbox, api, hooked, settle
):
    modifier = (await api.get("/v3/catalog/products/91/modifiers")).json()["data"][0]
    await sandbox.merchant("DELETE", f"/products/91/modifiers/{modifier['id']}")
    await sandbox.merchant(
        "PUT", "/products/channel-assignments", [{"product_id": 91, "channel_id": 2}]
    )
    await sandbox.merchant("PUT", "/products/91", {"price": 95})
    await sandbox.merchant("POST", "/products/91/images", {"image_url": "https://e.x/a.jpg"})
    await wait_until(lambda: len(hooked.requests) == 5)
    await settle(sandbox)
    scopes = sorted(b["scope"] for b in hooked.bodies())
    assert scopes == [
        "store/channel/2/product/assigned",
        "store/product/updated",
        "store/product/updated",
        "store/product/updated",
        "store/product/updated",
    ]


async def test_given_merchant_catalog_writes_when_made_then_no_quota_is_spent(sandbox, api):
    await sandbox.merchant("POST", "/products/81/videos", {"video_id": "cartvideo01"})
    await sandbox.merchant(
        "POST",
        "/products/81/bulk-pricing-rules",
        {"quantity_min": 2, "quantity_max": 0, "type": "price", "amount": 1},
    )
    await sandbox.merchant("POST", "/brands", {"name": "Merchant Brand"})
    stats = await sandbox.stats(STORE)
    product = (
        await api.get("/v3/catalog/products/81", params={"include": "videos,bulk_pricing_rules"})
    ).json()["data"]
    assert stats["total_calls"] == 0
    assert [v["video_id"] for v in product["videos"]] == ["cartvideo01"]
    assert len(product["bulk_pricing_rules"]) == 1
