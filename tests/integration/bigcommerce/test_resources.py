"""Resource calls hit the documented paths with the documented bodies and chunk sizes."""

from __future__ import annotations

from storebridge_shared.bigcommerce import resources
from storebridge_shared.bigcommerce.api import V2_PAGE_LIMIT
from tests.integration.bigcommerce.conftest import catalog

MUG = {"name": "Mug", "type": "physical", "weight": 1, "price": 9.5}


async def test_given_23_products_when_batch_updating_then_sends_chunks_of_10(sandbox, client_for):
    await sandbox.load_fixture(catalog(products=23))
    async with client_for(sandbox) as bc:
        updated = await resources.update_products(bc, [{"id": n, "price": 2} for n in range(1, 24)])
        stored = await resources.list_products(bc)
    puts = await sandbox.requests(method="PUT", path="/v3/catalog/products")
    assert [len(c["body"]) for c in puts] == [10, 10, 3]
    assert [p.get("id") for p in updated] == list(range(1, 24))
    assert {p.get("price") for p in stored} == {2}


async def test_given_120_variants_when_batch_updating_then_sends_chunks_of_50(sandbox, client_for):
    await sandbox.load_fixture(catalog(products=120))
    async with client_for(sandbox) as bc:
        variants = await bc.v3.collect("/catalog/variants")
        await resources.update_variants(bc, [{"id": v["id"], "price": 3} for v in variants])
        stored = await bc.v3.collect("/catalog/variants")
    puts = await sandbox.requests(method="PUT", path="/v3/catalog/variants")
    assert len(variants) == 120
    assert [len(c["body"]) for c in puts] == [50, 50, 20]
    assert {v["price"] for v in stored} == {3}


async def test_given_ids_and_includes_when_listing_products_then_filters_by_id_in(
    sandbox, client_for
):
    async with client_for(sandbox) as bc:
        found = await resources.list_products(bc, ids=[77, 78], include=["variants", "images"])
    assert [p.get("id") for p in found] == [77, 78]
    assert all(p.has("variants") and p.has("images") for p in found)
    query = (await sandbox.requests())[0]["query"]
    assert (query["id:in"], query["include"]) == ("77,78", "variants,images")


async def test_given_250_skus_when_listing_products_then_splits_the_filter(sandbox, client_for):
    await sandbox.load_fixture(catalog(products=250))
    async with client_for(sandbox) as bc:
        found = await resources.list_products(bc, skus=[f"P-{n}" for n in range(1, 251)])
    assert sorted(p.get("id") for p in found) == list(range(1, 251))
    queries = [c["query"] for c in await sandbox.requests()]
    assert [len(q["sku:in"].split(",")) for q in queries] == [100, 100, 50]


async def test_given_a_product_without_images_when_listing_images_then_returns_empty(
    sandbox, client_for
):
    async with client_for(sandbox) as bc:
        product = await resources.create_product(bc, MUG)
        assert await resources.list_images(bc, product.get("id")) == []


async def test_given_an_image_url_when_creating_an_image_then_posts_it(sandbox, client_for):
    async with client_for(sandbox) as bc:
        image = await resources.create_image(bc, 79, "https://cdn.example/m.png", is_thumbnail=True)
        images = await resources.list_images(bc, 79)
    body = (await sandbox.requests(method="POST"))[0]["body"]
    assert body == {"image_url": "https://cdn.example/m.png", "is_thumbnail": True}
    assert [i.get("is_thumbnail") for i in images if i.get("id") == image.get("id")] == [True]


async def test_given_an_order_when_changing_its_status_then_puts_status_id(sandbox, client_for):
    async with client_for(sandbox) as bc:
        order = await resources.update_order_status(bc, 100, 9)
        assert (await resources.get_order(bc, 100)).status_id == 9
    assert order.get("status_id") == 9
    assert (await sandbox.requests(method="PUT"))[0]["body"] == {"status_id": 9}


async def test_given_order_filters_when_listing_orders_then_sends_them(sandbox, client_for):
    filters = resources.order_filters(min_id=100, status_id=11, sort="id:desc")
    async with client_for(sandbox) as bc:
        orders = [order async for order in resources.iter_orders(bc, filters)]
    assert [o.get("id") for o in orders] == [109, 100]
    query = (await sandbox.requests())[0]["query"]
    assert (query["min_id"], query["status_id"], query["sort"]) == ("100", "11", "id:desc")


async def test_given_an_order_without_coupons_when_listing_them_then_returns_empty(
    sandbox, client_for
):
    async with client_for(sandbox) as bc:
        assert await resources.list_order_coupons(bc, 101) == []
        assert await resources.count_orders(bc, {"status_id": 11}) == 2


async def test_given_an_order_with_more_than_a_page_of_addresses_and_coupons_then_all_are_read(
    sandbox, client_for
):
    many = V2_PAGE_LIMIT + 1
    doc = catalog(products=1)
    doc["orders"] = [
        {
            "id": 1,
            "line_items": [{"product_id": 1, "quantity": 1}],
            "shipping_addresses": [{"first_name": f"A{n}"} for n in range(many)],
            "coupons": [{"code": f"C{n}", "amount": 1} for n in range(many)],
        }
    ]
    await sandbox.load_fixture(doc)
    await sandbox.clear_stats()

    async with client_for(sandbox) as bc:
        addresses = await resources.list_order_shipping_addresses(bc, 1)
        coupons = await resources.list_order_coupons(bc, 1)

    assert [a.get("first_name") for a in addresses] == [f"A{n}" for n in range(many)]
    assert [c.get("code") for c in coupons] == [f"C{n}" for n in range(many)]
    pages = [
        (r["path"].rsplit("/", 1)[-1], r["query"].get("page")) for r in await sandbox.requests()
    ]
    assert pages == [
        ("shipping_addresses", "1"),
        ("shipping_addresses", "2"),
        ("coupons", "1"),
        ("coupons", "2"),
    ]


async def test_given_a_scope_when_creating_a_hook_then_sends_is_active_explicitly(
    sandbox, client_for
):
    async with client_for(sandbox) as bc:
        hook = await resources.create_hook(
            bc, "store/order/created", "https://h.example/hooks", headers={"X-Secret": "s"}
        )
        assert await resources.list_hooks(bc) == [hook]
    assert hook.get("is_active") is True
    assert (await sandbox.requests(method="POST"))[0]["body"] == {
        "scope": "store/order/created",
        "is_active": True,
        "destination": "https://h.example/hooks",
        "headers": {"X-Secret": "s"},
    }


async def test_given_listings_over_several_pages_when_listing_then_follows_the_after_cursor(
    sandbox, client_for
):
    doc = catalog(products=3)
    doc["listings"] = [
        {"channel_id": 1, "product_id": 1 + n % 3, "state": "active"} for n in range(101)
    ]
    await sandbox.load_fixture(doc)
    async with client_for(sandbox) as bc:
        found = await resources.list_channel_listings(bc, 1, [1, 2, 3])
    assert sorted(x.get("listing_id") for x in found) == list(range(1, 102))
    calls = await sandbox.requests()
    assert [c["query"].get("after") for c in calls] == [None, "100"]
    assert calls[0]["query"]["product_id:in"] == "1,2,3"


async def test_given_a_brand_name_when_listing_brands_then_filters_by_name(sandbox, client_for):
    async with client_for(sandbox) as bc:
        brand = await resources.create_brand(bc, "Acme & Co")
        assert await resources.list_brands(bc, name="Acme & Co") == [brand]
    assert (await sandbox.requests(method="GET"))[0]["query"]["name"] == "Acme & Co"


async def test_given_the_seed_when_listing_store_wide_metafields_then_each_names_its_product(
    sandbox, client_for
):
    async with client_for(sandbox) as bc:
        found = await resources.list_store_metafields(bc, "products")
        recent = await resources.list_store_metafields(
            bc, "products", modified_since="2026-11-03T00:00:00+00:00"
        )
        variants = await resources.list_store_metafields(bc, "variants")
    paths = [c["path"] for c in await sandbox.requests()]
    assert {(m.resource_type, m.resource_id) for m in found} == {("product", 91)}
    assert (recent, variants) == ([], [])
    assert paths[-1].endswith("/v3/catalog/variants/metafields")
    queries = [c["query"] for c in await sandbox.requests()]
    assert queries[1]["date_modified:min"] == "2026-11-03T00:00:00+00:00"
