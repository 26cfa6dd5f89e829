"""Variants, options, images and custom fields, with the webhook quirks they carry."""

from __future__ import annotations

from storebridge_sandbox.testing import wait_until

STORE = "abc123"


async def _option(api, product_id: int, name: str, labels: list[str]) -> dict:
    values = [{"label": label, "sort_order": n} for n, label in enumerate(labels)]
    body = {"display_name": name, "type": "rectangles", "option_values": values}
    response = await api.post(f"/v3/catalog/products/{product_id}/options", json=body)
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def test_given_a_product_without_options_when_listing_variants_then_one_base_variant(api):
    variants = (await api.get("/v3/catalog/products/78/variants")).json()["data"]
    product = (await api.get("/v3/catalog/products/78")).json()["data"]
    assert len(variants) == 1
    assert variants[0]["sku_id"] is None
    assert variants[0]["option_values"] == []
    assert variants[0]["sku"] == "OTL"
    assert product["base_variant_id"] == variants[0]["id"]


async def test_given_an_option_when_created_then_the_server_generates_a_name(api):
    option = await _option(api, 78, "Size", ["Small", "Large"])
    assert option["name"].startswith("Size")
    assert option["name"] != option["display_name"]
    assert [v["label"] for v in option["option_values"]] == ["Small", "Large"]


async def test_given_an_option_without_values_when_created_then_422(api):
    body = {"display_name": "Size", "type": "rectangles"}
    response = await api.post("/v3/catalog/products/78/options", json=body)
    assert response.status_code == 422
    assert "option_values" in response.json()["errors"]


async def test_given_option_values_when_posting_a_variant_then_it_gets_a_sku_id_and_replaces_the_base(
    api,
):
    option = await _option(api, 78, "Size", ["Small", "Large"])
    value = option["option_values"][0]
    body = {"sku": "OTL-S", "option_values": [{"id": value["id"], "option_id": option["id"]}]}
    response = await api.post("/v3/catalog/products/78/variants", json=body)
    variant = response.json()["data"]
    assert response.status_code == 200
    assert isinstance(variant["sku_id"], int)
    assert variant["price"] is None
    assert variant["calculated_price"] == 109.0
    assert variant["option_values"][0]["label"] == "Small"
    product = (await api.get("/v3/catalog/products/78")).json()["data"]
    assert product["base_variant_id"] is None


async def test_given_no_sku_or_unknown_option_values_when_posting_a_variant_then_422(api):
    option = await _option(api, 78, "Size", ["Small"])
    no_sku = {
        "option_values": [{"id": option["option_values"][0]["id"], "option_id": option["id"]}]
    }
    foreign = {"sku": "X-1", "option_values": [{"id": 999999, "option_id": option["id"]}]}
    first = await api.post("/v3/catalog/products/78/variants", json=no_sku)
    second = await api.post("/v3/catalog/products/78/variants", json=foreign)
    assert (first.status_code, second.status_code) == (422, 422)


async def test_given_a_sku_in_use_when_posting_a_variant_then_409(api):
    option = await _option(api, 78, "Size", ["Small"])
    value = {"id": option["option_values"][0]["id"], "option_id": option["id"]}
    response = await api.post(
        "/v3/catalog/products/78/variants", json={"sku": "dpb", "option_values": [value]}
    )
    assert response.status_code == 409


async def test_given_a_sku_when_searching_all_variants_then_the_variant_is_found(api):
    response = await api.get("/v3/catalog/variants", params={"sku": "ABS-COP"})
    variants = response.json()["data"]
    assert len(variants) == 1
    assert variants[0]["product_id"] == 87
    assert variants[0]["price"] == 245.0


async def test_given_variant_changes_when_made_then_store_sku_events_carry_the_sku_id(
    api, receiver, subscribe
):
    await subscribe(api, "store/sku/*", receiver.url)
    variant = (await api.get("/v3/catalog/variants", params={"sku": "OFSUC-BLK"})).json()["data"][0]
    await api.put(f"/v3/catalog/products/80/variants/{variant['id']}", json={"price": 41.0})
    await api.delete(f"/v3/catalog/products/80/variants/{variant['id']}")
    await wait_until(lambda: len(receiver.requests) == 2)
    expected = {
        "type": "sku",
        "id": variant["sku_id"],
        "sku": {"product_id": 80, "variant_id": variant["id"]},
    }
    assert [b["scope"] for b in receiver.bodies()] == ["store/sku/updated", "store/sku/deleted"]
    assert all(b["data"] == expected for b in receiver.bodies())


async def test_given_an_option_when_deleted_then_store_sku_created_fires_for_its_skus(
    api, receiver, subscribe
):
    await subscribe(api, "store/sku/created", receiver.url)
    options = (await api.get("/v3/catalog/products/87/options")).json()["data"]
    response = await api.delete(f"/v3/catalog/products/87/options/{options[0]['id']}")
    assert response.status_code == 204
    await wait_until(lambda: len(receiver.requests) == 2)
    assert {b["data"]["sku"]["product_id"] for b in receiver.bodies()} == {87}
    variants = (await api.get("/v3/catalog/products/87/variants")).json()["data"]
    assert [v["sku_id"] for v in variants] == [None]


async def test_given_a_product_without_images_when_listing_images_then_204_with_no_body(api):
    response = await api.get("/v3/catalog/products/81/images")
    assert response.status_code == 204
    assert response.content == b""


async def test_given_an_image_url_when_creating_an_image_then_cdn_urls_are_given_and_it_is_thumbnail(
    api,
):
    url = "https://example.com/photos/cart.png"
    response = await api.post("/v3/catalog/products/81/images", json={"image_url": url})
    image = response.json()["data"]
    assert response.status_code == 200
    assert image["image_url"] == url
    assert image["is_thumbnail"] is True
    for key in ("url_zoom", "url_standard", "url_thumbnail", "url_tiny"):
        assert image[key].startswith(f"https://cdn11.bigcommerce.com/s-{STORE}/images/stencil/")
        assert image[key].endswith(".png")


async def test_given_a_new_thumbnail_when_set_then_the_product_keeps_exactly_one(api):
    images = (await api.get("/v3/catalog/products/77/images")).json()["data"]
    second = images[1]["id"]
    await api.put(f"/v3/catalog/products/77/images/{second}", json={"is_thumbnail": True})
    images = (await api.get("/v3/catalog/products/77/images")).json()["data"]
    assert [i["id"] for i in images if i["is_thumbnail"]] == [second]


async def test_given_an_image_when_created_then_product_updated_arrives_twice_with_one_hash(
    api, receiver, subscribe
):
    await subscribe(api, "store/product/updated", receiver.url)
    await api.post("/v3/catalog/products/81/images", json={"image_url": "https://e.x/a.jpg"})
    await wait_until(lambda: len(receiver.requests) == 2)
    bodies = receiver.bodies()
    assert bodies[0]["hash"] == bodies[1]["hash"]
    assert bodies[0]["data"] == {"type": "product", "id": 81}


async def test_given_an_image_without_url_when_created_then_422(api):
    response = await api.post("/v3/catalog/products/81/images", json={"description": "x"})
    assert response.status_code == 422


async def test_given_custom_fields_when_managed_then_crud_works(api):
    created = await api.post(
        "/v3/catalog/products/81/custom-fields", json={"name": "Wheels", "value": "4"}
    )
    field_id = created.json()["data"]["id"]
    updated = await api.put(
        f"/v3/catalog/products/81/custom-fields/{field_id}", json={"value": "6"}
    )
    listed = await api.get("/v3/catalog/products/81/custom-fields")
    deleted = await api.delete(f"/v3/catalog/products/81/custom-fields/{field_id}")
    assert created.json()["data"] == {"id": field_id, "name": "Wheels", "value": "4"}
    assert updated.json()["data"]["value"] == "6"
    assert [f["name"] for f in listed.json()["data"]] == ["Wheels"]
    assert deleted.status_code == 204


async def test_given_a_custom_field_without_value_when_created_then_422(api):
    response = await api.post("/v3/catalog/products/81/custom-fields", json={"name": "Wheels"})
    assert response.status_code == 422
