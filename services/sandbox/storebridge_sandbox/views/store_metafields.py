"""Store-wide metafields of products and variants: `GET /catalog/products/metafields` and
`GET /catalog/variants/metafields` (BigCommerce's "Get All Product Metafields" and "Get all
product variant metafields"), every metafield of that resource type the calling client may read,
in id order, paged; filters `key`, `namespace` (each with `:in`), `date_modified:min|max`,
`date_created:min|max`, `direction`, `include_fields`. `POST` of the same paths ("Create
multiple Metafields"): an array of metafields each naming its `resource_id`, each created as one
would be (`domain.metafields.create_metafield`, its webhooks included); 200 when all were made,
else 422 with the ones made in `data`, one error per refused item in `errors` and the counts in
`meta` (the documented partial success)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from storebridge_sandbox.domain import metafields as meta
from storebridge_sandbox.errors import STATUS_DOCS, ApiError, invalid, not_found
from storebridge_sandbox.filters import apply_filters, project
from storebridge_sandbox.paging import many, paginate
from storebridge_sandbox.replies import body_of, client_id_of, query_of, reply, store_of
from storebridge_sandbox.state import Record, StoreState
from storebridge_sandbox.store import Store

FILTERS = {"key": "str", "namespace": "str", "date_created": "date", "date_modified": "date"}
_KINDS = {"products": "product", "variants": "variant"}
Handler = Callable[[web.Request], Awaitable[web.Response]]


def _listing(kind: str) -> Handler:
    async def list_store_metafields(request: web.Request) -> web.Response:
        """GET /catalog/{products|variants}/metafields."""
        store, query = store_of(request), query_of(request)
        rows = apply_filters(meta.of_kind(store.state, kind, client_id_of(request)), query, FILTERS)
        if query.get("direction") == "desc":
            rows.reverse()
        page, pagination = paginate(rows, query)
        return reply(many([project(m, query) for m in page], pagination))

    return list_store_metafields


def _check_owner(state: StoreState, kind: str, resource_id: object) -> int:
    if not isinstance(resource_id, int) or isinstance(resource_id, bool):
        raise invalid("resource_id", "resource_id must be an integer")
    if kind == "product":
        state.get("products", resource_id, f"Product with id {resource_id} not found")
    elif resource_id not in state.table("variants"):
        raise not_found(f"Variant with id {resource_id} not found")
    return resource_id


def _create_one(store: Store, kind: str, client_id: str, item: object) -> Record:
    if not isinstance(item, dict):
        raise invalid("metafield", "each item must be an object")
    resource_id = _check_owner(store.state, kind, item.get("resource_id"))
    body = {k: v for k, v in item.items() if k != "resource_id"}
    return meta.create_metafield(store, kind, resource_id, client_id, body)


def _creating(kind: str) -> Handler:
    async def create_store_metafields(request: web.Request) -> web.Response:
        """POST /catalog/{products|variants}/metafields: an array, partial success as 422."""
        store, items = store_of(request), await body_of(request)
        if not isinstance(items, list) or not items:
            raise invalid("metafields", "The request body must be a non-empty array")
        made: list[Record] = []
        errors: list[Record] = []
        for item in items:
            try:
                made.append(_create_one(store, kind, client_id_of(request), item))
            except ApiError as error:
                failed = {"status": error.status, "title": error.title, "type": STATUS_DOCS}
                errors.append({**failed, "errors": error.errors or {}})
        counts = {"total": len(items), "success": len(made), "failed": len(errors)}
        body = {"data": made, "errors": errors, "meta": counts}
        return reply(body, status=422 if errors else 200)

    return create_store_metafields


def routes(prefix: str) -> list[web.RouteDef]:
    """The store-wide listings and batch creates (registered before
    `/catalog/products/{product_id}`)."""
    table: list[web.RouteDef] = []
    for family, kind in _KINDS.items():
        path = f"{prefix}/catalog/{family}/metafields"
        table += [web.get(path, _listing(kind)), web.post(path, _creating(kind))]
    return table
