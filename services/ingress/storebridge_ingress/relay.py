"""The ingress relay: publishes events whose broker confirm never came.

It wakes at once when a publish fails here (and keeps going every second until the backlog is
empty), and otherwise sweeps every RELAY_INTERVAL_SECS for events another replica left behind.
Querying only then keeps the event log free of scans on the hot path.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

import structlog

from storebridge_ingress.metrics import IngressMetrics
from storebridge_shared.broker.publishing import ConfirmedPublisher
from storebridge_shared.broker.relay import redrive_unpublished
from storebridge_shared.events.envelope import utcnow
from storebridge_shared.ops.background import Stopping
from storebridge_shared.store.event_log import EventLog

log = structlog.get_logger(__name__)

BACKLOG_RETRY_SECS = 1.0


class Relay:
    """Background re-publishing of unpublished events, woken by failed publishes.

    `settle_marks` (the request path's `EventLog.settle_marks`) is awaited before each sweep: an
    event this process saw confirmed but has not yet marked `published` is not sent again.
    """

    def __init__(
        self,
        event_log: EventLog,
        publisher: ConfirmedPublisher,
        metrics: IngressMetrics,
        *,
        sweep_secs: float,
        min_age: timedelta,
        settle_marks: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._event_log = event_log
        self._settle_marks = settle_marks
        self._publisher = publisher
        self._metrics = metrics
        self._sweep_secs = sweep_secs
        self._min_age = min_age
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """A publish failed: start re-driving now."""
        self._wake.set()

    async def run(self, stopping: Stopping) -> None:
        """Sweep on wake-up or every `sweep_secs` until stopping; repeat soon while a backlog
        remains."""
        while not stopping:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._sweep_secs)
            self._wake.clear()
            if stopping:
                return
            try:
                backlog = await self.sweep()
            except Exception as error:  # keep relaying; the next pass retries
                log.warning("relay_failed", error=str(error))
                backlog = 1
            if backlog:
                await asyncio.sleep(BACKLOG_RETRY_SECS)
                self._wake.set()

    async def sweep(self) -> int:
        """Publish what is old enough, then return (and report) the remaining backlog."""
        started = time.perf_counter()
        sent = 0
        if self._settle_marks is not None:  # confirmed here, mark not yet written: not a backlog
            await self._settle_marks()
        if self._publisher.ready:
            sent = await redrive_unpublished(
                self._event_log, self._publisher, older_than=self._min_age
            )
        backlog = await self._event_log.count_unpublished(utcnow() - self._min_age)
        self._metrics.unpublished.set(backlog)
        log.info("relay_swept", sent=sent, backlog=backlog, ms=_ms_since(started))
        return backlog


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
