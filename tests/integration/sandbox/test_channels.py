"""Channels and channel listings."""

from __future__ import annotations


async def test_given_the_seed_when_listing_channels_then_storefront_1_is_there(api):
    channels = (await api.get("/v3/channels")).json()["data"]
    assert channels[0]["id"] == 1
    assert channels[0]["type"] == "storefront"
    assert [c["platform"] for c in channels] == ["bigcommerce", "amazon", "ebay"]


async def test_given_a_channel_when_created_then_200_and_required_fields_are_enforced(api):
    good = await api.post(
        "/v3/channels", json={"name": "Google", "type": "marketing", "platform": "google_shopping"}
    )
    bad = await api.post("/v3/channels", json={"name": "Nameless"})
    assert good.status_code == 200
    assert good.json()["data"]["status"] == "connected"
    assert bad.status_code == 422


async def test_given_listings_when_filtered_by_product_then_only_those_return(api):
    response = await api.get("/v3/channels/2/listings", params={"product_id:in": "78,86"})
    listings = response.json()["data"]
    assert [item["product_id"] for item in listings] == [78, 86]
    assert listings[0]["variants"][0]["product_id"] == 78


async def test_given_more_listings_than_the_limit_when_paging_with_after_then_the_cursor_moves(api):
    first = (await api.get("/v3/channels/2/listings", params={"limit": 2})).json()
    cursor = first["data"][-1]["listing_id"]
    second = (await api.get("/v3/channels/2/listings", params={"limit": 2, "after": cursor})).json()
    assert first["meta"]["pagination"]["links"]["next"] == f"?limit=2&after={cursor}"
    assert [item["product_id"] for item in second["data"]] == [86]
    assert "next" not in second["meta"]["pagination"]["links"]


async def test_given_an_unknown_channel_when_listing_then_200_with_empty_data(api):
    response = await api.get("/v3/channels/9999/listings")
    assert response.status_code == 200
    assert response.json()["data"] == []


async def test_given_a_listing_when_posted_then_it_is_created_with_its_variants(api):
    variants = (await api.get("/v3/catalog/products/82/variants")).json()["data"]
    body = [
        {
            "product_id": 82,
            "state": "active",
            "variants": [
                {"product_id": 82, "variant_id": v["id"], "state": "active"} for v in variants
            ],
        }
    ]
    response = await api.post("/v3/channels/3/listings", json=body)
    listing = response.json()["data"][0]
    assert response.status_code == 200
    assert listing["channel_id"] == 3
    assert len(listing["variants"]) == 2


async def test_given_a_listing_missing_variants_when_posted_then_422(api):
    response = await api.post(
        "/v3/channels/3/listings", json=[{"product_id": 82, "state": "active"}]
    )
    assert response.status_code == 422


async def test_given_a_put_with_known_and_unknown_listings_then_only_known_ones_return(api):
    current = (await api.get("/v3/channels/3/listings")).json()["data"][0]
    body = [
        {
            "listing_id": current["listing_id"],
            "product_id": current["product_id"],
            "state": "disabled",
            "variants": [],
        },
        {"listing_id": 987654, "product_id": 80, "state": "active", "variants": []},
    ]
    response = await api.put("/v3/channels/3/listings", json=body)
    data = response.json()["data"]
    assert response.status_code == 200
    assert [(item["listing_id"], item["state"]) for item in data] == [
        (current["listing_id"], "disabled")
    ]
    assert len(data[0]["variants"]) == len(current["variants"])


async def test_given_the_admin_listing_endpoint_when_posting_then_the_listing_exists(sandbox, api):
    body = [{"product_id": 85, "state": "pending", "variants": []}]
    response = await sandbox.admin.post("/_sandbox/stores/abc123/channels/2/listings", json=body)
    assert response.status_code == 200
    listed = await api.get("/v3/channels/2/listings", params={"product_id:in": "85"})
    assert [item["state"] for item in listed.json()["data"]] == ["pending"]
