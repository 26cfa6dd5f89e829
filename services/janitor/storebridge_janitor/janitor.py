"""One janitor pass, and the loop: metrics always; re-drive, stuck report, purge and hook
reconcile under a lease.

Every janitor refreshes the read-only metrics. Only the holder of the `janitor` lease acts, so two
replicas (a rollout, a mistake) never purge or re-drive side by side.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

import structlog

from storebridge_janitor.metrics import JanitorMetrics
from storebridge_janitor.purge import Pacing, PurgeStore, purge_processed
from storebridge_janitor.settings import JanitorSettings
from storebridge_janitor.stuck import StuckEvents, StuckReporter
from storebridge_shared.broker.relay import Publisher, UnpublishedEvents, redrive_unpublished
from storebridge_shared.broker.topology import DEAD, QueueDepths
from storebridge_shared.events.envelope import utcnow

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class JanitorConfig:
    """Periods and bounds of the janitor."""

    interval_secs: float = 60.0
    clean_period: timedelta = timedelta(hours=2)
    retention: timedelta = timedelta(hours=168)
    stuck_after: timedelta = timedelta(minutes=60)
    redrive_after: timedelta = timedelta(seconds=60)
    batch_size: int = 500
    duty_cycle: float = 0.1
    """Share of the time the purge may keep MongoDB busy (it pauses in proportion)."""
    hooks_period: timedelta | None = timedelta(minutes=15)
    """How often our hooks are reconciled on every store (None: never)."""

    @property
    def lease_ttl_secs(self) -> float:
        """A lease outlives three missed passes, and never less than 30 s."""
        return max(30.0, 3 * self.interval_secs)

    @classmethod
    def from_settings(cls, settings: JanitorSettings) -> JanitorConfig:
        """The configuration read from the settings."""
        minutes = settings.janitor_hooks_interval_minutes
        return cls(
            interval_secs=settings.janitor_interval_secs,
            clean_period=timedelta(hours=settings.clean_period_in_hours),
            retention=timedelta(hours=settings.event_retention_hours),
            stuck_after=timedelta(minutes=settings.stuck_event_minutes),
            batch_size=settings.purge_batch_size,
            duty_cycle=settings.purge_duty_cycle,
            hooks_period=timedelta(minutes=minutes) if minutes else None,
        )


class LeasePort(Protocol):
    """A lease the janitor must hold to act."""

    async def acquire(self) -> bool:
        """Take or extend it; True if held."""

    async def renew(self) -> bool:
        """Extend it; False if lost."""

    async def release(self) -> None:
        """Give it up."""


class EventStore(PurgeStore, StuckEvents, Protocol):
    """The event-log reads and deletes the janitor uses."""

    async def count_by_status(self) -> dict[str, int]:
        """Events per state."""

    async def oldest_unprocessed(self) -> datetime | None:
        """`received_at` of the oldest unprocessed event, or None."""


class ReadyPublisher(Publisher, Protocol):
    """A confirmed publisher that can say whether it is connected."""

    @property
    def ready(self) -> bool:
        """True when a publish can be attempted."""


class HookReconciler(Protocol):
    """Our hooks on every store made what `storebridge hooks sync` makes them."""

    async def reconcile(self) -> int:
        """Reconcile; return how many of our hooks were inactive and are active again."""


QueueDepthsSource = Callable[[], Awaitable[QueueDepths]]
"""Messages waiting per service in its main, retry and dead-letter queues."""


@dataclass
class PassReport:
    """What one pass did."""

    leader: bool = False
    redriven: int = 0
    stuck: int = 0
    purged: int | None = None
    hooks_reactivated: int | None = None


class Janitor:
    """Runs passes every `interval_secs` until stopped."""

    def __init__(
        self,
        *,
        config: JanitorConfig,
        lease: LeasePort,
        events: EventStore,
        unpublished: UnpublishedEvents,
        publisher: ReadyPublisher,
        queue_depths: QueueDepthsSource,
        stuck: StuckReporter,
        metrics: JanitorMetrics,
        hooks: HookReconciler | None = None,
    ) -> None:
        self.config = config
        self.lease = lease
        self._events = events
        self._unpublished = unpublished
        self._publisher = publisher
        self._queue_depths = queue_depths
        self._stuck = stuck
        self.metrics = metrics
        self._hooks = hooks
        self._last_purge: float | None = None
        self._last_hooks: float | None = None

    async def run_pass(self) -> PassReport:
        """Refresh metrics; if we hold the lease, re-drive, report stuck events, purge when due."""
        report = PassReport()
        await self._refresh_metrics()
        report.leader = await self.lease.acquire()
        self.metrics.lease_held.set(1 if report.leader else 0)
        if report.leader:
            report.redriven = await self._redrive()
            report.stuck = await self._stuck.check(utcnow())
            self.metrics.stuck.set(report.stuck)
            if self._purge_due():
                report.purged = await self._purge()
            if self._hooks_due():
                report.hooks_reactivated = await self._reconcile_hooks()
        self.metrics.last_pass.set(time.time())
        return report

    async def run_until(self, stop: asyncio.Event) -> None:
        """Pass after pass until `stop` is set; a failed pass is logged and the next one retries."""
        while not stop.is_set():
            try:
                report = await self.run_pass()
                log.debug("janitor_pass", **vars(report))
            except Exception as error:  # MongoDB or broker outage: try again next pass
                log.warning("janitor_pass_failed", error=f"{type(error).__name__}: {error}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.config.interval_secs)

    def _purge_due(self) -> bool:
        period = self.config.clean_period.total_seconds()
        return self._last_purge is None or time.monotonic() - self._last_purge >= period

    def _hooks_due(self) -> bool:
        if self._hooks is None or self.config.hooks_period is None:
            return False
        period = self.config.hooks_period.total_seconds()
        return self._last_hooks is None or time.monotonic() - self._last_hooks >= period

    async def _reconcile_hooks(self) -> int | None:
        """One hook reconcile; a failure (BigCommerce down) is logged and waits for the period."""
        assert self._hooks is not None
        self._last_hooks = time.monotonic()
        try:
            return await self._hooks.reconcile()
        except Exception as error:
            log.warning("hook_reconcile_failed", error=f"{type(error).__name__}: {error}")
            self.metrics.hook_reconcile_failures.inc()
            return None

    async def _purge(self) -> int:
        deleted = await purge_processed(
            self._events,
            received_before=utcnow() - self.config.retention,
            pacing=Pacing(self.config.batch_size, self.config.duty_cycle),
            keep_going=self.lease.renew,
        )
        self._last_purge = time.monotonic()
        self.metrics.purged.inc(deleted)
        return deleted

    async def _redrive(self) -> int:
        if not self._publisher.ready:
            return 0
        sent = await redrive_unpublished(
            self._unpublished, self._publisher, older_than=self.config.redrive_after
        )
        if sent:
            log.info("janitor_redriven", count=sent)
        self.metrics.redriven.inc(sent)
        return sent

    async def _refresh_metrics(self) -> None:
        for status, count in (await self._events.count_by_status()).items():
            self.metrics.events.labels(status=status).set(count)
        oldest = await self._events.oldest_unprocessed()
        age = (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
        self.metrics.oldest_unprocessed_age.set(max(age, 0.0))
        await self.refresh_queues()

    async def refresh_queues(self) -> None:
        """Set the queue and dead-letter gauges from the queues now (every pass, and before each
        scrape of /metrics, so they never lag by a pass); the broker down keeps the last figures."""
        try:
            depths = await self._queue_depths()
        except Exception as error:
            log.warning("dead_letter_count_failed", error=str(error))
            return
        for service, counts in depths.items():
            for kind, count in counts.items():
                self.metrics.queue_messages.labels(service=service, queue=kind).set(count)
            if DEAD in counts:
                self.metrics.dead_letters.labels(service=service).set(counts[DEAD])
