"""The order replicator's records as operators see them (pure): a poll run, a stored order.

Written and read by `storebridge_shared.store.poll_runs` and `storebridge_shared.store.orders`;
the console's view models and `storebridge status orders` format them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    """Our replication state (`storebridge_shared.order_states`)."""
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
