"""`/v3/catalog/products`: list, get, create, update, delete, batch update and batch delete."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from storebridge_sandbox.domain.assignments import channels_of
from storebridge_sandbox.domain.product_fields import present
from storebridge_sandbox.domain.products import (
    batch_update,
    create_product,
    delete_product,
    update_product,
)
from storebridge_sandbox.errors import ApiError
from storebridge_sandbox.filters import apply_filters, has_filter, project
from storebridge_sandbox.paging import many, one, paginate
from storebridge_sandbox.replies import body_of, ident, no_content, query_of, reply, store_of
from storebridge_sandbox.state import Record, StoreState

FILTERS = {
    "id": "int",
    "name": "str",
    "sku": "str",
    "upc": "str",
    "mpn": "str",
    "price": "float",
    "weight": "float",
    "condition": "str",
    "brand_id": "int",
    "categories": "intlist",
    "date_modified": "date",
    "date_last_imported": "date",
    "is_visible": "bool",
    "is_featured": "bool",
    "is_free_shipping": "bool",
    "inventory_level": "int",
    "total_sold": "int",
    "type": "str",
    "availability": "str",
}
CREATED_INCLUDES = {"variants", "images", "custom_fields", "bulk_pricing_rules", "videos"}
SORTS = ("id", "name", "sku", "price", "date_modified", "inventory_level", "total_sold")
SORTS_MORE = ("is_visible", "calculated_price", "date_last_imported")


def _includes(query: Mapping[str, str]) -> set[str]:
    return {part for part in query.get("include", "").split(",") if part}


def _keyword(rows: list[Record], query: Mapping[str, str]) -> list[Record]:
    word = query.get("keyword", "").lower()
    if not word:
        return rows
    return [
        r for r in rows if any(word in str(r[f]).lower() for f in ("name", "sku", "description"))
    ]


def _in_channels(state: StoreState, rows: list[Record], query: Mapping[str, str]) -> list[Record]:
    raw = query.get("channel_id:in")
    if raw is None:
        return rows
    wanted = {int(part) for part in raw.split(",") if part.strip().isdigit()}
    return [r for r in rows if wanted & set(channels_of(state, r["id"]))]


def _sorted(rows: list[Record], query: Mapping[str, str]) -> list[Record]:
    key = query.get("sort", "id")
    if key not in (*SORTS, *SORTS_MORE):
        key = "id"
    reverse = query.get("direction", "asc") == "desc"
    return sorted(
        rows, key=lambda r: (r[key] is None, r[key] if r[key] is not None else 0), reverse=reverse
    )


def _shown(state: StoreState, product: Record, query: Mapping[str, str]) -> Record:
    full = present(state, product, _includes(query))
    extras = {k: v for k, v in full.items() if k not in product}
    return {**project(product, query), **extras}


async def list_products(request: web.Request) -> web.Response:
    """GET /catalog/products."""
    state, query = store_of(request).state, query_of(request)
    rows = _keyword(apply_filters(state.rows("products"), query, FILTERS), query)
    rows = _sorted(_in_channels(state, rows, query), query)
    capped = {"options", "modifiers"} & _includes(query)
    page, meta = paginate(rows, query, max_limit=10 if capped else 250)
    return reply(many([_shown(state, p, query) for p in page], meta))


async def get_product(request: web.Request) -> web.Response:
    """GET /catalog/products/{product_id}."""
    state, query = store_of(request).state, query_of(request)
    product_id = ident(request, "product_id")
    product = state.get("products", product_id, f"Product with id {product_id} not found")
    return reply(one(_shown(state, product, query)))


async def post_product(request: web.Request) -> web.Response:
    """POST /catalog/products: one product, answered 200."""
    store = store_of(request)
    product = create_product(store, await body_of(request))
    return reply(one(present(store.state, product, CREATED_INCLUDES)))


async def put_product(request: web.Request) -> web.Response:
    """PUT /catalog/products/{product_id}."""
    store = store_of(request)
    product = update_product(store, ident(request, "product_id"), await body_of(request))
    return reply(one(present(store.state, product, set())))


async def delete_one(request: web.Request) -> web.Response:
    """DELETE /catalog/products/{product_id}: 204."""
    delete_product(store_of(request), ident(request, "product_id"))
    return no_content()


async def put_products(request: web.Request) -> web.Response:
    """PUT /catalog/products: batch of at most 10."""
    store = store_of(request)
    products = batch_update(store, await body_of(request))
    return reply({"data": [present(store.state, p, set()) for p in products], "meta": {}})


async def delete_products(request: web.Request) -> web.Response:
    """DELETE /catalog/products?id:in=...: a filter is mandatory."""
    store, query = store_of(request), query_of(request)
    if not has_filter(query, FILTERS):
        raise ApiError(422, "A filter is required to delete products", {"id:in": "required"})
    for product in apply_filters(store.state.rows("products"), query, FILTERS)[:250]:
        delete_product(store, product["id"])
    return no_content()


def routes(prefix: str) -> list[web.RouteDef]:
    """The product routes under a store prefix."""
    base = f"{prefix}/catalog/products"
    return [
        web.get(base, list_products),
        web.post(base, post_product),
        web.put(base, put_products),
        web.delete(base, delete_products),
        web.get(base + "/{product_id}", get_product),
        web.put(base + "/{product_id}", put_product),
        web.delete(base + "/{product_id}", delete_one),
    ]
