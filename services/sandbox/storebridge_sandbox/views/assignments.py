"""`/v3/catalog/products/channel-assignments`: list, PUT (assign), DELETE (unassign)."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from storebridge_sandbox.domain import assignments
from storebridge_sandbox.errors import invalid
from storebridge_sandbox.paging import many, paginate
from storebridge_sandbox.replies import body_of, no_content, query_of, reply, store_of


def _ids(query: Mapping[str, str], name: str) -> set[int] | None:
    raw = query.get(name)
    if raw is None:
        return None
    try:
        return {int(part) for part in raw.split(",") if part}
    except ValueError:
        raise invalid(name, f"{name} must list integers") from None


async def list_assignments(request: web.Request) -> web.Response:
    """GET: `{product_id, channel_id}` pairs; filters product_id:in, channel_id:in."""
    state, query = store_of(request).state, query_of(request)
    rows = assignments.assignments(
        state, _ids(query, "product_id:in"), _ids(query, "channel_id:in")
    )
    pairs = [{"product_id": r["product_id"], "channel_id": r["channel_id"]} for r in rows]
    page, meta = paginate(pairs, query)
    return reply(many(page, meta))


async def put_assignments(request: web.Request) -> web.Response:
    """PUT: an array of `{product_id, channel_id}`; 204, each new pair fires `.../assigned`."""
    assignments.assign(store_of(request), await body_of(request))
    return no_content()


async def delete_assignments(request: web.Request) -> web.Response:
    """DELETE ?product_id:in=&channel_id:in=: a filter is required; fires `.../unassigned`."""
    query = query_of(request)
    products, channels = _ids(query, "product_id:in"), _ids(query, "channel_id:in")
    assignments.unassign(store_of(request), products, channels)
    return no_content()


def routes(prefix: str) -> list[web.RouteDef]:
    """Channel assignment routes under a store prefix."""
    base = f"{prefix}/catalog/products/channel-assignments"
    return [
        web.get(base, list_assignments),
        web.put(base, put_assignments),
        web.delete(base, delete_assignments),
    ]
