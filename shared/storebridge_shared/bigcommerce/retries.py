"""When a failed BigCommerce call may be sent again, and how long to wait first.

Idempotent methods (GET, PUT, DELETE) are retried on 500/502/503/504, timeouts and connection
errors. A POST creates something, so it is retried only when BigCommerce cannot have acted on it:
a 429, a 502 or 503 (refused at the gateway or in maintenance), or a connection that failed
before the request was sent (connect error, connect or pool timeout). A POST that timed out
while waiting for the answer is not retried: it may have created the resource, and sending it
again could duplicate it. No other 4xx is ever retried.

A 429 is retried after the wait BigCommerce asks for, however often, while the call's time
since its first 429 plus the next wait stays within `rate_limit_wait_s`
(BIGCOMMERCE_RATE_LIMIT_WAIT_SECS); then the 429 reaches the caller as `RateLimited`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import httpx

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRYABLE_STATUSES = frozenset({500, 502, 503, 504})
POST_RETRYABLE_STATUSES = frozenset({502, 503})
NEVER_RETRIED = (httpx.UnsupportedProtocol, httpx.LocalProtocolError)
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounds and delays of retries: exponential back-off with full jitter."""

    max_attempts: int = 6
    base_delay_s: float = 0.5
    max_delay_s: float = 30.0
    rate_limit_wait_s: float = 300.0
    """Longest one call waits out 429s (from its first 429 to the end of its last wait)."""
    unexplained_429_delay_s: float = 5.0
    max_unexplained_429_delay_s: float = 60.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def backoff(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(cap, base * 2**(attempt-1))]."""
        ceiling = min(self.max_delay_s, self.base_delay_s * 2.0 ** max(0, attempt - 1))
        return self.rng.uniform(0, ceiling)

    def unexplained_429_wait(self, times_limited: int) -> float:
        """Wait after a 429 without rate-limit headers: longer than usual, doubling each time."""
        grown = self.unexplained_429_delay_s * 2.0 ** max(0, times_limited - 1)
        return min(self.max_unexplained_429_delay_s, grown) * self.rng.uniform(1.0, 1.25)

    def waits_out_429(self, limited_for_s: float, next_wait_s: float) -> bool:
        """After a 429: True to wait `next_wait_s` and send again, when the call has been
        rate-limited for `limited_for_s` so far; False once that would pass the budget."""
        return limited_for_s + next_wait_s <= self.rate_limit_wait_s

    def retries_status(self, method: str, status: int) -> bool:
        """True when an answer with this status may be retried for this method (429 aside)."""
        if method.upper() in IDEMPOTENT:
            return status in RETRYABLE_STATUSES
        return status in POST_RETRYABLE_STATUSES

    def retries_exception(self, method: str, error: Exception) -> bool:
        """True when a transport failure may be retried for this method."""
        if not isinstance(error, httpx.TransportError) or isinstance(error, NEVER_RETRIED):
            return False
        if method.upper() in IDEMPOTENT:
            return True
        return isinstance(error, NOT_SENT)
