"""Orders v2 of one store: bare bodies, RFC-2822 dates, money as strings."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from storebridge_shared.bigcommerce.api import as_items, as_object
from storebridge_shared.bigcommerce.models import Order, OrderCoupon, OrderProduct, ShippingAddress
from storebridge_shared.bigcommerce.params import ParamValue

if TYPE_CHECKING:
    from storebridge_shared.bigcommerce.client import BigCommerceClient


def order_filters(
    *,
    min_id: int | None = None,
    status_id: int | None = None,
    min_date_created: datetime | str | None = None,
    min_date_modified: datetime | str | None = None,
    sort: str | None = None,
    extra: Mapping[str, ParamValue] | None = None,
) -> dict[str, ParamValue]:
    """Query of the list and count calls; `sort` like "id:asc" or "date_created:desc"."""
    return {
        **(extra or {}),
        "min_id": min_id,
        "status_id": status_id,
        "min_date_created": min_date_created,
        "min_date_modified": min_date_modified,
        "sort": sort,
    }


async def iter_orders(
    bc: BigCommerceClient, filters: Mapping[str, ParamValue] | None = None
) -> AsyncIterator[Order]:
    """Orders matching `filters` (see `order_filters`), page after page."""
    async for order in bc.v2.paginate("/orders", filters):
        yield Order.parse(order)


async def list_orders(
    bc: BigCommerceClient, filters: Mapping[str, ParamValue] | None = None
) -> list[Order]:
    """All orders matching `filters` as a list."""
    return Order.parse_all(await bc.v2.collect("/orders", filters))


async def list_orders_page(
    bc: BigCommerceClient, filters: Mapping[str, ParamValue] | None = None
) -> list[Order]:
    """One page of orders matching `filters` (with its own `page`/`limit`; [] for a 204)."""
    return Order.parse_all(as_items(await bc.v2.get("/orders", filters)))


async def count_orders(
    bc: BigCommerceClient, filters: Mapping[str, ParamValue] | None = None
) -> int:
    """How many orders match `filters`."""
    body = as_object(await bc.v2.get("/orders/count", filters))
    return int(body.get("count", 0))


CONSIGNMENTS_QUERY = {
    "include": "consignments,consignments.line_items",
    "consignment_structure": "object",
}
"""The order with its consignments (pickups, shipping, downloads, e-mailed gift certificates),
each carrying its whole lines, in the documented object form (kept in `Order.sent()`)."""


async def get_order(bc: BigCommerceClient, order_id: int, *, consignments: bool = False) -> Order:
    """One order; with `consignments`, its consignments and their lines in place of the link."""
    query = CONSIGNMENTS_QUERY if consignments else None
    return Order.parse(as_object(await bc.v2.get(f"/orders/{order_id}", query)))


async def list_order_products(bc: BigCommerceClient, order_id: int) -> list[OrderProduct]:
    """The order's line items, all pages."""
    return OrderProduct.parse_all(await bc.v2.collect(f"/orders/{order_id}/products"))


async def list_order_shipping_addresses(
    bc: BigCommerceClient, order_id: int
) -> list[ShippingAddress]:
    """The order's shipping addresses, all pages ([] for none: a 204 or an empty list)."""
    return ShippingAddress.parse_all(await bc.v2.collect(f"/orders/{order_id}/shipping_addresses"))


async def list_order_coupons(bc: BigCommerceClient, order_id: int) -> list[OrderCoupon]:
    """Coupons applied to the order, all pages ([] for none: a 204 or an empty list)."""
    return OrderCoupon.parse_all(await bc.v2.collect(f"/orders/{order_id}/coupons"))


async def update_order_status(bc: BigCommerceClient, order_id: int, status_id: int) -> Order:
    """Move the order to `status_id` (e.g. 9 Awaiting Shipment, 11 Awaiting Fulfillment)."""
    return Order.parse(as_object(await bc.v2.put(f"/orders/{order_id}", {"status_id": status_id})))
