"""Whether an order event can change the stored copy, and what the refreshed copy is (pure).

The copy remembers `copy_modified_s`: the order's `date_modified` (epoch seconds) as last read
in full. An event created before that second announces a change the copy already holds. The
echo of our own status update (its `updated` and `statusUpdated`, fired in the second of the PUT,
`own_update_s`) is recognised by that second. Any other event means a read. So a merchant's
change made in the same second as our PUT is taken for its echo (BigCommerce dates changes and
events to the second): it reaches the copy with the order's next change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from storebridge_order_replicator.decisions import bigcommerce_time, order_id_of
from storebridge_order_replicator.states import MOVED, REPLICATED, STORED

REFRESH_SCOPES = frozenset(
    {
        "store/order/updated",
        "store/order/statusUpdated",
        "store/order/archived",
        "store/order/refund/created",
    }
)
"""Scopes that refresh the stored copy of a replicated order (never its status)."""

ECHO_SCOPES = frozenset({"store/order/updated", "store/order/statusUpdated"})
"""What our own status update fires."""

COUPON_SCOPES = frozenset({"store/order/updated"})
"""Scopes after which the coupons are read again; the others keep the stored coupons."""

Gate = Literal["absent", "stale", "busy", "refresh"]


def refreshing_order_id(scope: str, payload: Mapping[str, Any]) -> int | None:
    """The order a refresh event names, or None."""
    return order_id_of(scope, payload) if scope in REFRESH_SCOPES else None


def modified_s(order: Mapping[str, Any]) -> int | None:
    """An order's `date_modified` in epoch seconds (None when absent or unreadable)."""
    moment = bigcommerce_time(order.get("date_modified"))
    return int(moment.timestamp()) if moment is not None else None


@dataclass(frozen=True)
class CopyView:
    """What the gate needs of an order's document."""

    state: str
    has_copy: bool
    copy_modified_s: int | None
    own_update_s: int | None
    leased: bool

    @classmethod
    def of(cls, doc: Mapping[str, Any], now_ms: int) -> CopyView:
        """The view of a stored document (copies stored before `copy_modified_s` existed are
        dated by their order's `date_modified`)."""
        order = doc.get("order")
        copy_s = doc.get("copy_modified_s")
        if copy_s is None and isinstance(order, Mapping):
            copy_s = modified_s(order)
        own = doc.get("own_update_s")
        return cls(
            state=str(doc.get("state", "")),
            has_copy=isinstance(order, Mapping),
            copy_modified_s=int(copy_s) if copy_s is not None else None,
            own_update_s=int(own) if own is not None else None,
            leased=int(doc.get("lease_until_ms") or 0) > now_ms,
        )


def refresh_gate(copy: CopyView | None, scope: str, event_s: int) -> Gate:
    """`stale`: the copy already holds what the event announces; `refresh`: read and store;
    `busy`: being replicated now (retry later); `absent`: not replicated (its replication reads
    it afresh)."""
    if copy is None:
        return "absent"
    held = copy.copy_modified_s
    if copy.has_copy and held is not None and event_s < held:
        return "stale"
    if scope in ECHO_SCOPES and event_s == copy.own_update_s:
        return "stale"
    if copy.state == REPLICATED:
        return "refresh"
    if copy.state in (STORED, MOVED) or copy.leased:
        return "busy"
    return "absent"


@dataclass(frozen=True)
class RefreshPlan:
    """The copy to store and the top-level fields that changed ([] = nothing to write)."""

    document: dict[str, Any]
    changed: list[str]
    modified_s: int | None


def plan_refresh(stored: Mapping[str, Any], read: Mapping[str, Any]) -> RefreshPlan:
    """Compare the stored copy with the order as just read (both scrubbed)."""
    changed = sorted(key for key in stored.keys() | read.keys() if stored.get(key) != read.get(key))
    return RefreshPlan(dict(read), changed, modified_s(read))


def own_update_s(answer: Mapping[str, Any], moved: bool) -> int | None:
    """The second of our own status update (its echo is not a change), None without a PUT."""
    return modified_s(answer) if moved else None
