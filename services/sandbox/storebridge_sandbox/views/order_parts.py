"""Sub-resources of a v2 order: products, shipping addresses, coupons and consignments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web

from storebridge_sandbox.domain.consignments import consignments
from storebridge_sandbox.domain.order_updates import update_shipping_address
from storebridge_sandbox.errors import not_found
from storebridge_sandbox.paging import page_and_limit
from storebridge_sandbox.replies import body_of, ident, no_content, query_of, reply, store_of
from storebridge_sandbox.state import Record
from storebridge_sandbox.views.orders import order_link


def _quotes(order_id: int, address_id: int) -> Record:
    resource = f"/orders/{order_id}/shipping_addresses/{address_id}/shipping_quotes"
    return {"url": resource, "resource": resource}


def _shown(table: str, order_id: int, row: Record) -> Record:
    if table == "order_addresses":
        return {**row, "shipping_quotes": _quotes(order_id, row["id"])}
    return row


def _children(table: str) -> Callable[[web.Request], Any]:
    async def handler(request: web.Request) -> web.Response:
        state, order_id = store_of(request).state, ident(request, "order_id")
        state.get("orders", order_id)
        page, limit = page_and_limit(query_of(request))
        rows = state.children(table, "order_id", order_id)[(page - 1) * limit : page * limit]
        shown = [_shown(table, order_id, r) for r in rows]
        return reply(shown) if shown else no_content()

    handler.__doc__ = f"GET /orders/{{order_id}}/{table}: 204 when empty."
    return handler


def _child(request: web.Request, table: str, key: str) -> Record:
    state, order_id = store_of(request).state, ident(request, "order_id")
    state.get("orders", order_id)
    row = state.table(table).get(ident(request, key))
    if row is None or row["order_id"] != order_id:
        raise not_found()
    return _shown(table, order_id, row)


async def get_product(request: web.Request) -> web.Response:
    """GET /orders/{order_id}/products/{product_id}: one order line."""
    return reply(_child(request, "order_products", "product_id"))


async def get_address(request: web.Request) -> web.Response:
    """GET /orders/{order_id}/shipping_addresses/{address_id}."""
    return reply(_child(request, "order_addresses", "address_id"))


async def put_address(request: web.Request) -> web.Response:
    """PUT /orders/{order_id}/shipping_addresses/{address_id}: fires store/order/updated."""
    store, body = store_of(request), await body_of(request)
    order_id, address_id = ident(request, "order_id"), ident(request, "address_id")
    _child(request, "order_addresses", "address_id")
    address = update_shipping_address(store, order_id, address_id, body)
    return reply(_shown("order_addresses", order_id, address))


async def get_consignments(request: web.Request) -> web.Response:
    """GET /orders/{order_id}/consignments[?include=consignments.line_items]: the object."""
    state, order_id = store_of(request).state, ident(request, "order_id")
    order = state.get("orders", order_id)
    expand = "consignments.line_items" in query_of(request).get("include", "")
    return reply(consignments(state, order, expand, order_link(request, order_id)))


async def no_quotes(request: web.Request) -> web.Response:
    """Shipping quotes of API and control-panel orders: 204 (none were generated)."""
    _child(request, "order_addresses", "address_id")
    return no_content()


def routes(prefix: str) -> list[web.RouteDef]:
    """Order sub-resource routes under a store's v2 prefix."""
    order = f"{prefix}/orders/{{order_id}}"
    address = order + "/shipping_addresses/{address_id}"
    return [
        web.get(order + "/products", _children("order_products")),
        web.get(order + "/products/{product_id}", get_product),
        web.get(order + "/shipping_addresses", _children("order_addresses")),
        web.get(address, get_address),
        web.put(address, put_address),
        web.get(address + "/shipping_quotes", no_quotes),
        web.get(order + "/coupons", _children("order_coupons")),
        web.get(order + "/consignments", get_consignments),
        web.get(order + "/consignments/shipping/{address_id}/shipping_quotes", no_quotes),
    ]
