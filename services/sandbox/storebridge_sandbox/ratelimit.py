"""The per-store request quota: a fixed window that refills every `window_ms`."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class RateLimiter:
    """Counts requests in the current window and says whether one more is allowed."""

    quota: int
    window_ms: int
    used: int = 0
    clock: Callable[[], float] = time.monotonic
    window_start: float = field(default=math.nan)
    window: int = 0

    def __post_init__(self) -> None:
        if math.isnan(self.window_start):
            self.window_start = self.clock()

    def _roll(self) -> None:
        if (self.clock() - self.window_start) * 1000 >= self.window_ms:
            self.window_start = self.clock()
            self.used = 0
            self.window += 1

    def take(self) -> bool:
        """Spend one request; False when the window's quota is exhausted."""
        self._roll()
        if self.used >= self.quota:
            return False
        self.used += 1
        return True

    def reset_ms(self) -> int:
        """Milliseconds until the quota refills."""
        elapsed = (self.clock() - self.window_start) * 1000
        return max(0, math.ceil(self.window_ms - elapsed))

    def headers(self) -> dict[str, str]:
        """The four X-Rate-Limit-* headers."""
        self._roll()
        return {
            "X-Rate-Limit-Requests-Left": str(max(0, self.quota - self.used)),
            "X-Rate-Limit-Requests-Quota": str(self.quota),
            "X-Rate-Limit-Time-Reset-Ms": str(self.reset_ms()),
            "X-Rate-Limit-Time-Window-Ms": str(self.window_ms),
        }

    def retry_after(self) -> str:
        """X-Retry-After: whole seconds until the quota refills (at least 1); windows shorter
        than a second (compressed time in tests) keep millisecond precision instead."""
        if self.window_ms < 1000:
            return f"{self.reset_ms() / 1000:.3f}"
        return str(max(1, math.ceil(self.reset_ms() / 1000)))
