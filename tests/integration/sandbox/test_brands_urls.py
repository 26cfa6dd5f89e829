"""Brands (update, image) and storefront URLs of products, categories and brands."""

from __future__ import annotations

STORE = "abc123"
PNG = b"\x89PNG\r\n\x1a\nsandbox"


async def test_given_a_brand_when_updated_then_every_field_round_trips(api):
    body = {
        "name": "OFS Home",
        "page_title": "OFS Home goods",
        "meta_keywords": ["home", "storage"],
        "meta_description": "Storage for every room.",
        "search_keywords": "ofs, storage",
        "image_url": "https://e.x/ofs.png",
        "custom_url": {"url": "/brands/ofs-home/", "is_customized": True},
    }
    updated = (await api.put("/v3/catalog/brands/35", json=body)).json()["data"]
    fetched = (await api.get("/v3/catalog/brands/35")).json()["data"]
    assert updated == fetched == {"id": 35, **body}


async def test_given_a_taken_name_when_renaming_a_brand_then_409_and_case_does_not_matter(api):
    response = await api.put("/v3/catalog/brands/35", json={"name": "common good"})
    same = await api.put("/v3/catalog/brands/35", json={"name": "ofs"})
    assert response.status_code == 409
    assert same.status_code == 200


async def test_given_a_brand_renamed_when_reading_its_products_then_they_keep_the_brand_id(api):
    await api.put("/v3/catalog/brands/35", json={"name": "OFS Renamed"})
    product = (await api.get("/v3/catalog/products/77")).json()["data"]
    brand = (await api.get("/v3/catalog/brands/35")).json()["data"]
    assert (product["brand_id"], brand["name"]) == (35, "OFS Renamed")


async def test_given_an_image_file_when_posted_to_a_brand_then_it_gets_a_cdn_image_url(api):
    files = {"image_file": ("logo.png", PNG, "image/png")}
    response = await api.post("/v3/catalog/brands/36/image", files=files)
    image_url = response.json()["data"]["image_url"]
    brand = (await api.get("/v3/catalog/brands/36")).json()["data"]
    deleted = await api.delete("/v3/catalog/brands/36/image")
    after = (await api.get("/v3/catalog/brands/36")).json()["data"]
    assert response.status_code == 200
    assert image_url.startswith(f"https://cdn11.bigcommerce.com/s-{STORE}/product_images/l/logo__")
    assert brand["image_url"] == image_url
    assert (deleted.status_code, after["image_url"]) == (204, "")


async def test_given_no_image_file_when_posting_a_brand_image_then_422(api):
    json_body = await api.post("/v3/catalog/brands/36/image", json={"image_url": "x"})
    wrong_type = await api.post(
        "/v3/catalog/brands/36/image", files={"image_file": ("notes.txt", b"hi", "text/plain")}
    )
    assert (json_body.status_code, wrong_type.status_code) == (422, 422)


async def test_given_the_seed_when_reading_brand_38_then_it_has_an_image(api):
    brand = (await api.get("/v3/catalog/brands/38")).json()["data"]
    assert brand["image_url"].endswith("chemex-logo.png")


async def test_given_an_image_file_when_posted_to_a_category_then_it_gets_a_cdn_url(api):
    files = {"image_file": ("Kitchen.JPG", PNG, "image/jpeg")}
    response = await api.post("/v3/catalog/categories/19/image", files=files)
    category = (await api.get("/v3/catalog/categories/19")).json()["data"]
    assert response.status_code == 200
    assert category["image_url"] == response.json()["data"]["image_url"]
    assert category["image_url"].endswith(".jpg")


async def test_given_no_custom_url_when_creating_then_one_is_generated_from_the_name(api):
    body = {"name": "Copper Kettle", "type": "physical", "weight": 1, "price": 5}
    product = (await api.post("/v3/catalog/products", json=body)).json()["data"]
    brand = (await api.post("/v3/catalog/brands", json={"name": "Copper Co"})).json()["data"]
    category = (
        await api.post("/v3/catalog/categories", json={"name": "Kettles", "parent_id": 24})
    ).json()["data"]
    cookware = (await api.get("/v3/catalog/categories/24")).json()["data"]
    assert product["custom_url"] == {"url": "/copper-kettle/", "is_customized": False}
    assert brand["custom_url"] == {"url": "/copper-co/", "is_customized": False}
    assert category["custom_url"] == {
        "url": cookware["custom_url"]["url"] + "kettles/",
        "is_customized": False,
    }


async def test_given_a_generated_url_that_is_taken_when_creating_then_a_free_one_is_chosen(api):
    await api.post("/v3/catalog/brands", json={"name": "Stone Ware"})
    body = {"name": "Stone-Ware", "type": "physical", "weight": 1, "price": 5}
    product = (await api.post("/v3/catalog/products", json=body)).json()["data"]
    assert product["custom_url"] == {"url": "/stone-ware-1/", "is_customized": False}


async def test_given_a_custom_url_taken_by_any_resource_when_set_then_409(api):
    taken = (await api.get("/v3/catalog/products/77")).json()["data"]["custom_url"]["url"]
    brand_url = (await api.get("/v3/catalog/brands/35")).json()["data"]["custom_url"]["url"]
    product = await api.put("/v3/catalog/products/78", json={"custom_url": {"url": taken}})
    category = await api.put(
        "/v3/catalog/categories/19", json={"custom_url": {"url": taken.upper()}}
    )
    body = {
        "name": "New",
        "type": "physical",
        "weight": 1,
        "price": 1,
        "custom_url": {"url": brand_url},
    }
    created = await api.post("/v3/catalog/products", json=body)
    brand = await api.post("/v3/catalog/brands", json={"name": "B", "custom_url": {"url": taken}})
    assert [r.status_code for r in (product, category, created, brand)] == [409] * 4
    assert "custom_url" in product.json()["errors"]
    assert "already in use" in product.json()["title"]


async def test_given_its_own_url_or_a_free_one_when_set_then_it_is_kept_customized(api):
    own = (await api.get("/v3/catalog/products/78")).json()["data"]["custom_url"]["url"]
    kept = await api.put(
        "/v3/catalog/products/78", json={"custom_url": {"url": own, "is_customized": False}}
    )
    free = await api.put("/v3/catalog/products/78", json={"custom_url": {"url": "/terrarium-xl/"}})
    bad = await api.put("/v3/catalog/products/78", json={"custom_url": {"url": ""}})
    assert kept.json()["data"]["custom_url"] == {"url": own, "is_customized": False}
    assert free.json()["data"]["custom_url"] == {"url": "/terrarium-xl/", "is_customized": True}
    assert bad.status_code == 422
