"""Catalog categories and brands."""

from __future__ import annotations


async def test_given_a_sibling_with_the_same_name_when_creating_a_category_then_409(api):
    response = await api.post("/v3/catalog/categories", json={"name": "cookware", "parent_id": 19})
    assert response.status_code == 409


async def test_given_the_same_name_under_another_parent_when_creating_then_200(api):
    response = await api.post("/v3/catalog/categories", json={"name": "Cookware", "parent_id": 20})
    assert response.status_code == 200
    assert response.json()["data"]["parent_id"] == 20


async def test_given_no_parent_id_when_creating_a_category_then_422(api):
    response = await api.post("/v3/catalog/categories", json={"name": "Loose"})
    assert response.status_code == 422
    assert "parent_id" in response.json()["errors"]


async def test_given_the_seed_when_listing_categories_then_trees_are_three_levels_deep(api):
    children = await api.get("/v3/catalog/categories", params={"parent_id:in": "24,25,26"})
    assert sorted(c["id"] for c in children.json()["data"]) == [27, 28, 29]


async def test_given_a_category_with_products_when_deleting_then_422(api):
    response = await api.delete("/v3/catalog/categories/28")
    assert response.status_code == 422


async def test_given_an_empty_category_when_deleting_then_204(api):
    created = await api.post("/v3/catalog/categories", json={"name": "Empty", "parent_id": 0})
    category_id = created.json()["data"]["id"]
    response = await api.delete(f"/v3/catalog/categories/{category_id}")
    assert response.status_code == 204


async def test_given_no_filter_when_deleting_categories_then_422(api):
    assert (await api.delete("/v3/catalog/categories")).status_code == 422


async def test_given_a_brand_name_in_use_when_creating_a_brand_then_409(api):
    response = await api.post("/v3/catalog/brands", json={"name": "ofs"})
    assert response.status_code == 409


async def test_given_a_name_filter_when_listing_brands_then_only_that_brand_returns(api):
    response = await api.get("/v3/catalog/brands", params={"name": "Sagaform"})
    assert [b["id"] for b in response.json()["data"]] == [37]
