"""Options and variants: display names, value order, uniqueness rules, variant images."""

from __future__ import annotations

STORE = "abc123"
PRODUCT = "/v3/catalog/products/82"


async def _variants(api, product: str = PRODUCT) -> list[dict]:
    return (await api.get(f"{product}/variants")).json()["data"]


async def _options(api) -> list[dict]:
    return (await api.get(f"{PRODUCT}/options")).json()["data"]


async def test_given_an_option_renamed_when_reading_variants_then_they_show_the_new_names(api):
    option = (await _options(api))[0]
    value = option["option_values"][0]
    await api.put(f"{PRODUCT}/options/{option['id']}", json={"display_name": "Bottle size"})
    await api.put(f"{PRODUCT}/options/{option['id']}/values/{value['id']}", json={"label": "Tiny"})
    renamed = (await api.get(f"{PRODUCT}/options/{option['id']}")).json()["data"]
    refs = [ov for v in await _variants(api) for ov in v["option_values"]]
    assert renamed["display_name"] == "Bottle size"
    assert {r["option_display_name"] for r in refs if r["option_id"] == option["id"]} == {
        "Bottle size"
    }
    assert "Tiny" in {r["label"] for r in refs if r["id"] == value["id"]}


async def test_given_value_sort_orders_when_swapped_then_the_values_list_in_the_new_order(api):
    option = (await _options(api))[0]
    labels = [v["label"] for v in option["option_values"]]
    first, second = option["option_values"][:2]
    url = f"{PRODUCT}/options/{option['id']}/values"
    await api.put(f"{url}/{first['id']}", json={"sort_order": second["sort_order"]})
    await api.put(f"{url}/{second['id']}", json={"sort_order": first["sort_order"]})
    listed = (await api.get(url)).json()["data"]
    embedded = (await api.get(f"{PRODUCT}/options/{option['id']}")).json()["data"]
    expected = [labels[1], labels[0], *labels[2:]]
    assert [v["label"] for v in listed] == expected
    assert [v["label"] for v in embedded["option_values"]] == expected
    assert [v["sort_order"] for v in listed] == sorted(v["sort_order"] for v in listed)


async def test_given_a_taken_option_value_combination_when_posting_a_variant_then_409(api):
    taken = (await _variants(api))[0]
    values = [{"id": ov["id"], "option_id": ov["option_id"]} for ov in taken["option_values"]]
    response = await api.post(
        f"{PRODUCT}/variants", json={"sku": "CGLD-NEW", "option_values": values}
    )
    assert response.status_code == 409
    assert "option values already exists" in response.json()["title"]


async def test_given_option_values_in_a_variant_put_when_updating_then_they_are_not_changed(api):
    first, second = await _variants(api)
    other = [{"id": ov["id"], "option_id": ov["option_id"]} for ov in second["option_values"]]
    url = f"{PRODUCT}/variants/{first['id']}"
    response = await api.put(url, json={"option_values": other, "price": 9.5})
    after = (await api.get(url)).json()["data"]
    assert response.status_code == 200
    assert after["option_values"] == first["option_values"]
    assert after["price"] == 9.5


async def test_given_two_variants_when_swapping_skus_directly_then_409_and_nothing_changes(api):
    first, second = await _variants(api)
    response = await api.put(f"{PRODUCT}/variants/{first['id']}", json={"sku": second["sku"]})
    assert response.status_code == 409
    assert [v["sku"] for v in await _variants(api)] == [first["sku"], second["sku"]]


async def test_given_two_variants_when_swapping_skus_through_a_free_one_then_it_works(api):
    first, second = await _variants(api)
    steps = [
        (first["id"], "CGLD-SWAP-TMP"),
        (second["id"], first["sku"]),
        (first["id"], second["sku"]),
    ]
    statuses = [
        (await api.put(f"{PRODUCT}/variants/{vid}", json={"sku": sku})).status_code
        for vid, sku in steps
    ]
    after = {v["id"]: v for v in await _variants(api)}
    assert statuses == [200, 200, 200]
    assert (after[first["id"]]["sku"], after[second["id"]]["sku"]) == (second["sku"], first["sku"])
    assert after[first["id"]]["option_values"] == first["option_values"]


async def test_given_a_variant_image_url_when_created_or_updated_then_it_is_echoed(api):
    option = (await _options(api))[0]
    new_value = await api.post(
        f"{PRODUCT}/options/{option['id']}/values", json={"label": "Refill", "sort_order": 9}
    )
    value = new_value.json()["data"]
    others = [o for o in await _options(api) if o["id"] != option["id"]]
    refs = [{"id": value["id"], "option_id": option["id"]}]
    refs += [{"id": o["option_values"][0]["id"], "option_id": o["id"]} for o in others]
    body = {"sku": "CGLD-REFILL", "option_values": refs, "image_url": "https://e.x/refill.jpg"}
    created = (await api.post(f"{PRODUCT}/variants", json=body)).json()["data"]
    url = f"{PRODUCT}/variants/{created['id']}"
    updated = (await api.put(url, json={"image_url": "https://e.x/refill-2.jpg"})).json()["data"]
    fetched = (await api.get(url)).json()["data"]
    assert created["image_url"] == "https://e.x/refill.jpg"
    assert updated["image_url"] == fetched["image_url"] == "https://e.x/refill-2.jpg"


async def test_given_a_variant_image_post_when_made_then_the_variant_gets_a_cdn_url(api):
    variant = (await _variants(api))[0]
    url = f"{PRODUCT}/variants/{variant['id']}"
    response = await api.post(url + "/image", json={"image_url": "https://e.x/photo.png"})
    image_url = response.json()["data"]["image_url"]
    assert response.status_code == 200
    assert image_url.startswith(f"https://cdn11.bigcommerce.com/s-{STORE}/product_images/")
    assert image_url.endswith(".png")
    assert (await api.get(url)).json()["data"]["image_url"] == image_url
    assert (await api.post(url + "/image", json={})).status_code == 422
