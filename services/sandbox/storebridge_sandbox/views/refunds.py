"""`/v3/orders/.../payment_actions`: refund quotes, refunds, and the refund lists."""

from __future__ import annotations

from aiohttp import web

from storebridge_sandbox.domain.refund_quotes import quote
from storebridge_sandbox.domain.refunds import create_refund
from storebridge_sandbox.errors import not_found
from storebridge_sandbox.filters import apply_filters
from storebridge_sandbox.paging import many, one, paginate
from storebridge_sandbox.replies import body_of, ident, query_of, reply, store_of

FILTERS = {"id": "int", "order_id": "int", "created": "date"}


async def post_quote(request: web.Request) -> web.Response:
    """POST /orders/{order_id}/payment_actions/refund_quotes: 201 with the quote."""
    state, body = store_of(request).state, await body_of(request)
    order = state.get("orders", ident(request, "order_id"), "Order not found")
    return reply(one(quote(state, order, body)), status=201)


async def post_refund(request: web.Request) -> web.Response:
    """POST /orders/{order_id}/payment_actions/refunds: 201 with the refund."""
    store, body = store_of(request), await body_of(request)
    return reply(one(create_refund(store, ident(request, "order_id"), body)), status=201)


async def order_refunds(request: web.Request) -> web.Response:
    """GET /orders/{order_id}/payment_actions/refunds: by refund id, ascending."""
    state, order_id = store_of(request).state, ident(request, "order_id")
    state.get("orders", order_id, "Order not found")
    page, meta = paginate(state.children("order_refunds", "order_id", order_id), query_of(request))
    return reply(many(page, meta))


async def all_refunds(request: web.Request) -> web.Response:
    """GET /orders/payment_actions/refunds[?order_id:in=&id:in=&created:min=&created:max=]."""
    query = query_of(request)
    rows = apply_filters(store_of(request).state.rows("order_refunds"), query, FILTERS)
    page, meta = paginate(rows, query)
    return reply(many(page, meta))


async def get_refund(request: web.Request) -> web.Response:
    """GET /orders/payment_actions/refunds/{refund_id}."""
    refund = store_of(request).state.table("order_refunds").get(ident(request, "refund_id"))
    if refund is None:
        raise not_found("Refund not found")
    return reply(one(refund))


def routes(prefix: str) -> list[web.RouteDef]:
    """Payment action routes under a store's v3 prefix."""
    actions = f"{prefix}/orders/{{order_id}}/payment_actions"
    return [
        web.post(actions + "/refund_quotes", post_quote),
        web.post(actions + "/refunds", post_refund),
        web.get(actions + "/refunds", order_refunds),
        web.get(f"{prefix}/orders/payment_actions/refunds", all_refunds),
        web.get(f"{prefix}/orders/payment_actions/refunds/{{refund_id}}", get_refund),
    ]
