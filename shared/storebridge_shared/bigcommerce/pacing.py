"""Pace one store's request quota from BigCommerce's rate-limit headers: spend it, then wait.

The quota is per store and shared with every replica and every other app, so the only truth is
what the last answers said. `QuotaTracker` is the pure decision (time is passed in); `PacingGate`
wraps it for asyncio callers.

Rules:
- Nothing known yet: let `probe_limit` requests out and learn the quota from their headers; if
  answers carry no rate-limit headers at all (an unmetered store), stop pacing.
- Known: a request may go while `requests_left - in_flight > reserve`; in-flight requests will
  each spend one unit, so counting them keeps concurrent callers from overshooting.
- Otherwise wait until the window resets (receive time + `Reset-Ms` + 5 ms) or until an answer
  frees a slot; after the reset assume a full quota, until the first answer of the new window
  replaces that guess.
- Answers of one window can arrive out of order: keep the lowest `left` and the earliest reset.
- A `share` below 1 caps what this client itself sends per window at `share` x quota (a
  background job such as the catalog reconcile pass leaves the rest to webhooks and orders);
  once the quota is known, the client waits for the next window when its share is spent.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import structlog

log = structlog.get_logger(__name__)

LEFT = "x-rate-limit-requests-left"
RESET_MS = "x-rate-limit-time-reset-ms"
QUOTA = "x-rate-limit-requests-quota"
WINDOW_MS = "x-rate-limit-time-window-ms"
RETRY_AFTER = "x-retry-after"
_RECHECK_S = 1.0
RESET_SLACK_S = 0.005  # covers a reset header rounded down to the millisecond
_LONGEST_WAIT_S = 30.0


@dataclass(frozen=True, slots=True)
class QuotaHeaders:
    """The rate-limit headers of one answer (None where absent or malformed)."""

    left: int | None = None
    reset_ms: int | None = None
    quota: int | None = None
    window_ms: int | None = None
    retry_after_s: float | None = None

    @classmethod
    def parse(cls, headers: Mapping[str, str]) -> QuotaHeaders:
        """Read the headers case-insensitively."""
        lower = {key.lower(): value for key, value in headers.items()}
        return cls(
            left=_int(lower.get(LEFT)),
            reset_ms=_int(lower.get(RESET_MS)),
            quota=_int(lower.get(QUOTA)),
            window_ms=_int(lower.get(WINDOW_MS)),
            retry_after_s=_number(lower.get(RETRY_AFTER)),
        )

    def rate_limit_wait(self) -> float | None:
        """Seconds a 429 asks for: the longer of the reset and `X-Retry-After`; None if neither."""
        waits = [w for w in (_ms(self.reset_ms), self.retry_after_s) if w is not None]
        return max(waits) if waits else None


class QuotaTracker:
    """What this process knows of one store's quota window; pure, the clock is passed in."""

    def __init__(self, *, reserve: int = 0, probe_limit: int = 1, share: float = 1.0) -> None:
        self.reserve = reserve
        self.probe_limit = probe_limit
        self.share = share
        self.spent = 0
        self.left: int | None = None
        self.reset_at = -math.inf
        self.quota: int | None = None
        self.window_s: float | None = None
        self.in_flight = 0
        self.paused_until = -math.inf
        self.unmetered = False
        self._guessed = False

    def admit(self, now: float) -> float:
        """Take a slot and return 0.0, or return how long to wait (inf: until an answer)."""
        if now < self.paused_until:
            return self.paused_until - now
        if self.left is not None and now >= self.reset_at:
            self._roll_over(now)
        if self.left is None:
            probing = self.in_flight >= self.probe_limit and not self.unmetered
            return math.inf if probing else self._take()
        if self.left - self.in_flight > self.reserve and self.budget_left(now) != 0:
            return self._take()
        return self.reset_at - now

    def budget_left(self, now: float) -> int | None:
        """Requests this client may still send in the current window under its share; None
        when it has no share (1.0) or the quota is not known yet."""
        if self.share >= 1 or self.quota is None:
            return None
        spent = 0 if now >= self.reset_at else self.spent
        return max(0, math.floor(self.share * self.quota) - spent)

    def share_used(self, now: float) -> float | None:
        """What this client sent in the current window as a share of the store's quota (0.3:
        30 %); None while the quota is not known."""
        if not self.quota:
            return None
        spent = 0 if now >= self.reset_at else self.spent
        return spent / self.quota

    def release(self, headers: QuotaHeaders | None, now: float, *, limited: bool = False) -> None:
        """Give the slot back and learn from the answer's headers (None: no answer)."""
        self.in_flight = max(0, self.in_flight - 1)
        if headers is None or headers.left is None or headers.reset_ms is None:
            answered = headers is not None and not limited
            self.unmetered = self.unmetered or (answered and self.left is None)
            return
        self.quota = headers.quota if headers.quota is not None else self.quota
        self.window_s = _ms(headers.window_ms) or self.window_s
        left, reset_at = headers.left, now + headers.reset_ms / 1000 + RESET_SLACK_S
        if limited:
            left, reset_at = 0, now + (headers.rate_limit_wait() or 0.0) + RESET_SLACK_S
        self._merge(left, reset_at, limited)

    def pause(self, until: float) -> None:
        """Send nothing before `until` (a 429 that said nothing about the window)."""
        self.paused_until = max(self.paused_until, until)

    def _take(self) -> float:
        self.in_flight += 1
        self.spent += 1
        return 0.0

    def _roll_over(self, now: float) -> None:
        self.spent = 0
        self.left = self.quota
        self.reset_at = now + (self.window_s or _RECHECK_S)
        self._guessed = True

    def _merge(self, left: int, reset_at: float, limited: bool) -> None:
        tolerance = (self.window_s or 2 * _RECHECK_S) / 2
        if self.left is not None and not self._guessed and reset_at > self.reset_at + tolerance:
            self.spent = self.in_flight  # a new window began before we rolled over
        if self.left is None or self._guessed or reset_at > self.reset_at + tolerance:
            self.left, self.reset_at, self._guessed = left, reset_at, False
        elif reset_at >= self.reset_at - tolerance:
            self.left = min(self.left, left)
            pick = max if limited else min
            self.reset_at = pick(self.reset_at, reset_at)


class PacingGate:
    """Asyncio front of a `QuotaTracker`: callers wait their turn, answers wake them."""

    def __init__(
        self,
        tracker: QuotaTracker,
        *,
        clock: Callable[[], float] = time.monotonic,
        store: str = "",
    ) -> None:
        self.tracker = tracker
        self._clock = clock
        self._store = store
        self._wakeup = asyncio.Event()
        self._logged_reset = -math.inf
        self.waits = 0
        self.waited_s = 0.0

    async def acquire(self) -> None:
        """Wait until the quota allows one more request, then hold its slot."""
        wait = self.tracker.admit(self._clock())
        if wait <= 0:
            return
        started = self._clock()
        while wait > 0:
            self._note_wait(wait)
            wakeup = self._wakeup
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(min(wait, _LONGEST_WAIT_S)):
                    await wakeup.wait()
            wait = self.tracker.admit(self._clock())
        self.waits += 1
        self.waited_s += self._clock() - started

    def release(self, headers: QuotaHeaders | None, *, limited: bool = False) -> None:
        """Return the slot, record what the answer said, and wake the waiters."""
        self.tracker.release(headers, self._clock(), limited=limited)
        self._wakeup.set()
        self._wakeup = asyncio.Event()

    def budget_left(self) -> int | None:
        """The tracker's `budget_left` now."""
        return self.tracker.budget_left(self._clock())

    def share_used(self) -> float | None:
        """The tracker's `share_used` now."""
        return self.tracker.share_used(self._clock())

    def pause(self, seconds: float) -> None:
        """Hold every caller back for `seconds`."""
        self.tracker.pause(self._clock() + seconds)

    def _note_wait(self, wait: float) -> None:
        reset_at = self.tracker.reset_at
        same_window = (self.tracker.window_s or _RECHECK_S) / 2
        if math.isfinite(wait) and reset_at > self._logged_reset + same_window:
            self._logged_reset = reset_at
            log.info(
                "bigcommerce.quota_wait",
                store=self._store,
                wait_s=round(wait, 3),
                left=self.tracker.left,
                in_flight=self.tracker.in_flight,
            )


def _number(raw: str | None) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if value >= 0 and math.isfinite(value) else None


def _int(raw: str | None) -> int | None:
    value = _number(raw)
    return None if value is None else int(value)


def _ms(value: int | None) -> float | None:
    return None if value is None else value / 1000
