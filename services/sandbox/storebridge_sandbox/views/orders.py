"""Orders v2: bare objects and arrays, string money, RFC-2822 dates, 204 when empty."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from aiohttp import web

from storebridge_sandbox.domain.consignments import consignments
from storebridge_sandbox.domain.order_status import STATUSES, status_record
from storebridge_sandbox.domain.order_updates import archive_order, update_order
from storebridge_sandbox.keys import SANDBOX
from storebridge_sandbox.paging import page_and_limit
from storebridge_sandbox.replies import body_of, ident, no_content, query_of, reply, store_of
from storebridge_sandbox.state import Record
from storebridge_sandbox.views.order_filters import filtered_orders

LINKED = ("products", "shipping_addresses", "coupons", "consignments")
Link = Callable[[str], Record]


def order_link(request: web.Request, order_id: int) -> Link:
    """`link("products/5")` → `{url, resource}` of a sub-resource of the order."""
    config = request.app[SANDBOX].config
    base = config.public_url or f"{request.scheme}://{request.host}"
    store_hash = request.match_info["store_hash"]

    def link(subpath: str) -> Record:
        resource = f"/orders/{order_id}/{subpath}"
        return {"url": f"{base}/stores/{store_hash}/v2{resource}", "resource": resource}

    return link


def _includes(query: Mapping[str, str]) -> set[str]:
    return {part.strip() for part in query.get("include", "").split(",") if part.strip()}


def present_order(request: web.Request, order: Record) -> Record:
    """The order with its link objects; `include=consignments[,consignments.line_items]` puts
    the consignments in place (an object with `consignment_structure=object`, else the legacy
    one-element array)."""
    link = order_link(request, order["id"])
    presented = {**order, **{name: link(name) for name in LINKED}}
    query, store = query_of(request), store_of(request)
    wanted = _includes(query)
    if store.faults.config.consignments_unsupported:
        wanted = set()
    if wanted & {"consignments", "consignments.line_items"}:
        state = store.state
        expand = "consignments.line_items" in wanted
        found = consignments(state, order, expand, link)
        as_object = query.get("consignment_structure") == "object"
        presented["consignments"] = found if as_object else [found]
    return presented


def _page(rows: list[Record], query: Mapping[str, str]) -> list[Record]:
    page, limit = page_and_limit(query)
    return rows[(page - 1) * limit : page * limit]


async def list_orders(request: web.Request) -> web.Response:
    """GET /orders: bare array, 204 when nothing matches."""
    query = query_of(request)
    rows = _page(filtered_orders(store_of(request).state.rows("orders"), query), query)
    return reply([present_order(request, o) for o in rows]) if rows else no_content()


async def count_orders(request: web.Request) -> web.Response:
    """GET /orders/count: total and per-status counts."""
    rows = filtered_orders(store_of(request).state.rows("orders"), query_of(request))
    statuses = [status_record(s, sum(1 for o in rows if o["status_id"] == s)) for s in STATUSES]
    return reply({"count": len(rows), "statuses": statuses})


async def get_order(request: web.Request) -> web.Response:
    """GET /orders/{order_id}[?include=consignments,consignments.line_items]."""
    order = store_of(request).state.get("orders", ident(request, "order_id"))
    return reply(present_order(request, order))


async def put_order(request: web.Request) -> web.Response:
    """PUT /orders/{order_id}: partial update."""
    store, body = store_of(request), await body_of(request)
    return reply(present_order(request, update_order(store, ident(request, "order_id"), body)))


async def delete_order(request: web.Request) -> web.Response:
    """DELETE /orders/{order_id}: archive, 204."""
    archive_order(store_of(request), ident(request, "order_id"))
    return no_content()


async def list_statuses(request: web.Request) -> web.Response:
    """GET /order_statuses."""
    return reply([status_record(s) for s in STATUSES])


def routes(prefix: str) -> list[web.RouteDef]:
    """Order routes under a store's v2 prefix (sub-resources in `order_parts`)."""
    order = f"{prefix}/orders/{{order_id}}"
    return [
        web.get(f"{prefix}/orders", list_orders),
        web.get(f"{prefix}/orders/count", count_orders),
        web.get(order, get_order),
        web.put(order, put_order),
        web.delete(order, delete_order),
        web.get(f"{prefix}/order_statuses", list_statuses),
    ]
