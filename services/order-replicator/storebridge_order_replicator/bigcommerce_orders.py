"""`OrderApi` and `PollApi` over one store's BigCommerce client (the shared resource calls)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from storebridge_shared.bigcommerce import BigCommerceClient, resources
from storebridge_shared.bigcommerce.params import ParamValue


class BigCommerceOrders:
    """`OrderApi` over one store's BigCommerce client."""

    def __init__(self, bc: BigCommerceClient) -> None:
        self._bc = bc

    async def order(self, order_id: int) -> dict[str, Any]:
        """The order (v2)."""
        return dict(await resources.get_order(self._bc, order_id))

    async def products(self, order_id: int) -> list[dict[str, Any]]:
        """Its lines, every page (v2 pages of 250)."""
        return [dict(line) for line in await resources.list_order_products(self._bc, order_id)]

    async def shipping_addresses(self, order_id: int) -> list[dict[str, Any]]:
        """Its shipping addresses (204 or [] both mean none)."""
        found = await resources.list_order_shipping_addresses(self._bc, order_id)
        return [dict(address) for address in found]

    async def coupons(self, order_id: int) -> list[dict[str, Any]]:
        """Its coupons (204 or [] both mean none)."""
        found = await resources.list_order_coupons(self._bc, order_id)
        return [dict(coupon) for coupon in found]

    async def move_status(self, order_id: int, status_id: int) -> None:
        """PUT the new status (a PUT, retried as a PUT on transient failures)."""
        await resources.update_order_status(self._bc, order_id, status_id)

    async def order_page(self, filters: Mapping[str, ParamValue]) -> list[dict[str, Any]]:
        """One page of the order list (204 means none)."""
        return [dict(order) for order in await resources.list_orders_page(self._bc, filters)]
