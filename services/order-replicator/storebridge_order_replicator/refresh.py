"""Keeping the stored copy of a replicated order current (`updated`, `statusUpdated`,
`archived`, `refund/created`); the status is never moved again.

    event --> document (pending order.updated? publish it first)
          --> gate (refresh_plan.py): stale / absent -> nothing
              busy (being replicated, or its lease held by another refresh) -> leave
              `refresh_due`, try again; the holder refreshes after it (`refresh_deferred`)
          --> the order's lease (shared with the replication) for the read and the write
          --> read: the order with its consignments (1 call where served, else 3), coupons
              again only after `updated` --> scrub --> compare
          --> unchanged: only the copy's date moves on
          --> changed: one conditional write (copy + pending event) --> publish --> drop it

An event is a hint that the order may have changed, never the data: the refresh reads the order
as it is now, so a duplicate, a late or a reordered event changes nothing twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import structlog

from storebridge_order_replicator.decisions import OrderRules
from storebridge_order_replicator.fetch import OrderReader
from storebridge_order_replicator.messages import OrderUpdated
from storebridge_order_replicator.pii import scrub
from storebridge_order_replicator.ports import Announcer
from storebridge_order_replicator.refresh_plan import (
    COUPON_SCOPES,
    CopyView,
    Gate,
    RefreshPlan,
    plan_refresh,
    refresh_gate,
)
from storebridge_order_replicator.store.order_copies import OrderCopies
from storebridge_order_replicator.store.orders import epoch_ms
from storebridge_shared.bigcommerce.errors import BigCommerceError
from storebridge_shared.broker.failures import PermanentFailure, TransientFailure
from storebridge_shared.events.envelope import utcnow

log = structlog.get_logger(__name__)

MAX_DEFERRED = 10
"""Deferred refreshes one handler does in a row (each left by a newer event meanwhile)."""


@dataclass(frozen=True)
class Cause:
    """The event that asks for a refresh."""

    store_hash: str
    order_id: int
    scope: str
    event_id: str
    created_s: int
    """When BigCommerce created the event (epoch seconds)."""


@dataclass(frozen=True)
class _Entry:
    gate: Gate
    doc: dict[str, Any] | None
    coupons: bool = False
    """A refresh left by an `updated` event is covered: read the coupons too."""


@dataclass
class Refresher:
    """Refreshes stored copies of the configured stores' orders."""

    copies: OrderCopies
    readers: Mapping[str, OrderReader]
    announcer: Announcer
    rules: OrderRules
    owner: str
    lease_ms: int = 120_000
    clock: Callable[[], int] = epoch_ms

    async def refresh(self, cause: Cause) -> str:
        """Bring the order's copy up to date; the outcome in a word."""
        outcome = await self._once(cause, deferred=False)
        if outcome != "deferred":
            await self.refresh_deferred(cause.store_hash, cause.order_id)
        return outcome

    async def refresh_deferred(self, store_hash: str, order_id: int) -> None:
        """The refreshes events left while another holder had the order (after a replication,
        after a refresh)."""
        for _ in range(MAX_DEFERRED):
            doc = await self.copies.get(store_hash, order_id)
            due = doc.get("refresh_due") if doc is not None else None
            if not isinstance(due, Mapping):
                return
            if await self._once(Cause(**due), deferred=True) == "deferred":
                return  # its holder does it after
        log.warning("order.refresh_deferred_left", order_id=order_id)

    async def _once(self, cause: Cause, *, deferred: bool) -> str:
        holder = f"{self.owner}/refresh-{uuid.uuid4().hex[:8]}"
        entry = await self._enter(cause, holder)
        if entry.gate == "busy" and not deferred:  # leave the mark, then try once more
            coupons = cause.scope in COUPON_SCOPES
            await self.copies.defer(cause.store_hash, cause.order_id, asdict(cause), coupons)
            entry = await self._enter(cause, holder)
        if entry.gate == "busy":
            log.info("order.refresh_deferred", order_id=cause.order_id)
            return "deferred"
        if entry.gate != "refresh" or entry.doc is None:
            if deferred:
                await self.copies.undefer(cause.store_hash, cause.order_id, cause.event_id)
            log.info("order.refresh_skipped", order_id=cause.order_id, why=entry.gate)
            return entry.gate
        try:
            coupons = entry.coupons or cause.scope in COUPON_SCOPES
            plan = await self._read(cause, entry.doc["order"], coupons=coupons)
            return await self._apply(cause, entry.doc, plan)
        finally:
            await self.copies.unlease(cause.store_hash, cause.order_id, holder)

    async def _enter(self, cause: Cause, holder: str) -> _Entry:
        """The gate, with the order's lease taken when it says refresh (else busy). Under the
        lease, an `order.updated` left unpublished goes out first, and a refresh left by
        another event is covered by the read that follows (dropped)."""
        doc = await self.copies.get(cause.store_hash, cause.order_id)
        gate = self._gate(doc, cause)
        if gate != "refresh" and not _pending(doc):
            return _Entry(gate, doc)
        if not await self.copies.lease(cause.store_hash, cause.order_id, holder, self.lease_ms):
            return _Entry("busy" if gate == "refresh" else gate, doc)
        doc = await self.copies.get(cause.store_hash, cause.order_id)  # as its last holder left it
        if doc is not None and _pending(doc):
            await self._publish(cause, OrderUpdated.model_validate(doc["pending_update"]))
        gate = self._gate(doc, cause)
        due = doc.get("refresh_due") if doc is not None else None
        if gate != "refresh" or doc is None:
            await self.copies.unlease(cause.store_hash, cause.order_id, holder)
            return _Entry(gate, doc)
        if isinstance(due, Mapping):
            await self.copies.undefer(cause.store_hash, cause.order_id, str(due["event_id"]))
        return _Entry("refresh", doc, bool(doc.get("refresh_coupons")))

    def _gate(self, doc: Mapping[str, Any] | None, cause: Cause) -> Gate:
        view = CopyView.of(doc, self.clock()) if doc is not None else None
        return refresh_gate(view, cause.scope, cause.created_s)

    async def _read(self, cause: Cause, stored: Mapping[str, Any], *, coupons: bool) -> RefreshPlan:
        keep = None if coupons else list(stored.get("coupons") or [])
        try:
            fetched = await self.readers[cause.store_hash].read(cause.order_id, keep)
        except BigCommerceError as error:
            if error.transient:
                raise
            raise PermanentFailure(f"{type(error).__name__}: {error}") from error
        rules = self.rules
        read = scrub(fetched.document, drop=rules.drop_fields, mask=rules.mask_fields)
        return plan_refresh(stored, read)

    async def _apply(self, cause: Cause, doc: Mapping[str, Any], plan: RefreshPlan) -> str:
        held = doc.get("copy_modified_s")
        held_s = CopyView.of(doc, 0).copy_modified_s
        if plan.modified_s is not None and held_s is not None and plan.modified_s < held_s:
            return "stale"  # another refresh stored a newer copy meanwhile
        if not plan.changed and plan.modified_s == held_s:
            return "unchanged"
        event = self._event(cause, plan) if plan.changed else None
        pending = event.model_dump(mode="json") if event is not None else None
        wrote = await self.copies.replace(
            cause.store_hash,
            cause.order_id,
            held_s=held,
            order=plan.document,
            modified_s=plan.modified_s,
            pending=pending,
        )
        if not wrote:
            raise TransientFailure(f"order {cause.order_id}: its copy changed meanwhile")
        if event is None:
            return "unchanged"
        await self._publish(cause, event)
        log.info("order.refreshed", order_id=cause.order_id, changed=plan.changed)
        return "updated"

    def _event(self, cause: Cause, plan: RefreshPlan) -> OrderUpdated:
        return OrderUpdated(
            event_id=OrderUpdated.id_for(cause.store_hash, cause.order_id, cause.event_id),
            store_hash=cause.store_hash,
            order_id=cause.order_id,
            status_id=int(plan.document.get("status_id", 0)),
            changed=plan.changed,
            date_modified=plan.document.get("date_modified"),
            updated_at=utcnow(),
            cause_event_id=cause.event_id,
            cause_scope=cause.scope,
        )

    async def _publish(self, cause: Cause, event: OrderUpdated) -> None:
        await self.announcer.order_updated(event)
        await self.copies.published(cause.store_hash, cause.order_id, event.event_id)


def _pending(doc: Mapping[str, Any] | None) -> bool:
    return doc is not None and isinstance(doc.get("pending_update"), Mapping)
