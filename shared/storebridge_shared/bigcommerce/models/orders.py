"""Orders v2 records: the order, its lines, shipping addresses and coupons.

Money and dates stay the strings v2 sends (`"10.0000"`, RFC 2822 dates); `sent()` is the body
as BigCommerce answered it (what the order replicator stores).
"""

from __future__ import annotations

from storebridge_shared.bigcommerce.models.base import ApiRecord


class Order(ApiRecord):
    """An order (v2), without its sub-resources (they are read separately)."""

    id: int
    status_id: int
    status: str | None = None
    customer_id: int | None = None
    date_created: str | None = None
    date_modified: str | None = None
    order_is_digital: bool | None = None
    channel_id: int | None = None
    currency_code: str | None = None


class OrderProduct(ApiRecord):
    """One line of an order; `type` is physical, digital or giftcertificate."""

    id: int
    order_id: int | None = None
    product_id: int | None = None
    variant_id: int | None = None
    order_address_id: int | None = None
    name: str | None = None
    sku: str | None = None
    type: str = "physical"
    quantity: int | None = None


class ShippingAddress(ApiRecord):
    """Where (part of) an order ships."""

    id: int
    order_id: int | None = None
    first_name: str | None = None
    last_name: str | None = None
    country_iso2: str | None = None


class OrderCoupon(ApiRecord):
    """A coupon applied to an order."""

    id: int
    coupon_id: int | None = None
    order_id: int | None = None
    code: str | None = None
