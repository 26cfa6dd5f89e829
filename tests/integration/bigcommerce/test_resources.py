"""Resource calls hit the documented paths with the documented bodies and chunk sizes."""

from __future__ import annotations

from storebridge_shared.bigcommerce import resources
from tests.integration.bigcommerce.fake_bigcommerce import Reply, always, ok, v2_pages, v3_pages


async def test_given_23_products_when_batch_updating_then_sends_chunks_of_10(fake, client_for):
    fake.handle("PUT", "/v3/catalog/products", always(ok([{"id": 0}])))
    async with client_for(fake) as bc:
        await resources.update_products(bc, [{"id": n, "price": 1} for n in range(23)])
    assert [len(c.body) for c in fake.calls("PUT")] == [10, 10, 3]


async def test_given_120_variants_when_batch_updating_then_sends_chunks_of_50(fake, client_for):
    fake.handle("PUT", "/v3/catalog/variants", always(ok([])))
    async with client_for(fake) as bc:
        await resources.update_variants(bc, [{"id": n} for n in range(120)])
    assert [len(c.body) for c in fake.calls("PUT")] == [50, 50, 20]


async def test_given_ids_and_includes_when_listing_products_then_filters_by_id_in(fake, client_for):
    fake.handle("GET", "/v3/catalog/products", v3_pages([{"id": 1}, {"id": 2}]))
    async with client_for(fake) as bc:
        found = await resources.list_products(bc, ids=[1, 2], include=["variants", "images"])
    assert [p["id"] for p in found] == [1, 2]
    query = fake.calls()[0].query
    assert (query["id:in"], query["include"]) == ("1,2", "variants,images")


async def test_given_250_skus_when_listing_products_then_splits_the_filter(fake, client_for):
    fake.handle("GET", "/v3/catalog/products", v3_pages([]))
    async with client_for(fake) as bc:
        await resources.list_products(bc, skus=[f"S-{n}" for n in range(250)])
    assert [len(c.query["sku:in"].split(",")) for c in fake.calls()] == [100, 100, 50]


async def test_given_a_product_without_images_when_listing_images_then_returns_empty(
    fake, client_for
):
    fake.script("GET", "/v3/catalog/products/5/images", Reply(204))
    async with client_for(fake) as bc:
        assert await resources.list_images(bc, 5) == []


async def test_given_an_image_url_when_creating_an_image_then_posts_it(fake, client_for):
    fake.script("POST", "/v3/catalog/products/5/images", ok({"id": 3}))
    async with client_for(fake) as bc:
        await resources.create_image(bc, 5, "https://cdn.example/m.png", is_thumbnail=True)
    assert fake.calls()[0].body == {"image_url": "https://cdn.example/m.png", "is_thumbnail": True}


async def test_given_an_order_when_changing_its_status_then_puts_status_id(fake, client_for):
    fake.script("PUT", "/v2/orders/100", Reply(200, {"id": 100, "status_id": 9}))
    async with client_for(fake) as bc:
        order = await resources.update_order_status(bc, 100, 9)
    assert order["status_id"] == 9
    assert fake.calls()[0].body == {"status_id": 9}


async def test_given_order_filters_when_listing_orders_then_sends_them(fake, client_for):
    fake.handle("GET", "/v2/orders", v2_pages([{"id": 101}, {"id": 102}]))
    filters = resources.order_filters(min_id=101, status_id=11, sort="id:asc")
    async with client_for(fake) as bc:
        orders = [order async for order in resources.iter_orders(bc, filters)]
    assert [o["id"] for o in orders] == [101, 102]
    query = fake.calls()[0].query
    assert (query["min_id"], query["status_id"], query["sort"]) == ("101", "11", "id:asc")


async def test_given_an_order_without_coupons_when_listing_them_then_returns_empty(
    fake, client_for
):
    fake.script("GET", "/v2/orders/100/coupons", Reply(204))
    fake.script("GET", "/v2/orders/count", Reply(200, {"count": 45, "statuses": []}))
    async with client_for(fake) as bc:
        assert await resources.list_order_coupons(bc, 100) == []
        assert await resources.count_orders(bc, {"status_id": 11}) == 45


async def test_given_a_scope_when_creating_a_hook_then_sends_is_active_explicitly(fake, client_for):
    fake.script("POST", "/v3/hooks", ok({"id": 18048287}))
    async with client_for(fake) as bc:
        hook = await resources.create_hook(
            bc, "store/order/created", "https://h.example/hooks", headers={"X-Secret": "s"}
        )
    assert hook == {"id": 18048287}
    assert fake.calls()[0].body == {
        "scope": "store/order/created",
        "is_active": True,
        "destination": "https://h.example/hooks",
        "headers": {"X-Secret": "s"},
    }


async def test_given_listings_over_several_pages_when_listing_then_follows_the_after_cursor(
    fake, client_for
):
    first = [{"listing_id": n, "product_id": n} for n in range(1, 101)]
    fake.script("GET", "/v3/channels/2/listings", ok(first), ok([{"listing_id": 101}]))
    async with client_for(fake) as bc:
        found = await resources.list_channel_listings(bc, 2, [1, 2, 3])
    assert len(found) == 101
    assert [c.query.get("after") for c in fake.calls()] == [None, "100"]
    assert fake.calls()[0].query["product_id:in"] == "1,2,3"


async def test_given_a_brand_name_when_listing_brands_then_filters_by_name(fake, client_for):
    fake.handle("GET", "/v3/catalog/brands", v3_pages([{"id": 4, "name": "Acme & Co"}]))
    async with client_for(fake) as bc:
        assert await resources.list_brands(bc, name="Acme & Co") == [{"id": 4, "name": "Acme & Co"}]
    assert fake.calls()[0].query["name"] == "Acme & Co"
