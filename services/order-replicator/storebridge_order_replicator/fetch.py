"""Reading one order with its lines, shipping addresses and coupons, the order read last.

    consignments served:  GET coupons -> GET order?include=consignments.line_items    2 calls
    not served (learned): GET products | shipping_addresses | coupons -> GET order   4 calls
    learning, or an order whose consignments miss lines: the two above, then the order again
    a refresh that keeps the stored coupons: the same without GET coupons (1 or 3 calls)

The order (and so its status) is the last read, so the status the replicator decides on is as
fresh as a read can be: only MongoDB writes separate it from the PUT. Whether a store's API
serves consignments is learned from its first answer and kept for the process.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import structlog

from storebridge_order_replicator.consignments import parts_of, served, without_consignments
from storebridge_order_replicator.ports import OrderApi
from storebridge_shared.bigcommerce.models import ApiRecord, Order, OrderProduct

log = structlog.get_logger(__name__)

Coupons = list[dict[str, Any]]
"""An order's coupons as BigCommerce sent them."""


@dataclass(frozen=True)
class FetchedOrder:
    """One order as read: the record last read (its status), its lines, and the document to
    store (the order as BigCommerce sent it with `products`, `shipping_addresses`, `coupons`)."""

    order: Order
    products: list[OrderProduct]
    document: dict[str, Any]


@dataclass
class OrderReader:
    """Reads orders of one store in as few calls as its API allows."""

    api: OrderApi
    consignments: bool | None = None
    """Whether the store's API serves consignments; None until its first answer."""

    async def read(self, order_id: int, coupons: Coupons | None = None) -> FetchedOrder:
        """The order and its parts; the order's own fields come from the last call. `coupons`
        given (a refresh keeping the stored ones) are not read again."""
        if self.consignments is False:
            return await self._separately(order_id, coupons)
        if coupons is None:
            coupons = _sent(await self.api.coupons(order_id))
        order = await self.api.order_with_consignments(order_id)
        if self.consignments is None:
            self.consignments = served(order.sent())
            log.info("order_api.consignments", served=self.consignments)
        parts = parts_of(order.sent())
        if parts is not None:
            return _merged(order, parts.products, parts.shipping_addresses, coupons)
        log.info("order.consignments_incomplete", order_id=order_id)
        return await self._separately(order_id, coupons)

    async def _separately(self, order_id: int, coupons: Coupons | None = None) -> FetchedOrder:
        products, addresses, read_coupons = await asyncio.gather(
            self.api.products(order_id),
            self.api.shipping_addresses(order_id),
            self._coupons(order_id) if coupons is None else _given(coupons),
        )
        order = await self.api.order(order_id)
        return _merged(order, _sent(products), _sent(addresses), read_coupons)

    async def _coupons(self, order_id: int) -> Coupons:
        return _sent(await self.api.coupons(order_id))


async def _given(coupons: Coupons) -> Coupons:
    return coupons


def _sent(records: Sequence[ApiRecord]) -> list[dict[str, Any]]:
    return [record.sent() for record in records]


def _merged(
    order: Order,
    products: list[dict[str, Any]],
    addresses: list[dict[str, Any]],
    coupons: list[dict[str, Any]],
) -> FetchedOrder:
    document = without_consignments(order.sent())
    document |= {"products": products, "shipping_addresses": addresses, "coupons": coupons}
    return FetchedOrder(order, OrderProduct.parse_all(products), document)
