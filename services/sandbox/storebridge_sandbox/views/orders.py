"""Orders v2: bare objects and arrays, string money, RFC-2822 dates, 204 when empty."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from aiohttp import web

from storebridge_sandbox.domain.order_status import STATUSES, status_record
from storebridge_sandbox.domain.orders import archive_order, update_order
from storebridge_sandbox.errors import ApiError
from storebridge_sandbox.keys import SANDBOX
from storebridge_sandbox.paging import page_and_limit
from storebridge_sandbox.replies import body_of, ident, no_content, query_of, reply, store_of
from storebridge_sandbox.state import Record
from storebridge_sandbox.timefmt import parse_date

SORTS = (
    "id",
    "customer_id",
    "date_created",
    "date_modified",
    "status_id",
    "channel_id",
    "external_id",
)
_EXACT: dict[str, Callable[[Record], Any]] = {
    "status_id": lambda o: str(o["status_id"]),
    "customer_id": lambda o: str(o["customer_id"]),
    "cart_id": lambda o: o["cart_id"],
    "payment_method": lambda o: o["payment_method"],
    "channel_id": lambda o: str(o["channel_id"]),
    "external_order_id": lambda o: o["external_order_id"],
    "email": lambda o: o["billing_address"]["email"].lower(),
}


def _date(query: Mapping[str, str], name: str) -> Any:
    parsed = parse_date(query[name])
    if parsed is None:
        raise ApiError(400, f"The value of '{name}' is not a valid date")
    return parsed


def _ranges(order: Record, query: Mapping[str, str]) -> bool:
    numbers = {"id": float(order["id"]), "total": float(order["total_inc_tax"])}
    for name, value in numbers.items():
        if f"min_{name}" in query and value < float(query[f"min_{name}"]):
            return False
        if f"max_{name}" in query and value > float(query[f"max_{name}"]):
            return False
    for field in ("date_created", "date_modified"):
        moment = parse_date(order[field])
        assert moment is not None
        if f"min_{field}" in query and moment < _date(query, f"min_{field}"):
            return False
        if f"max_{field}" in query and moment > _date(query, f"max_{field}"):
            return False
    return True


def _matches(order: Record, query: Mapping[str, str]) -> bool:
    for name, get in _EXACT.items():
        if name in query and get(order) != query[name].lower() and get(order) != query[name]:
            return False
    archived = query.get("is_deleted", "false").lower() in ("1", "true")
    return order["is_deleted"] == archived and _ranges(order, query)


def _sort_key(field: str) -> Callable[[Record], Any]:
    if field.startswith("date_"):
        return lambda o: parse_date(o[field])
    return lambda o: (o[field] is None, o[field] if o[field] is not None else 0)


def filtered_orders(rows: list[Record], query: Mapping[str, str]) -> list[Record]:
    """Orders matching the v2 filters, sorted by `sort=field:asc|desc` (default id)."""
    try:
        chosen = [o for o in rows if _matches(o, query)]
    except ValueError:
        raise ApiError(400, "A filter value is invalid") from None
    field, _, direction = query.get("sort", "id").partition(":")
    if field not in SORTS:
        raise ApiError(400, f"Sort field '{field}' is not supported")
    return sorted(chosen, key=_sort_key(field), reverse=direction == "desc")


def _links(request: web.Request, order: Record) -> Record:
    config = request.app[SANDBOX].config
    base = config.public_url or f"{request.scheme}://{request.host}"
    store_hash, oid = request.match_info["store_hash"], order["id"]
    return {
        name: {
            "url": f"{base}/stores/{store_hash}/v2/orders/{oid}/{name}",
            "resource": f"/orders/{oid}/{name}",
        }
        for name in ("products", "shipping_addresses", "coupons")
    }


def present_order(request: web.Request, order: Record) -> Record:
    """The order with its `products`, `shipping_addresses` and `coupons` link objects."""
    return {**order, **_links(request, order)}


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
    """GET /orders/{order_id}."""
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


def _children(table: str) -> Callable[[web.Request], Any]:
    async def handler(request: web.Request) -> web.Response:
        state, order_id = store_of(request).state, ident(request, "order_id")
        state.get("orders", order_id)
        rows = _page(state.children(table, "order_id", order_id), query_of(request))
        if table == "order_addresses":
            rows = [{**r, "shipping_quotes": _quotes(order_id, r["id"])} for r in rows]
        return reply(rows) if rows else no_content()

    handler.__doc__ = f"GET /orders/{{order_id}}/{table}: 204 when empty."
    return handler


def _quotes(order_id: int, address_id: int) -> Record:
    resource = f"/orders/{order_id}/shipping_addresses/{address_id}/shipping_quotes"
    return {"url": resource, "resource": resource}


async def list_statuses(request: web.Request) -> web.Response:
    """GET /order_statuses."""
    return reply([status_record(s) for s in STATUSES])


def routes(prefix: str) -> list[web.RouteDef]:
    """Order routes under a store's v2 prefix."""
    order = f"{prefix}/orders/{{order_id}}"
    return [
        web.get(f"{prefix}/orders", list_orders),
        web.get(f"{prefix}/orders/count", count_orders),
        web.get(order, get_order),
        web.put(order, put_order),
        web.delete(order, delete_order),
        web.get(order + "/products", _children("order_products")),
        web.get(order + "/shipping_addresses", _children("order_addresses")),
        web.get(order + "/coupons", _children("order_coupons")),
        web.get(f"{prefix}/order_statuses", list_statuses),
    ]
