"""Which events and orders the replicator takes, and where an order's status goes (pure).

The predecessor pushed shipped orders back to Awaiting Shipment and changed orders in any status.
Here an order is taken only from the configured source statuses, moved only forward, and never
moved out of a status that means the order is finished or handed on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal

from storebridge_order_replicator.settings import OrderReplicatorSettings
from storebridge_shared.bigcommerce.errors import BigCommerceError
from storebridge_shared.bigcommerce.models import OrderProduct

POLLED_SCOPE = "storebridge/order/polled"
"""Scope of the command the polling backstop sends for an order it found."""

TRIGGER_SCOPES = frozenset(
    {"store/order/created", "store/cart/converted", "store/order/statusUpdated", POLLED_SCOPE}
)
"""Scopes that may start a replication; `store/order/updated` and `archived` never do (a status
change also arrives as `statusUpdated`, and `updated` carries no status)."""

NEVER_MOVED_FROM = frozenset({2, 3, 4, 5, 6, 10, 13, 14})
"""Shipped, Partially Shipped, Refunded, Cancelled, Declined, Completed, Disputed, Partially
Refunded: moving these to Awaiting Shipment/Pickup would move the order backwards."""

NON_PHYSICAL_LINES = frozenset({"digital", "giftcertificate"})
"""Line types that are not shipped."""

STATUS_FIELDS = ("status_id", "status", "custom_status", "date_modified")
"""Order fields a status read or update brings up to date in the stored copy."""

StatusAction = Literal["move", "already", "keep"]


def parse_status_ids(text: str) -> frozenset[int]:
    """`"11, 7,10"` -> {11, 7, 10}."""
    return frozenset(int(part) for part in text.split(",") if part.strip())


def parse_fields(text: str) -> tuple[str, ...]:
    """Comma-separated dotted field paths, blanks dropped."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


@dataclass(frozen=True)
class OrderRules:
    """The merchant's configuration of replication."""

    source_statuses: frozenset[int] = frozenset({11, 7, 10})
    physical_target: int = 9
    digital_target: int = 8
    drop_fields: tuple[str, ...] = ()
    mask_fields: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: OrderReplicatorSettings) -> OrderRules:
        """Rules from ORDER_POLL_STATUSES, ORDER_STATUS_*, ORDER_DROP_FIELDS, ORDER_MASK_FIELDS."""
        return cls(
            source_statuses=parse_status_ids(settings.order_poll_statuses),
            physical_target=settings.order_status_physical,
            digital_target=settings.order_status_digital,
            drop_fields=parse_fields(settings.order_drop_fields),
            mask_fields=parse_fields(settings.order_mask_fields),
        )

    def takes(self, status_id: int) -> bool:
        """Whether an order in `status_id` is replicated."""
        return status_id in self.source_statuses


def order_id_of(scope: str, payload: Mapping[str, Any]) -> int | None:
    """The order an order or cart event names (`data.orderId` of a cart), or None."""
    raw = payload.get("orderId") if scope == "store/cart/converted" else payload.get("id")
    try:
        return int(raw) if raw is not None else None
    except (TypeError, ValueError):
        return None


def triggering_order_id(scope: str, payload: Mapping[str, Any], rules: OrderRules) -> int | None:
    """The order an event asks to replicate, or None when the event needs no work."""
    if scope not in TRIGGER_SCOPES:
        return None
    if scope == "store/order/statusUpdated":
        status = payload.get("status")
        new_status = status.get("new_status_id") if isinstance(status, Mapping) else None
        if new_status is not None and not rules.takes(int(new_status)):
            return None
    return order_id_of(scope, payload)


def is_digital_only(lines: Iterable[OrderProduct]) -> bool:
    """True when the order has lines and none of them is shipped."""
    types = [line.type for line in lines]
    return bool(types) and all(kind in NON_PHYSICAL_LINES for kind in types)


def target_status(rules: OrderRules, lines: Iterable[OrderProduct]) -> int:
    """Awaiting Pickup for all-digital orders, else Awaiting Shipment (both configurable)."""
    return rules.digital_target if is_digital_only(lines) else rules.physical_target


def status_action(rules: OrderRules, current: int, target: int) -> StatusAction:
    """`move` the status, it is `already` at the target, or `keep` it (never backwards)."""
    if current == target:
        return "already"
    if rules.takes(current) and current not in NEVER_MOVED_FROM:
        return "move"
    return "keep"


ACTION_NAMES: Mapping[StatusAction, str] = {"move": "moved", "already": "already", "keep": "kept"}
"""How each status action is stored (`status_action` of an order's document)."""


def is_permanent(error: Exception) -> bool:
    """BigCommerce errors that no retry can fix (404, 422, ...): the order dead-letters at once."""
    return isinstance(error, BigCommerceError) and not error.transient


def status_fields(order: Mapping[str, Any]) -> dict[str, Any]:
    """The status fields of an order as BigCommerce answered it (those it sent)."""
    return {name: order[name] for name in STATUS_FIELDS if name in order}


def bigcommerce_time(text: str | None) -> datetime | None:
    """An RFC-2822 date of v2 (`Tue, 01 Dec 2026 10:00:00 +0000`) as an aware datetime."""
    if not text:
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None


def seconds_since(text: str | None, now: datetime) -> float | None:
    """Seconds from an RFC-2822 date of v2 to `now` (None when unreadable; 0 when ahead)."""
    moment = bigcommerce_time(text)
    return None if moment is None else max(0.0, (now - moment).total_seconds())
