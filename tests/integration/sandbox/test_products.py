"""Catalog products: create, read, update, delete, batch operations, filters."""

from __future__ import annotations

NEW = {"name": "Enamel Kettle", "type": "physical", "weight": 2.5, "price": 59.0}


async def test_given_the_required_fields_when_creating_then_200_with_documented_defaults(api):
    response = await api.post("/v3/catalog/products", json={**NEW, "sku": "EK-1"})
    assert response.status_code == 200
    product = response.json()["data"]
    assert product["id"] > 90
    assert product["calculated_price"] == 59.0
    assert product["inventory_tracking"] == "none"
    assert product["availability"] == "available"
    assert product["condition"] == "New"
    assert product["is_visible"] is True
    assert product["categories"] == []
    assert product["custom_url"] == {"url": "/enamel-kettle/", "is_customized": False}
    assert isinstance(product["base_variant_id"], int)
    assert product["date_created"].endswith("+00:00")


async def test_given_missing_required_fields_when_creating_then_422_names_each_one(api):
    response = await api.post("/v3/catalog/products", json={"name": "Half a product"})
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == 422
    assert set(body["errors"]) == {"type", "weight", "price"}


async def test_given_a_name_in_use_in_another_case_when_creating_then_409(api):
    body = {**NEW, "name": "[sample] orbit TERRARIUM - large"}
    response = await api.post("/v3/catalog/products", json=body)
    assert response.status_code == 409
    assert response.json()["status"] == 409


async def test_given_a_sku_used_by_a_variant_when_creating_a_product_then_409(api):
    response = await api.post("/v3/catalog/products", json={**NEW, "sku": "slctbs-m-bei"})
    assert response.status_code == 409


async def test_given_an_unknown_brand_or_category_id_when_writing_a_product_then_409_names_the_field(
    api,
):
    # products_catalog.v3.yml: create, update and batch update answer 409 for "a missing or
    # invalid `category_id`, `brand_id`, or `tax_class id`" (422 is for missing or invalid data)
    writes = []
    for body, field in (({"brand_id": 9999}, "brand_id"), ({"categories": [9999]}, "categories")):
        writes += [
            (await api.post("/v3/catalog/products", json={**NEW, **body}), field),
            (await api.put("/v3/catalog/products/77", json=body), field),
            (await api.put("/v3/catalog/products", json=[{"id": 77, **body}]), field),
        ]
    for response, field in writes:
        assert response.status_code == 409, response.text
        assert field in response.json()["errors"]
    product = (await api.get("/v3/catalog/products/77")).json()["data"]
    assert product["brand_id"] != 9999 and 9999 not in product["categories"]


async def test_given_embedded_variants_images_and_custom_fields_when_creating_then_all_exist(api):
    body = {
        **NEW,
        "variants": [
            {"sku": "EK-RED", "option_values": [{"option_display_name": "Colour", "label": "Red"}]},
            {
                "sku": "EK-GRN",
                "option_values": [{"option_display_name": "Colour", "label": "Green"}],
            },
        ],
        "images": [{"image_url": "https://example.com/kettle.png"}],
        "custom_fields": [{"name": "Material", "value": "Enamel"}],
    }
    product = (await api.post("/v3/catalog/products", json=body)).json()["data"]
    assert product["base_variant_id"] is None
    assert [v["sku"] for v in product["variants"]] == ["EK-RED", "EK-GRN"]
    assert all(isinstance(v["sku_id"], int) for v in product["variants"])
    assert product["images"][0]["is_thumbnail"] is True
    assert product["custom_fields"][0]["name"] == "Material"
    options = (await api.get(f"/v3/catalog/products/{product['id']}/options")).json()["data"]
    assert [v["label"] for v in options[0]["option_values"]] == ["Red", "Green"]


async def test_given_a_brand_name_when_creating_then_the_brand_is_created_and_not_echoed(api):
    product = await api.post("/v3/catalog/products", json={**NEW, "brand_name": "Le Creuset"})
    data = product.json()["data"]
    assert "brand_name" not in data
    brands = (await api.get("/v3/catalog/brands", params={"name": "Le Creuset"})).json()["data"]
    assert data["brand_id"] == brands[0]["id"]


async def test_given_a_partial_update_when_put_then_only_those_fields_change(api):
    response = await api.put("/v3/catalog/products/78", json={"price": 99.0, "sale_price": 89.0})
    product = response.json()["data"]
    assert response.status_code == 200
    assert (product["price"], product["calculated_price"]) == (99.0, 89.0)
    assert product["name"] == "[Sample] Orbit Terrarium - Large"


async def test_given_categories_on_update_when_put_then_the_whole_set_is_replaced(api):
    response = await api.put("/v3/catalog/products/77", json={"categories": [24]})
    assert response.json()["data"]["categories"] == [24]


async def test_given_a_product_when_deleted_then_204_and_then_404(api):
    deleted = await api.delete("/v3/catalog/products/79")
    assert deleted.status_code == 204
    assert deleted.content == b""
    missing = await api.get("/v3/catalog/products/79")
    assert missing.status_code == 404
    assert "errors" not in missing.json()


async def test_given_eleven_items_when_batch_updating_then_413_with_the_documented_message(api):
    items = [{"id": 77, "price": 1}] * 11
    response = await api.put("/v3/catalog/products", json=items)
    assert response.status_code == 413
    assert response.json()["title"] == (
        "The request payload is too large. The maximum items allowed in the array is 10."
    )


async def test_given_an_item_without_id_when_batch_updating_then_422(api):
    response = await api.put("/v3/catalog/products", json=[{"price": 3}])
    assert response.status_code == 422


async def test_given_two_items_when_batch_updating_then_both_change(api):
    items = [{"id": 84, "is_featured": True}, {"id": 85, "price": 8.5}]
    response = await api.put("/v3/catalog/products", json=items)
    assert response.status_code == 200
    assert [p["id"] for p in response.json()["data"]] == [84, 85]


async def test_given_no_filter_when_batch_deleting_then_422_and_nothing_is_deleted(api):
    response = await api.delete("/v3/catalog/products")
    assert response.status_code == 422
    total = (await api.get("/v3/catalog/products")).json()["meta"]["pagination"]["total"]
    assert total == 15


async def test_given_id_in_when_batch_deleting_then_204_and_they_are_gone(api):
    response = await api.delete("/v3/catalog/products", params={"id:in": "84,85"})
    assert response.status_code == 204
    left = await api.get("/v3/catalog/products", params={"id:in": "84,85"})
    assert left.json()["data"] == []


async def test_given_filters_when_listing_then_only_matching_products_return(api):
    by_ids = await api.get("/v3/catalog/products", params={"id:in": "77,78,999"})
    by_sku = await api.get("/v3/catalog/products", params={"sku": "OTL"})
    by_skus = await api.get("/v3/catalog/products", params={"sku:in": "OTL,DPB"})
    by_name = await api.get("/v3/catalog/products", params={"name": "[Sample] Utility Caddy"})
    assert [p["id"] for p in by_ids.json()["data"]] == [77, 78]
    assert [p["id"] for p in by_sku.json()["data"]] == [78]
    assert [p["id"] for p in by_skus.json()["data"]] == [78, 79]
    assert [p["id"] for p in by_name.json()["data"]] == [80]


async def test_given_a_variant_sku_when_filtering_products_by_sku_then_nothing_matches(api):
    response = await api.get("/v3/catalog/products", params={"sku": "SLCTBS-M-BEI"})
    assert response.json()["data"] == []


async def test_given_include_and_include_fields_when_listing_then_the_shape_follows(api):
    params = {"id:in": "77", "include": "variants,images,custom_fields", "include_fields": "name"}
    product = (await api.get("/v3/catalog/products", params=params)).json()["data"][0]
    assert set(product) == {"id", "name", "variants", "images", "custom_fields"}
    assert len(product["variants"]) == 4


async def test_given_include_options_when_listing_then_the_page_is_capped_at_ten(api):
    response = await api.get("/v3/catalog/products", params={"include": "options"})
    assert response.json()["meta"]["pagination"]["per_page"] == 10


async def test_given_date_modified_min_when_listing_then_only_recent_changes_return(api):
    await api.put("/v3/catalog/products/83", json={"warranty": "Lifetime"})
    stamp = (await api.get("/v3/catalog/products/83")).json()["data"]["date_modified"]
    response = await api.get("/v3/catalog/products", params={"date_modified:min": stamp})
    assert 83 in [p["id"] for p in response.json()["data"]]
