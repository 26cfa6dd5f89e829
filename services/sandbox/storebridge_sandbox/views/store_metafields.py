"""Store-wide metafield listings: `GET /catalog/products/metafields` and
`GET /catalog/variants/metafields` (BigCommerce's "Get All Product Metafields" and "Get all
product variant metafields"), every metafield of that resource type the calling client may read,
in id order, paged; filters `key`, `namespace` (each with `:in`), `date_modified:min|max`,
`date_created:min|max`, `direction`, `include_fields`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from storebridge_sandbox.domain import metafields as meta
from storebridge_sandbox.filters import apply_filters, project
from storebridge_sandbox.paging import many, paginate
from storebridge_sandbox.replies import client_id_of, query_of, reply, store_of

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


def routes(prefix: str) -> list[web.RouteDef]:
    """The store-wide listings (registered before `/catalog/products/{product_id}`)."""
    return [
        web.get(f"{prefix}/catalog/{family}/metafields", _listing(kind))
        for family, kind in _KINDS.items()
    ]
