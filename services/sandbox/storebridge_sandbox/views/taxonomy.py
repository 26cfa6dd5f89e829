"""`/v3/catalog/categories` and `/v3/catalog/brands`."""

from __future__ import annotations

from aiohttp import web

from storebridge_sandbox.domain import brands, categories
from storebridge_sandbox.errors import ApiError
from storebridge_sandbox.filters import apply_filters, has_filter, project
from storebridge_sandbox.paging import many, one, paginate
from storebridge_sandbox.replies import body_of, ident, no_content, query_of, reply, store_of
from storebridge_sandbox.uploads import cdn_image_url, uploaded_image

CATEGORY_FILTERS = {
    "id": "int",
    "name": "str",
    "parent_id": "int",
    "page_title": "str",
    "is_visible": "bool",
}
BRAND_FILTERS = {"id": "int", "name": "str", "page_title": "str"}


def _listing(request: web.Request, table: str, filters: dict[str, str]) -> web.Response:
    state, query = store_of(request).state, query_of(request)
    rows = apply_filters(state.rows(table), query, filters)
    if query.get("sort") in ("name", "id", "parent_id", "sort_order"):
        rows.sort(key=lambda r: r[query["sort"]], reverse=query.get("direction") == "desc")
    page, meta = paginate(rows, query)
    return reply(many([project(r, query) for r in page], meta))


async def list_categories(request: web.Request) -> web.Response:
    """GET /catalog/categories."""
    return _listing(request, "categories", CATEGORY_FILTERS)


async def get_category(request: web.Request) -> web.Response:
    """GET /catalog/categories/{category_id}."""
    record = store_of(request).state.get("categories", ident(request, "category_id"))
    return reply(one(project(record, query_of(request))))


async def post_category(request: web.Request) -> web.Response:
    """POST /catalog/categories."""
    return reply(one(categories.create_category(store_of(request), await body_of(request))))


async def put_category(request: web.Request) -> web.Response:
    """PUT /catalog/categories/{category_id}."""
    store, category_id = store_of(request), ident(request, "category_id")
    return reply(one(categories.update_category(store, category_id, await body_of(request))))


async def delete_category(request: web.Request) -> web.Response:
    """DELETE /catalog/categories/{category_id}: 204, 422 while products use it."""
    categories.delete_category(store_of(request), ident(request, "category_id"))
    return no_content()


async def delete_categories(request: web.Request) -> web.Response:
    """DELETE /catalog/categories?id:in=...: a filter is mandatory."""
    store, query = store_of(request), query_of(request)
    if not has_filter(query, CATEGORY_FILTERS):
        raise ApiError(422, "A filter is required to delete categories", {"id:in": "required"})
    for record in apply_filters(store.state.rows("categories"), query, CATEGORY_FILTERS):
        if record["id"] in store.state.table("categories"):
            categories.delete_category(store, record["id"])
    return no_content()


async def list_brands(request: web.Request) -> web.Response:
    """GET /catalog/brands."""
    return _listing(request, "brands", BRAND_FILTERS)


async def get_brand(request: web.Request) -> web.Response:
    """GET /catalog/brands/{brand_id}."""
    brand_id = ident(request, "brand_id")
    record = store_of(request).state.get("brands", brand_id, f"Brand with id {brand_id} not found")
    return reply(one(project(record, query_of(request))))


async def post_brand(request: web.Request) -> web.Response:
    """POST /catalog/brands."""
    return reply(one(brands.create_brand(store_of(request).state, await body_of(request))))


async def put_brand(request: web.Request) -> web.Response:
    """PUT /catalog/brands/{brand_id}."""
    state, brand_id = store_of(request).state, ident(request, "brand_id")
    return reply(one(brands.update_brand(state, brand_id, await body_of(request))))


async def delete_brand(request: web.Request) -> web.Response:
    """DELETE /catalog/brands/{brand_id}: 204."""
    brands.delete_brand(store_of(request).state, ident(request, "brand_id"))
    return no_content()


async def delete_brands(request: web.Request) -> web.Response:
    """DELETE /catalog/brands?name=...: the name filter is mandatory."""
    state, query = store_of(request).state, query_of(request)
    if "name" not in query:
        raise ApiError(422, "The name filter is required to delete brands", {"name": "required"})
    for record in apply_filters(state.rows("brands"), query, BRAND_FILTERS):
        brands.delete_brand(state, record["id"])
    return no_content()


async def post_brand_image(request: web.Request) -> web.Response:
    """POST /catalog/brands/{brand_id}/image: multipart `image_file`; answers `{image_url}`."""
    store, brand_id = store_of(request), ident(request, "brand_id")
    store.state.get("brands", brand_id, f"Brand with id {brand_id} not found")
    url = cdn_image_url(store.store_hash, await uploaded_image(request))
    brands.update_brand(store.state, brand_id, {"image_url": url})
    return reply(one({"image_url": url}))


async def delete_brand_image(request: web.Request) -> web.Response:
    """DELETE /catalog/brands/{brand_id}/image: 204."""
    brands.update_brand(store_of(request).state, ident(request, "brand_id"), {"image_url": ""})
    return no_content()


async def post_category_image(request: web.Request) -> web.Response:
    """POST /catalog/categories/{category_id}/image: multipart `image_file`."""
    store, category_id = store_of(request), ident(request, "category_id")
    store.state.get("categories", category_id, "Category not found")
    url = cdn_image_url(store.store_hash, await uploaded_image(request))
    categories.update_category(store, category_id, {"image_url": url})
    return reply(one({"image_url": url}))


async def delete_category_image(request: web.Request) -> web.Response:
    """DELETE /catalog/categories/{category_id}/image: 204."""
    categories.update_category(store_of(request), ident(request, "category_id"), {"image_url": ""})
    return no_content()


def routes(prefix: str) -> list[web.RouteDef]:
    """Category and brand routes under a store prefix."""
    cats, brand = f"{prefix}/catalog/categories", f"{prefix}/catalog/brands"
    return [
        web.get(cats, list_categories),
        web.post(cats, post_category),
        web.delete(cats, delete_categories),
        web.get(cats + "/{category_id}", get_category),
        web.put(cats + "/{category_id}", put_category),
        web.delete(cats + "/{category_id}", delete_category),
        web.post(cats + "/{category_id}/image", post_category_image),
        web.delete(cats + "/{category_id}/image", delete_category_image),
        web.get(brand, list_brands),
        web.post(brand, post_brand),
        web.delete(brand, delete_brands),
        web.get(brand + "/{brand_id}", get_brand),
        web.put(brand + "/{brand_id}", put_brand),
        web.delete(brand + "/{brand_id}", delete_brand),
        web.post(brand + "/{brand_id}/image", post_brand_image),
        web.delete(brand + "/{brand_id}/image", delete_brand_image),
    ]
