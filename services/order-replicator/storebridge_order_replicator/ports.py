"""What the replication use case needs from BigCommerce and the broker (pure protocols).

The BigCommerce adapter is `bigcommerce_orders.py`, the broker one `outbox.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from storebridge_order_replicator.messages import OrderReplicated, OrderUpdated
from storebridge_shared.bigcommerce.models import Order, OrderCoupon, OrderProduct, ShippingAddress
from storebridge_shared.bigcommerce.params import ParamValue
from storebridge_shared.events.envelope import EventEnvelope


class OrderApi(Protocol):
    """One store's orders, as the replicator reads and moves them."""

    async def order(self, order_id: int) -> Order:
        """The order."""

    async def order_with_consignments(self, order_id: int) -> Order:
        """The order with its consignments and their whole lines (when the API serves them)."""

    async def products(self, order_id: int) -> list[OrderProduct]:
        """Its lines, every page."""

    async def shipping_addresses(self, order_id: int) -> list[ShippingAddress]:
        """Its shipping addresses ([] for none)."""

    async def coupons(self, order_id: int) -> list[OrderCoupon]:
        """Its coupons ([] for none)."""

    async def move_status(self, order_id: int, status_id: int) -> Order:
        """Set the order's status; the order as BigCommerce answered the update."""


class Announcer(Protocol):
    """Where `order.replicated` and `order.updated` events go."""

    async def order_replicated(self, event: OrderReplicated) -> None:
        """Publish the event (confirmed)."""

    async def order_updated(self, event: OrderUpdated) -> None:
        """Publish the event (confirmed)."""


class CommandQueue(Protocol):
    """Where the polling backstop sends the orders it found (the consumer's own queue)."""

    async def send(self, command: EventEnvelope) -> None:
        """Queue the command (confirmed)."""


class PollApi(Protocol):
    """One store's order list, one page at a time."""

    async def order_page(self, filters: Mapping[str, ParamValue]) -> list[Order]:
        """One page of `/v2/orders` matching `filters` ([] for none)."""


class PollLeases(Protocol):
    """Who polls a store now: one replica at a time, only while it polls."""

    async def acquire(self, store_hash: str) -> bool:
        """Take the store's poll lease; False while another poller holds it."""

    async def renew(self, store_hash: str) -> bool:
        """Extend the lease during a long poll; False if it was taken over."""

    async def release(self, store_hash: str) -> None:
        """Give the lease up."""
