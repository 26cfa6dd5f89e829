"""The order replicator's records as operators see them (pure): a poll run, a stored order.

Written and read by `storebridge_shared.store.poll_runs` and `storebridge_shared.store.orders`;
the console's view models and `storebridge status orders` format them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


def order_key(store_hash: str, order_id: int) -> str:
    """`_id` of an order's documents (`orders`, `order_dead_letters`, `order_claims`)."""
    return f"{store_hash}:{order_id}"


@dataclass(frozen=True)
class PollRun:
    """One poll of one store: when, what it asked for, how many found, new and dead, errors."""

    run_id: str
    store_hash: str
    started_ms: int
    finished_ms: int
    since_ms: int
    found: int = 0
    new: int = 0
    errors: list[str] = field(default_factory=list)
    dead: int = 0
    """Found, not replicated, but dead-lettered: left alone until an operator requeues them."""

    @property
    def status(self) -> str:
        """`ok`, or `failed` when any error was recorded."""
        return "failed" if self.errors else "ok"


@dataclass(frozen=True)
class OrderRow:
    """One replicated order as an operator sees it."""

    store_hash: str
    order_id: int
    state: str
    """Our replication state (`storebridge_shared.records.order_states`)."""
    first_seen_ms: int
    bc_status_id: int | None
    """BigCommerce's status id as last read or set by the replicator (the stored copy's), or the
    status it was seen in while waiting; None before any read."""
    bc_status: str
    """Its name, as BigCommerce gave it (empty when only the id is known)."""
    target_status_id: int | None
    status_action: str
    """`moved` (our update) or `kept` (already there), empty before the status step."""
    last_error: str
    failures: int


@dataclass(frozen=True)
class OrderStep:
    """When one step of an order's replication happened (MongoDB's clock), None before it."""

    stored_at: datetime | None = None
    """The copy was written (state `stored`)."""
    moved_at: datetime | None = None
    """The status step was recorded (state `moved`: moved, or kept as it was)."""
    announced_at: datetime | None = None
    """`order.replicated` was published (state `replicated`)."""
    seen_at: datetime | None = None
    """Last seen in a status not taken (state `waiting`)."""
    refreshed_at: datetime | None = None
    """The copy last followed a merchant's change."""


@dataclass(frozen=True)
class DeadOrder:
    """An order whose message was dead-lettered: why, when, and the dead letters' event ids."""

    reason: str
    dead_at_ms: int
    event_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrderDetail:
    """One stored order as the resource page shows it: its row, the status step, when each step
    happened and the copy's refreshes; never the copy's addresses, e-mails or phones."""

    row: OrderRow
    status_before: int | None = None
    status_after: int | None = None
    bc_modified: str = ""
    """The copy's `date_modified`, as BigCommerce gave it when last read."""
    steps: OrderStep = field(default_factory=OrderStep)
    refreshes: int = 0
    lease_owner: str = ""
    """The replica working on it now (`host:pid:...`), empty when none."""
    lease_until_ms: int = 0
    dead: DeadOrder | None = None
