"""Report events that were published but never processed: a metric always, an alert on news.

Nothing is dropped or re-published here: a published event is in a queue (or a dead-letter
queue), so the operator decides. The alert repeats only when the count grows or after
`realert_after`, so a standing backlog does not page every minute.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Protocol


class StuckEvents(Protocol):
    """The part of the event log the check needs."""

    async def count_stuck(self, received_before: datetime) -> int:
        """Published, unprocessed events received before the cut-off."""

    async def stuck_sample(self, received_before: datetime, limit: int = 5) -> list[str]:
        """Ids of a few of them."""


class Alert(Protocol):
    """Sends an alert and never raises."""

    async def alert(self, kind: str, message: str, **context: Any) -> None:
        """Send it."""


class StuckReporter:
    """Counts stuck events and alerts when there are new ones."""

    def __init__(
        self,
        events: StuckEvents,
        alerter: Alert,
        *,
        threshold: timedelta,
        realert_after: timedelta = timedelta(hours=6),
    ) -> None:
        self._events = events
        self._alerter = alerter
        self._threshold = threshold
        self._realert_after = realert_after
        self._alerted_count = 0
        self._alerted_at: datetime | None = None

    async def check(self, now: datetime) -> int:
        """Count stuck events, alert if news; return the count."""
        cutoff = now - self._threshold
        count = await self._events.count_stuck(cutoff)
        if count == 0:
            self._alerted_count, self._alerted_at = 0, None
        elif self._should_alert(count, now):
            sample = await self._events.stuck_sample(cutoff)
            minutes = self._threshold.total_seconds() / 60
            await self._alerter.alert(
                "events_stuck",
                f"{count} published event(s) not processed after {minutes:g} minutes",
                count=count,
                oldest=", ".join(sample),
            )
            self._alerted_count, self._alerted_at = count, now
        return count

    def _should_alert(self, count: int, now: datetime) -> bool:
        if count > self._alerted_count:
            return True
        return self._alerted_at is None or now - self._alerted_at >= self._realert_after
