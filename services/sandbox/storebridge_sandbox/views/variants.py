"""Variants (`/catalog/products/{id}/variants`, `/catalog/variants`) and product options."""

from __future__ import annotations

from aiohttp import web

from storebridge_sandbox.domain import options as opts
from storebridge_sandbox.domain.skus import present_variant
from storebridge_sandbox.domain.variants import (
    batch_update_variants,
    create_variant,
    delete_variant,
    get_variant,
    set_variant_image,
    update_variant,
)
from storebridge_sandbox.filters import apply_filters, project
from storebridge_sandbox.paging import many, one, paginate
from storebridge_sandbox.replies import body_of, ident, no_content, query_of, reply, store_of

VARIANT_FILTERS = {"id": "int", "sku": "str", "upc": "str", "product_id": "int"}


async def list_variants(request: web.Request) -> web.Response:
    """GET /catalog/products/{product_id}/variants."""
    state, query = store_of(request).state, query_of(request)
    product_id = ident(request, "product_id")
    state.get("products", product_id, f"Product with id {product_id} not found")
    rows = [present_variant(state, v) for v in state.children("variants", "product_id", product_id)]
    page, meta = paginate(rows, query)
    return reply(many([project(v, query) for v in page], meta))


async def list_all_variants(request: web.Request) -> web.Response:
    """GET /catalog/variants: store-wide, filter by id, sku, upc, product_id:in."""
    state, query = store_of(request).state, query_of(request)
    rows = apply_filters(state.rows("variants"), query, VARIANT_FILTERS)
    page, meta = paginate([present_variant(state, v) for v in rows], query)
    return reply(many([project(v, query) for v in page], meta))


async def put_all_variants(request: web.Request) -> web.Response:
    """PUT /catalog/variants: batch of at most 50 partial updates."""
    store = store_of(request)
    updated = batch_update_variants(store, await body_of(request))
    return reply({"data": [present_variant(store.state, v) for v in updated], "meta": {}})


async def get_one_variant(request: web.Request) -> web.Response:
    """GET /catalog/products/{product_id}/variants/{variant_id}."""
    state = store_of(request).state
    variant = get_variant(state, ident(request, "product_id"), ident(request, "variant_id"))
    return reply(one(project(present_variant(state, variant), query_of(request))))


async def post_variant(request: web.Request) -> web.Response:
    """POST /catalog/products/{product_id}/variants."""
    store = store_of(request)
    variant = create_variant(store, ident(request, "product_id"), await body_of(request))
    return reply(one(present_variant(store.state, variant)))


async def put_variant(request: web.Request) -> web.Response:
    """PUT /catalog/products/{product_id}/variants/{variant_id}."""
    store = store_of(request)
    ids = ident(request, "product_id"), ident(request, "variant_id")
    variant = update_variant(store, *ids, await body_of(request))
    return reply(one(present_variant(store.state, variant)))


async def post_variant_image(request: web.Request) -> web.Response:
    """POST .../variants/{variant_id}/image: `{"image_url"}` becomes the variant's image."""
    store = store_of(request)
    ids = ident(request, "product_id"), ident(request, "variant_id")
    set_variant_image(store, *ids, await body_of(request))
    return reply(one({"image_url": get_variant(store.state, *ids)["image_url"]}))


async def delete_one_variant(request: web.Request) -> web.Response:
    """DELETE /catalog/products/{product_id}/variants/{variant_id}: 204."""
    delete_variant(store_of(request), ident(request, "product_id"), ident(request, "variant_id"))
    return no_content()


async def list_options(request: web.Request) -> web.Response:
    """GET /catalog/products/{product_id}/options."""
    state, product_id = store_of(request).state, ident(request, "product_id")
    state.get("products", product_id, f"Product with id {product_id} not found")
    rows = [opts.present_option(o) for o in state.children("options", "product_id", product_id)]
    page, meta = paginate(rows, query_of(request))
    return reply(many(page, meta))


async def get_option(request: web.Request) -> web.Response:
    """GET .../options/{option_id}."""
    state = store_of(request).state
    option = opts.get_option(state, ident(request, "product_id"), ident(request, "option_id"))
    return reply(one(opts.present_option(option)))


async def post_option(request: web.Request) -> web.Response:
    """POST .../options."""
    state = store_of(request).state
    option = opts.create_option(state, ident(request, "product_id"), await body_of(request))
    return reply(one(opts.present_option(option)))


async def put_option(request: web.Request) -> web.Response:
    """PUT .../options/{option_id}."""
    state = store_of(request).state
    ids = ident(request, "product_id"), ident(request, "option_id")
    return reply(one(opts.present_option(opts.update_option(state, *ids, await body_of(request)))))


async def delete_option(request: web.Request) -> web.Response:
    """DELETE .../options/{option_id}: 204 (fires store/sku/created per dropped SKU)."""
    opts.delete_option(store_of(request), ident(request, "product_id"), ident(request, "option_id"))
    return no_content()


async def list_values(request: web.Request) -> web.Response:
    """GET .../options/{option_id}/values."""
    state = store_of(request).state
    option = opts.get_option(state, ident(request, "product_id"), ident(request, "option_id"))
    page, meta = paginate(opts.present_option(option)["option_values"], query_of(request))
    return reply(many(page, meta))


def _value_ids(request: web.Request) -> tuple[int, int, int]:
    return ident(request, "product_id"), ident(request, "option_id"), ident(request, "value_id")


async def get_value(request: web.Request) -> web.Response:
    """GET .../values/{value_id}."""
    return reply(one(opts.get_value(store_of(request).state, *_value_ids(request))))


async def post_value(request: web.Request) -> web.Response:
    """POST .../values."""
    state = store_of(request).state
    ids = ident(request, "product_id"), ident(request, "option_id")
    return reply(one(opts.add_value(state, *ids, await body_of(request))))


async def put_value(request: web.Request) -> web.Response:
    """PUT .../values/{value_id}."""
    state = store_of(request).state
    return reply(one(opts.update_value(state, *_value_ids(request), await body_of(request))))


async def delete_value(request: web.Request) -> web.Response:
    """DELETE .../values/{value_id}: 204, fires nothing."""
    opts.delete_value(store_of(request).state, *_value_ids(request))
    return no_content()


def routes(prefix: str) -> list[web.RouteDef]:
    """Variant and option routes under a store prefix."""
    product = f"{prefix}/catalog/products/{{product_id}}"
    option = product + "/options/{option_id}"
    return [
        web.get(f"{prefix}/catalog/variants", list_all_variants),
        web.put(f"{prefix}/catalog/variants", put_all_variants),
        web.get(product + "/variants", list_variants),
        web.post(product + "/variants", post_variant),
        web.get(product + "/variants/{variant_id}", get_one_variant),
        web.put(product + "/variants/{variant_id}", put_variant),
        web.delete(product + "/variants/{variant_id}", delete_one_variant),
        web.post(product + "/variants/{variant_id}/image", post_variant_image),
        web.get(product + "/options", list_options),
        web.post(product + "/options", post_option),
        web.get(option, get_option),
        web.put(option, put_option),
        web.delete(option, delete_option),
        web.get(option + "/values", list_values),
        web.post(option + "/values", post_value),
        web.get(option + "/values/{value_id}", get_value),
        web.put(option + "/values/{value_id}", put_value),
        web.delete(option + "/values/{value_id}", delete_value),
    ]
