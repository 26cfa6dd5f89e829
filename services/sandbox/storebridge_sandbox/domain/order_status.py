"""Order status ids, names and descriptions (v2 `/order_statuses`)."""

from __future__ import annotations

from storebridge_sandbox.state import Record

STATUSES: dict[int, tuple[str, str]] = {
    0: ("Incomplete", "An incomplete order happens when a shopper reached the payment page."),
    1: ("Pending", "Customer started the checkout process, but did not complete it."),
    2: ("Shipped", "Order has been shipped, but receipt has not been confirmed."),
    3: ("Partially Shipped", "Only some items in the order have been shipped."),
    4: ("Refunded", "Seller has used the Refund action."),
    5: (
        "Cancelled",
        "Seller has cancelled an order (stock inconsistency or other reasons).",
    ),
    6: ("Declined", "Seller has marked the order as declined for lack of manual payment."),
    7: (
        "Awaiting Payment",
        "Checkout completed, but payment has yet to be confirmed.",
    ),
    8: ("Awaiting Pickup", "Order has been pulled, and is awaiting customer pickup."),
    9: ("Awaiting Shipment", "Order has been pulled and packaged, and is awaiting collection."),
    10: ("Completed", "Client has paid for their digital product and their file(s) are available."),
    11: (
        "Awaiting Fulfillment",
        "Checkout completed and payment confirmed.",
    ),
    12: ("Manual Verification Required", "Order on hold while some aspect needs to be confirmed."),
    13: ("Disputed", "Customer has initiated a dispute resolution process for the transaction."),
    14: ("Partially Refunded", "Seller has partially refunded the order."),
}


def status_name(status_id: int) -> str:
    """The display name of a status id."""
    return STATUSES[status_id][0]


def status_record(status_id: int, count: int | None = None) -> Record:
    """A `/order_statuses` item (with `count` for `/orders/count`)."""
    name, description = STATUSES[status_id]
    record: Record = {
        "id": status_id,
        "name": name,
        "system_label": name,
        "custom_label": name,
        "system_description": description,
    }
    if count is None:
        record["order"] = status_id
    else:
        record.update(count=count, sort_order=status_id)
    return record
