"""`OrderApi` and `PollApi` over one store's BigCommerce client (the shared resource calls)."""

from __future__ import annotations

from collections.abc import Mapping

from storebridge_shared.bigcommerce import BigCommerceClient, resources
from storebridge_shared.bigcommerce.models import Order, OrderCoupon, OrderProduct, ShippingAddress
from storebridge_shared.bigcommerce.params import ParamValue


class BigCommerceOrders:
    """`OrderApi` over one store's BigCommerce client."""

    def __init__(self, bc: BigCommerceClient) -> None:
        self._bc = bc

    async def order(self, order_id: int) -> Order:
        """The order (v2)."""
        return await resources.get_order(self._bc, order_id)

    async def order_with_consignments(self, order_id: int) -> Order:
        """The order (v2) with `include=consignments,consignments.line_items` (object form)."""
        return await resources.get_order(self._bc, order_id, consignments=True)

    async def products(self, order_id: int) -> list[OrderProduct]:
        """Its lines, every page (v2 pages of 250)."""
        return await resources.list_order_products(self._bc, order_id)

    async def shipping_addresses(self, order_id: int) -> list[ShippingAddress]:
        """Its shipping addresses, every page (204 or [] both mean none)."""
        return await resources.list_order_shipping_addresses(self._bc, order_id)

    async def coupons(self, order_id: int) -> list[OrderCoupon]:
        """Its coupons, every page (204 or [] both mean none)."""
        return await resources.list_order_coupons(self._bc, order_id)

    async def move_status(self, order_id: int, status_id: int) -> Order:
        """PUT the new status (a PUT, retried as a PUT on transient failures); the order."""
        return await resources.update_order_status(self._bc, order_id, status_id)

    async def order_page(self, filters: Mapping[str, ParamValue]) -> list[Order]:
        """One page of the order list (204 means none)."""
        return await resources.list_orders_page(self._bc, filters)
