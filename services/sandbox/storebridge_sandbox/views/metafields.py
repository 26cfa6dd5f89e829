"""Metafields of products, variants, categories and brands (`.../{id}/metafields`)."""

from __future__ import annotations

from aiohttp import web

from storebridge_sandbox.domain import metafields as meta
from storebridge_sandbox.domain.variants import get_variant
from storebridge_sandbox.filters import apply_filters, project
from storebridge_sandbox.paging import many, one, paginate
from storebridge_sandbox.replies import (
    body_of,
    client_id_of,
    ident,
    no_content,
    query_of,
    reply,
    store_of,
)
from storebridge_sandbox.state import Record

FILTERS = {"key": "str", "namespace": "str", "date_created": "date", "date_modified": "date"}
_TABLES = (("category_id", "categories", "category"), ("brand_id", "brands", "brand"))


def _owner(request: web.Request) -> tuple[str, int]:
    """(resource_type, resource_id) named by the path; 404 when the resource does not exist."""
    state, names = store_of(request).state, request.match_info
    if "variant_id" in names:
        variant_id = ident(request, "variant_id")
        get_variant(state, ident(request, "product_id"), variant_id)
        return "variant", variant_id
    if "product_id" in names:
        product_id = ident(request, "product_id")
        state.get("products", product_id, f"Product with id {product_id} not found")
        return "product", product_id
    key, table, kind = next(t for t in _TABLES if t[0] in names)
    resource_id = ident(request, key)
    state.get(table, resource_id, f"{kind.capitalize()} with id {resource_id} not found")
    return kind, resource_id


def _one(request: web.Request) -> Record:
    kind, resource_id = _owner(request)
    state, client_id = store_of(request).state, client_id_of(request)
    return meta.get_metafield(state, kind, resource_id, ident(request, "metafield_id"), client_id)


async def list_metafields(request: web.Request) -> web.Response:
    """GET .../metafields: the ones this client may see; filters key, namespace, dates."""
    state, query = store_of(request).state, query_of(request)
    rows = meta.of_resource(state, *_owner(request), client_id_of(request))
    rows = apply_filters(rows, query, FILTERS)
    if query.get("direction") == "desc":
        rows.reverse()
    page, pagination = paginate(rows, query)
    return reply(many([project(m, query) for m in page], pagination))


async def get_metafield(request: web.Request) -> web.Response:
    """GET .../metafields/{metafield_id}."""
    return reply(one(project(_one(request), query_of(request))))


async def post_metafield(request: web.Request) -> web.Response:
    """POST .../metafields: owned by the calling client; 409 on its own duplicate."""
    kind, resource_id = _owner(request)
    body, client_id = await body_of(request), client_id_of(request)
    return reply(one(meta.create_metafield(store_of(request), kind, resource_id, client_id, body)))


async def put_metafield(request: web.Request) -> web.Response:
    """PUT .../metafields/{metafield_id}."""
    found, body = _one(request), await body_of(request)
    store, client_id = store_of(request), client_id_of(request)
    return reply(one(meta.update_metafield(store, found, client_id, body)))


async def delete_metafield(request: web.Request) -> web.Response:
    """DELETE .../metafields/{metafield_id}: 204."""
    meta.delete_metafield(store_of(request), _one(request), client_id_of(request))
    return no_content()


def routes(prefix: str) -> list[web.RouteDef]:
    """Metafield routes of the four resource families under a store prefix."""
    product = f"{prefix}/catalog/products/{{product_id}}"
    owners = (
        product,
        product + "/variants/{variant_id}",
        f"{prefix}/catalog/categories/{{category_id}}",
        f"{prefix}/catalog/brands/{{brand_id}}",
    )
    table: list[web.RouteDef] = []
    for owner in owners:
        base = owner + "/metafields"
        table += [
            web.get(base, list_metafields),
            web.post(base, post_metafield),
            web.get(base + "/{metafield_id}", get_metafield),
            web.put(base + "/{metafield_id}", put_metafield),
            web.delete(base + "/{metafield_id}", delete_metafield),
        ]
    return table
