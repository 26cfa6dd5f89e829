"""Bulk pricing rules and product videos."""

from __future__ import annotations

RULES = "/v3/catalog/products/81/bulk-pricing-rules"
VIDEOS = "/v3/catalog/products/81/videos"


async def test_given_rules_when_managed_then_crud_works(api):
    created = await api.post(
        RULES, json={"quantity_min": 5, "quantity_max": 9, "type": "percent", "amount": 10}
    )
    rule = created.json()["data"]
    url = f"{RULES}/{rule['id']}"
    updated = await api.put(url, json={"type": "fixed", "amount": "39.5", "quantity_max": 0})
    listed = await api.get(RULES)
    deleted = await api.delete(url)
    assert created.status_code == 200
    assert rule == {
        "id": rule["id"],
        "quantity_min": 5,
        "quantity_max": 9,
        "type": "percent",
        "amount": 10,
    }
    assert updated.json()["data"] == {**rule, "type": "fixed", "amount": 39.5, "quantity_max": 0}
    assert [r["id"] for r in listed.json()["data"]] == [rule["id"]]
    assert deleted.status_code == 204
    assert (await api.get(url)).status_code == 404


async def test_given_overlapping_ranges_when_creating_a_rule_then_409(api):
    await api.post(RULES, json={"quantity_min": 5, "quantity_max": 9, "type": "price", "amount": 2})
    await api.post(
        RULES, json={"quantity_min": 20, "quantity_max": 0, "type": "price", "amount": 5}
    )
    overlapping = await api.post(
        RULES, json={"quantity_min": 8, "quantity_max": 12, "type": "price", "amount": 3}
    )
    above_open = await api.post(
        RULES, json={"quantity_min": 30, "quantity_max": 40, "type": "price", "amount": 3}
    )
    between = await api.post(
        RULES, json={"quantity_min": 10, "quantity_max": 19, "type": "price", "amount": 3}
    )
    assert (overlapping.status_code, above_open.status_code, between.status_code) == (409, 409, 200)


async def test_given_invalid_rules_when_creating_then_422(api):
    cases = [
        {"quantity_min": 5, "quantity_max": 9, "type": "percent"},
        {"quantity_min": 5, "quantity_max": 9, "type": "discount", "amount": 1},
        {"quantity_min": 9, "quantity_max": 5, "type": "price", "amount": 1},
        {"quantity_min": -1, "quantity_max": 5, "type": "price", "amount": 1},
        {"quantity_min": 1, "quantity_max": 5, "type": "price", "amount": "lots"},
    ]
    statuses = [(await api.post(RULES, json=body)).status_code for body in cases]
    assert statuses == [422] * len(cases)


async def test_given_include_bulk_pricing_rules_when_reading_a_product_then_they_are_embedded(api):
    product = (
        await api.get("/v3/catalog/products/91", params={"include": "bulk_pricing_rules"})
    ).json()
    rules = product["data"]["bulk_pricing_rules"]
    assert [(r["quantity_min"], r["quantity_max"], r["type"], r["amount"]) for r in rules] == [
        (2, 4, "percent", 5.0),
        (5, 0, "price", 10.0),
    ]


async def test_given_a_product_created_with_rules_and_videos_then_both_are_there(api):
    body = {
        "name": "Bundle",
        "type": "physical",
        "weight": 1,
        "price": 10,
        "bulk_pricing_rules": [
            {"quantity_min": 3, "quantity_max": 0, "type": "percent", "amount": 5}
        ],
        "videos": [{"video_id": "abcdEFGH123", "title": "Unboxing"}],
    }
    created = (await api.post("/v3/catalog/products", json=body)).json()["data"]
    assert [r["quantity_min"] for r in created["bulk_pricing_rules"]] == [3]
    assert [v["video_id"] for v in created["videos"]] == ["abcdEFGH123"]


async def test_given_videos_when_managed_then_crud_works_and_video_id_cannot_change(api):
    created = await api.post(
        VIDEOS,
        json={"video_id": "dQw4w9WgXcA", "title": "Demo", "description": "How", "sort_order": 2},
    )
    video = created.json()["data"]
    url = f"{VIDEOS}/{video['id']}"
    updated = await api.put(url, json={"title": "Demo 2", "video_id": "other", "sort_order": 1})
    deleted = await api.delete(url)
    assert created.status_code == 200
    assert {
        k: video[k]
        for k in ("video_id", "type", "title", "description", "sort_order", "product_id")
    } == {
        "video_id": "dQw4w9WgXcA",
        "type": "youtube",
        "title": "Demo",
        "description": "How",
        "sort_order": 2,
        "product_id": 81,
    }
    assert "length" in video
    assert (updated.json()["data"]["title"], updated.json()["data"]["video_id"]) == (
        "Demo 2",
        "dQw4w9WgXcA",
    )
    assert deleted.status_code == 204
    assert (await api.get(url)).status_code == 404


async def test_given_videos_when_listed_then_they_come_in_sort_order(api):
    for n, youtube_id in enumerate(("aaaaaaaaaaa", "bbbbbbbbbbb", "ccccccccccc")):
        await api.post(VIDEOS, json={"video_id": youtube_id, "sort_order": 3 - n})
    listed = (await api.get(VIDEOS)).json()["data"]
    assert [v["video_id"] for v in listed] == ["ccccccccccc", "bbbbbbbbbbb", "aaaaaaaaaaa"]


async def test_given_bad_videos_when_creating_then_422_or_409(api):
    await api.post(VIDEOS, json={"video_id": "aaaaaaaaaaa"})
    no_id = await api.post(VIDEOS, json={"title": "x"})
    too_long = await api.post(VIDEOS, json={"video_id": "x" * 26})
    vimeo = await api.post(VIDEOS, json={"video_id": "bbbbbbbbbbb", "type": "vimeo"})
    again = await api.post(VIDEOS, json={"video_id": "aaaaaaaaaaa"})
    assert [r.status_code for r in (no_id, too_long, vimeo)] == [422, 422, 422]
    assert again.status_code == 409


async def test_given_include_videos_when_reading_a_product_then_the_video_is_embedded(api):
    product = (await api.get("/v3/catalog/products/91", params={"include": "videos"})).json()
    assert [v["video_id"] for v in product["data"]["videos"]] == ["kGiftSet001"]
