"""`/v3/catalog/products/{product_id}/modifiers` and their `/values`."""

from __future__ import annotations

from aiohttp import web

from storebridge_sandbox.domain import modifiers as mods
from storebridge_sandbox.filters import project
from storebridge_sandbox.paging import many, one, paginate
from storebridge_sandbox.replies import body_of, ident, no_content, query_of, reply, store_of


def _ids(request: web.Request) -> tuple[int, int]:
    return ident(request, "product_id"), ident(request, "modifier_id")


def _value_ids(request: web.Request) -> tuple[int, int, int]:
    return (*_ids(request), ident(request, "value_id"))


async def list_modifiers(request: web.Request) -> web.Response:
    """GET .../modifiers."""
    state, query = store_of(request).state, query_of(request)
    product_id = ident(request, "product_id")
    state.get("products", product_id, f"Product with id {product_id} not found")
    rows = [mods.present_modifier(m) for m in state.children("modifiers", "product_id", product_id)]
    page, meta = paginate(rows, query)
    return reply(many([project(m, query) for m in page], meta))


async def get_modifier(request: web.Request) -> web.Response:
    """GET .../modifiers/{modifier_id}."""
    modifier = mods.get_modifier(store_of(request).state, *_ids(request))
    return reply(one(project(mods.present_modifier(modifier), query_of(request))))


async def post_modifier(request: web.Request) -> web.Response:
    """POST .../modifiers: a checkbox gets its Yes/No values by itself."""
    state = store_of(request).state
    modifier = mods.create_modifier(state, ident(request, "product_id"), await body_of(request))
    return reply(one(mods.present_modifier(modifier)))


async def put_modifier(request: web.Request) -> web.Response:
    """PUT .../modifiers/{modifier_id}."""
    state = store_of(request).state
    modifier = mods.update_modifier(state, *_ids(request), await body_of(request))
    return reply(one(mods.present_modifier(modifier)))


async def delete_modifier(request: web.Request) -> web.Response:
    """DELETE .../modifiers/{modifier_id}: 204, fires store/product/updated."""
    mods.delete_modifier(store_of(request), *_ids(request))
    return no_content()


async def list_values(request: web.Request) -> web.Response:
    """GET .../modifiers/{modifier_id}/values."""
    modifier = mods.get_modifier(store_of(request).state, *_ids(request))
    page, meta = paginate(mods.present_modifier(modifier)["option_values"], query_of(request))
    return reply(many(page, meta))


async def get_value(request: web.Request) -> web.Response:
    """GET .../values/{value_id}."""
    return reply(one(mods.get_value(store_of(request).state, *_value_ids(request))))


async def post_value(request: web.Request) -> web.Response:
    """POST .../values: label and sort_order required."""
    state = store_of(request).state
    return reply(one(mods.add_value(state, *_ids(request), await body_of(request))))


async def put_value(request: web.Request) -> web.Response:
    """PUT .../values/{value_id}: adjusters merge field by field."""
    state = store_of(request).state
    return reply(one(mods.change_value(state, *_value_ids(request), await body_of(request))))


async def delete_value(request: web.Request) -> web.Response:
    """DELETE .../values/{value_id}: 204."""
    mods.delete_value(store_of(request).state, *_value_ids(request))
    return no_content()


def routes(prefix: str) -> list[web.RouteDef]:
    """Modifier routes under a store prefix."""
    base = f"{prefix}/catalog/products/{{product_id}}/modifiers"
    modifier = base + "/{modifier_id}"
    return [
        web.get(base, list_modifiers),
        web.post(base, post_modifier),
        web.get(modifier, get_modifier),
        web.put(modifier, put_modifier),
        web.delete(modifier, delete_modifier),
        web.get(modifier + "/values", list_values),
        web.post(modifier + "/values", post_value),
        web.get(modifier + "/values/{value_id}", get_value),
        web.put(modifier + "/values/{value_id}", put_value),
        web.delete(modifier + "/values/{value_id}", delete_value),
    ]
