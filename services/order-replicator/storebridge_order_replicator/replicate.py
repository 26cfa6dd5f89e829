"""The use case: one order fetched, stored once, its status moved once, the event announced.

    claim --(new)--> read the order (fetch.py: coupons, then the order with its consignments;
                     the order last) --(not a source status)--> waiting (nothing stored)
                        '--> one document, PII dropped/masked --> stored
    stored --> reserve the update --> the status as just read (on resume: GET order)
           --> PUT / already / keep --> moved
    moved --> publish order.replicated --> replicated

The status that decides is the last thing read before the PUT, and the order moves only if it is
still in a status we take: a merchant who cancelled, shipped or declined the order while it was
read is never overwritten ("kept"). BigCommerce has no conditional update, so a change landing
between that read and the PUT (two MongoDB writes and the PUT's trip) is the remaining window
(docs/order-replicator.md).

A crash at any point leaves the order in the last state reached; the next holder of its lease
(a redelivery, a retry or the poll) resumes there. A holder that died keeps its lease until it
expires; the poll then resumes the order. The status update is reserved by a unique insert
first, so no two holders both send it.

The I/O edge of a replication (claim, read, store, update, announce): where the status goes, and
which failures are permanent, is decided by `decisions`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import structlog

from storebridge_order_replicator.decisions import (
    ACTION_NAMES,
    OrderRules,
    is_permanent,
    seconds_since,
    status_action,
    status_fields,
    target_status,
)
from storebridge_order_replicator.fetch import OrderReader
from storebridge_order_replicator.messages import OrderReplicated
from storebridge_order_replicator.pii import scrub
from storebridge_order_replicator.ports import Announcer, OrderApi
from storebridge_order_replicator.refresh_plan import modified_s, own_update_s
from storebridge_order_replicator.states import MOVED, NEW, STORED, WAITING
from storebridge_order_replicator.store.orders import Claim, OrderStore
from storebridge_shared.bigcommerce.models import Order
from storebridge_shared.broker.failures import PermanentFailure
from storebridge_shared.events.envelope import utcnow

log = structlog.get_logger(__name__)

FailureHook = Callable[[str, int, str, int], Awaitable[None]]
"""Called with (store hash, order id, error, failures so far) when an attempt failed."""


class LagMeter(Protocol):
    """Records how long after its creation an order was stored and moved."""

    def stored(self, store_hash: str, lag_s: float | None) -> None:
        """The order's document was stored `lag_s` after its `date_created`."""

    def moved(self, store_hash: str, lag_s: float | None) -> None:
        """The order's status was moved `lag_s` after its `date_created`."""


class _NoLag:
    def stored(self, store_hash: str, lag_s: float | None) -> None:
        return None

    def moved(self, store_hash: str, lag_s: float | None) -> None:
        return None


class LeaseLost(Exception):
    """Another holder took the order over."""


CUT_OFF = "cut off before its end (channel closed or consumer stopping)"
"""The `last_error` of an order whose attempt was cancelled."""


@dataclass(frozen=True)
class _Job:
    """One attempt at one order; `holder` is unique per attempt, so two deliveries handled by
    the same process never share a lease."""

    api: OrderApi
    store_hash: str
    order_id: int
    holder: str
    cause: str


@dataclass
class Replicator:
    """Replicates orders of the configured stores; safe to run in any number of replicas."""

    store: OrderStore
    apis: Mapping[str, OrderApi]
    announcer: Announcer
    rules: OrderRules
    owner: str
    lease_ms: int = 120_000
    on_failure: FailureHook | None = None
    readers: dict[str, OrderReader] = field(default_factory=dict)
    """One reader per store (shared with the refresh: what a store's API serves is learned
    once)."""
    lag: LagMeter = field(default_factory=_NoLag)
    _releasing: set[asyncio.Task[int | None]] = field(default_factory=set, init=False, repr=False)

    async def replicate(self, store_hash: str, order_id: int, cause: str) -> str:
        """Take the order forward from wherever it stopped; the outcome in a word or two."""
        api = self.apis.get(store_hash)
        if api is None:
            raise PermanentFailure(f"store {store_hash} is not configured")
        job = _Job(api, store_hash, order_id, f"{self.owner}/{uuid.uuid4().hex[:8]}", cause)
        claim = await self.store.claim(store_hash, order_id, job.holder, self.lease_ms)
        if claim.outcome == "done":
            log.info("order.already_replicated", order_id=order_id)
            return "done"
        if claim.outcome == "busy":  # its holder's message is unacked or retried; else the poll
            log.info("order.busy", order_id=order_id)
            return "busy"
        try:
            outcome = await self._advance(job, claim)
        except LeaseLost:
            log.info("order.taken_over", order_id=order_id)
            return "busy"
        except asyncio.CancelledError:
            # Cut off mid-work: the broker closed the delivery's channel (a restart) or the
            # consumer stops. The delivery comes back unacked, and must find the order free;
            # the order did not fail, so the cut is not counted among its failures.
            release = asyncio.ensure_future(self._let_go(job, CUT_OFF, failed=False))
            self._releasing.add(release)
            release.add_done_callback(self._releasing.discard)
            await asyncio.shield(release)
            raise
        except Exception as error:
            await self._failed(job, error)
            if is_permanent(error):
                raise PermanentFailure(f"{type(error).__name__}: {error}") from error
            raise
        log.info("order.replicated", order_id=order_id, outcome=outcome)
        return outcome

    async def settle(self) -> None:
        """Wait for the releases of attempts cut off by a stop: the store must still be open
        for them, or the order stays claimed until its lease expires."""
        if self._releasing:
            await asyncio.gather(*self._releasing, return_exceptions=True)

    async def _advance(self, job: _Job, claim: Claim) -> str:
        state, doc = claim.state, claim.document
        if state in (NEW, WAITING):
            stored = await self._fetch_and_store(job)
            if stored is None:
                return "waiting"
            doc = await self._status_step(job, *stored)
        elif state == STORED:
            doc = await self._status_step(job, int(doc["target_status_id"]))
        elif state != MOVED:
            raise PermanentFailure(f"order {job.order_id} is in unknown state {state!r}")
        await self._announce(job, doc)
        return str(doc["status_action"])

    async def _fetch_and_store(self, job: _Job) -> tuple[int, Order] | None:
        """Read the order (its status last), store it; the target and the order as read."""
        order_id = job.order_id
        fetched = await self._reader(job.store_hash).read(order_id)
        status = fetched.order.status_id
        if not self.rules.takes(status):
            await self.store.mark_waiting(job.store_hash, order_id, job.holder, status)
            log.info("order.not_taken", order_id=order_id, status_id=status)
            return None
        target = target_status(self.rules, fetched.products)
        document = scrub(fetched.document, drop=self.rules.drop_fields, mask=self.rules.mask_fields)
        read_s = modified_s(fetched.document)
        if not await self.store.store(
            job.store_hash, order_id, job.holder, document, target, read_s
        ):
            raise LeaseLost()
        self.lag.stored(job.store_hash, seconds_since(fetched.order.date_created, utcnow()))
        return target, fetched.order

    def _reader(self, store_hash: str) -> OrderReader:
        if store_hash not in self.readers:
            self.readers[store_hash] = OrderReader(self.apis[store_hash])
        return self.readers[store_hash]

    async def _status_step(
        self, job: _Job, target: int, latest: Order | None = None
    ) -> dict[str, Any]:
        """Reserve the one update, then move the status as last read (`latest`, read again
        when not given), or keep it."""
        reserved = await self.store.reserve_status_update(
            job.store_hash, job.order_id, job.holder, target, self.lease_ms
        )
        if not reserved:
            raise LeaseLost()
        if latest is None:
            latest = await job.api.order(job.order_id)
        current = latest.status_id
        action = status_action(self.rules, current, target)
        if action == "move":
            latest = await job.api.move_status(job.order_id, target)
        step = {
            "status_before": current,
            "status_after": latest.status_id,
            "status_action": ACTION_NAMES[action],
        }
        if action == "keep":
            log.info("order.status_kept", order_id=job.order_id, status_id=current)
        fields = scrub(
            status_fields(latest.sent()), drop=self.rules.drop_fields, mask=self.rules.mask_fields
        )
        moved = await self.store.mark_moved(
            job.store_hash,
            job.order_id,
            job.holder,
            **_moved(step),
            order_fields=fields,
            own_update_s=own_update_s(latest.sent(), action == "move"),
        )
        if not moved:
            raise LeaseLost()
        if action == "move":
            self.lag.moved(job.store_hash, seconds_since(latest.date_created, utcnow()))
        return step

    async def _announce(self, job: _Job, step: Mapping[str, Any]) -> None:
        event = OrderReplicated(
            event_id=OrderReplicated.id_for(job.store_hash, job.order_id),
            store_hash=job.store_hash,
            order_id=job.order_id,
            status_before=int(step["status_before"]),
            status_after=int(step["status_after"]),
            status_action=str(step["status_action"]),
            replicated_at=utcnow(),
            cause_event_id=job.cause,
        )
        await self.announcer.order_replicated(event)
        await self.store.mark_replicated(job.store_hash, job.order_id, job.holder)

    async def _failed(self, job: _Job, error: Exception) -> None:
        text = f"{type(error).__name__}: {error}"[:500]
        log.warning("order.attempt_failed", order_id=job.order_id, error=text)
        failures = await self._let_go(job, text)
        if failures is not None and self.on_failure is not None:
            await self.on_failure(job.store_hash, job.order_id, text, failures)

    async def _let_go(self, job: _Job, why: str, *, failed: bool = True) -> int | None:
        """Release the status reservation and the lease, keeping the state reached: the failures
        so far (this attempt counted when `failed`), or None when the store did not answer (the
        lease then expires on its own)."""
        try:
            await self.store.release_status_update(job.store_hash, job.order_id, job.holder)
            store, order, holder = job.store_hash, job.order_id, job.holder
            return await self.store.release(store, order, holder, why, failed=failed)
        except Exception as store_error:
            log.warning("order.release_failed", order_id=job.order_id, error=str(store_error))
            return None


def _moved(step: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "before": step["status_before"],
        "after": step["status_after"],
        "action": step["status_action"],
    }
