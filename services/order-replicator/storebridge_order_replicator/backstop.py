"""The polling backstop: one poll of a store finds the orders the webhooks missed.

Per store (one replica at a time, under the store's poll lease, held only while polling): list
every order modified since the watermark (minus an overlap for clock skew) in one listing paged
by `date_modified` (`poll_listing.py`), then keep those in a source status. Orders not yet
replicated are queued as commands on the replicator's own queue: they then take the same path as
a webhook (claim, retries with backoff, dead letter, alerts, the per-store cap). Dead-lettered
orders are skipped until an operator requeues them, so a poison order is not dead-lettered and
alerted again by every poll. Each run is recorded; the watermark moves to the run's start only
after a run without errors, so an order changed during a run is listed again by the next.

The I/O edge of a poll: what it lists and queues is decided by `poll_plan` and `decisions`.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import structlog

from storebridge_order_replicator.decisions import OrderRules
from storebridge_order_replicator.messages import polled_order_command
from storebridge_order_replicator.poll_listing import PAGE, modified_since
from storebridge_order_replicator.poll_plan import listed_from, listing_since, pending, to_queue
from storebridge_order_replicator.ports import CommandQueue, PollApi, PollLeases
from storebridge_order_replicator.store.dead_orders import DeadOrders
from storebridge_order_replicator.store.orders import OrderStore, epoch_ms
from storebridge_shared.store.poll_runs import PollRun, PollRuns

log = structlog.get_logger(__name__)

AlertHook = Callable[[str, str], Awaitable[None]]
"""Called with (store hash, message) when a poll failed."""
RunHook = Callable[[PollRun], Awaitable[None]]
"""Called with every poll run once it is recorded (metrics)."""


async def _ignore_run(_: PollRun) -> None:
    return None


@dataclass
class Backstop:
    """Polls every configured store for orders the replicator has not replicated."""

    apis: Mapping[str, PollApi]
    orders: OrderStore
    dead_orders: DeadOrders
    runs: PollRuns
    queue: CommandQueue
    rules: OrderRules
    lookback_ms: int
    leases: PollLeases
    on_failure: AlertHook
    clock: Callable[[], int] = epoch_ms
    page_size: int = PAGE
    on_run: RunHook = _ignore_run

    async def poll_all(self) -> list[PollRun]:
        """Poll each store now whose poll lease is free (due or not)."""
        runs = []
        for store_hash in self.apis:
            if (run := await self.poll_leased(store_hash)) is not None:
                runs.append(run)
        return runs

    async def poll_leased(self, store_hash: str) -> PollRun | None:
        """Poll the store under its lease, released after; None while another replica polls."""
        if not await self.leases.acquire(store_hash):
            return None
        try:
            return await self.poll_store(store_hash)
        finally:
            await self.leases.release(store_hash)

    async def poll_store(self, store_hash: str) -> PollRun:
        """Find, queue and record; alert when anything failed."""
        started = self.clock()
        run_id = f"{store_hash}-{started}-{uuid.uuid4().hex[:6]}"
        since = listing_since(await self.runs.watermark(store_hash), started, self.lookback_ms)
        errors: list[str] = []
        found = await self._find(store_hash, listed_from(since), errors)
        new, dead = await self._queue_new(store_hash, found, run_id, errors)
        run = PollRun(
            run_id, store_hash, started, self.clock(), since, len(found), new, errors, dead
        )
        await self.runs.record(run)
        await self.on_run(run)
        if errors:
            await self.on_failure(store_hash, "; ".join(errors)[:1000])
        else:
            await self.runs.advance(store_hash, started)
        log.info("order_poll.done", store_hash=store_hash, found=len(found), new=new, dead=dead)
        return run

    async def _find(self, store_hash: str, since_ms: int, errors: list[str]) -> dict[int, int]:
        """Orders in a source status among those modified since `since_ms`: id -> status."""
        since = datetime.fromtimestamp(since_ms / 1000, UTC).replace(microsecond=0)

        async def renew() -> bool:
            return await self.leases.renew(store_hash)

        try:
            listed = await modified_since(self.apis[store_hash], since, renew, self.page_size)
        except Exception as error:
            errors.append(f"listing orders: {type(error).__name__}: {error}"[:300])
            return {}
        return {i: o.status_id for i, o in listed.items() if self.rules.takes(o.status_id)}

    async def _queue_new(
        self, store_hash: str, found: dict[int, int], run_id: str, errors: list[str]
    ) -> tuple[int, int]:
        """Queue the orders found and not replicated, except dead-lettered ones: (new, dead)."""
        states = await self.orders.states(store_hash, found)
        waiting = pending(found, states)
        dead = await self.dead_orders.among(store_hash, waiting)
        new = to_queue(waiting, dead)
        now = datetime.now(UTC)
        for order_id in new:
            command = polled_order_command(store_hash, order_id, found[order_id], run_id, now)
            try:
                await self.queue.send(command)
            except Exception as error:
                errors.append(f"queueing order {order_id}: {type(error).__name__}: {error}"[:300])
                break
        return len(new), len(dead)
