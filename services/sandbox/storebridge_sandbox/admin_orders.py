"""`/_sandbox/stores/{hash}/...` shopper and merchant order actions: checkout, completing an
incomplete checkout, edits and refunds from the control panel."""

from __future__ import annotations

from aiohttp import web

from storebridge_sandbox.domain.order_updates import checkout, complete_checkout
from storebridge_sandbox.domain.refunds import create_refund
from storebridge_sandbox.replies import body_of, ident, reply, store_of
from storebridge_sandbox.views import order_parts, orders

STORE = "/_sandbox/stores/{store_hash}"


async def post_checkout(request: web.Request) -> web.Response:
    """POST .../checkout: order/created, and cart/converted unless the order is incomplete."""
    order = checkout(store_of(request), await body_of(request))
    return reply({"order_id": order["id"], "cart_id": order["cart_id"], "order": order})


async def post_complete(request: web.Request) -> web.Response:
    """POST .../orders/{id}/complete: an incomplete order is paid (11, or 7 when asked)."""
    store, body = store_of(request), await body_of(request)
    order = complete_checkout(store, ident(request, "order_id"), body)
    return reply(orders.present_order(request, order))


async def post_refund(request: web.Request) -> web.Response:
    """POST .../orders/{id}/refunds: a merchant refund, body as the v3 refunds API."""
    store, body = store_of(request), await body_of(request)
    return reply({"data": create_refund(store, ident(request, "order_id"), body)}, status=201)


def routes() -> list[web.RouteDef]:
    """The order action routes of the admin API."""
    order = STORE + "/orders/{order_id}"
    return [
        web.post(STORE + "/checkout", post_checkout),
        web.put(order, orders.put_order),
        web.delete(order, orders.delete_order),
        web.put(order + "/shipping_addresses/{address_id}", order_parts.put_address),
        web.post(order + "/complete", post_complete),
        web.post(order + "/refunds", post_refund),
    ]
