"""Per-store counters: API calls by method and path template, 429s, quota use, concurrency,
webhook deliveries, and a journal of the latest requests."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

JOURNAL_SIZE = 2000


@dataclass
class Stats:
    """What one store answered and delivered since the last reset."""

    calls: Counter[str] = field(default_factory=Counter)
    rate_limited: int = 0
    deliveries: Counter[str] = field(default_factory=Counter)
    served_per_window: Counter[int] = field(default_factory=Counter)
    in_flight: int = 0
    peak_concurrency: int = 0
    requests: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=JOURNAL_SIZE))

    def count_call(self, method: str, template: str) -> None:
        """Count one API request."""
        self.calls[f"{method} {template}"] += 1

    def count_served(self, window: int) -> None:
        """Count one request admitted by the rate limit in quota window number `window`."""
        self.served_per_window[window] += 1

    def started(self) -> None:
        """One more API call is being answered."""
        self.in_flight += 1
        self.peak_concurrency = max(self.peak_concurrency, self.in_flight)

    def finished(self) -> None:
        """One API call has been answered."""
        self.in_flight -= 1

    def to_json(self) -> dict[str, Any]:
        """The counters as JSON."""
        return {
            "total_calls": sum(self.calls.values()),
            "calls": dict(sorted(self.calls.items())),
            "rate_limited": self.rate_limited,
            "served_per_window": [n for _, n in sorted(self.served_per_window.items())],
            "peak_concurrency": self.peak_concurrency,
            "deliveries": dict(self.deliveries),
        }
