"""When the backstop polls: each store every ORDER_POLL_INTERVAL_MINUTES from its last poll.

A store's poll is due `interval` after the start of its latest recorded run (kept in MongoDB, so
a restarted or another replica keeps the cadence: no poll skipped after a deploy and no second
one squeezed in). Whoever finds it due takes the store's poll lease, checks again under it, polls
and releases it; a store whose lease is held is looked at again shortly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import structlog

from storebridge_order_replicator.backstop import Backstop
from storebridge_order_replicator.store.orders import epoch_ms
from storebridge_shared.ops.background import Stopping

log = structlog.get_logger(__name__)

BUSY_RECHECK_S = 60.0
"""How soon a store whose lease another replica holds is looked at again."""
MIN_SLEEP_S = 1.0


def seconds_until_due(last_started_ms: int | None, now_ms: int, interval_s: float) -> float:
    """Seconds until the store's next poll is due (0: due now, or never polled)."""
    if last_started_ms is None:
        return 0.0
    return max(0.0, (last_started_ms + interval_s * 1000 - now_ms) / 1000)


@dataclass
class PollLoop:
    """Runs the backstop for every store on its schedule, until cancelled."""

    backstop: Backstop
    interval_s: float
    clock: Callable[[], int] = epoch_ms

    async def run(self, stopping: Stopping) -> None:
        """Poll whatever is due, sleep until the next is, until stopping (ops/background.py);
        a failing poll never stops it."""
        while not stopping:
            try:
                wait = await self.poll_due()
            except Exception as error:
                log.warning("order_poll.loop_error", error=str(error)[:300])
                wait = min(BUSY_RECHECK_S, self.interval_s)
            if await stopping.sleep(max(MIN_SLEEP_S, wait)):
                return

    async def poll_due(self) -> float:
        """Poll each store that is due now; seconds until the next store is due."""
        waits = [await self._poll_if_due(store_hash) for store_hash in self.backstop.apis]
        return min(waits, default=self.interval_s)

    async def _poll_if_due(self, store_hash: str) -> float:
        if (wait := await self._due_in(store_hash)) > 0:
            return wait
        leases = self.backstop.leases
        if not await leases.acquire(store_hash):
            return min(BUSY_RECHECK_S, self.interval_s)
        try:
            if (wait := await self._due_in(store_hash)) > 0:  # another replica just polled
                return wait
            await self.backstop.poll_store(store_hash)
        finally:
            await leases.release(store_hash)
        return await self._due_in(store_hash)

    async def _due_in(self, store_hash: str) -> float:
        last = await self.backstop.runs.last_started(store_hash)
        return seconds_until_due(last, self.clock(), self.interval_s)
