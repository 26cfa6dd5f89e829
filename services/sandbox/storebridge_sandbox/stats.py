"""Per-store counters: API calls by method and path template, 429s, webhook deliveries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Stats:
    """What one store answered and delivered since the last reset."""

    calls: Counter[str] = field(default_factory=Counter)
    rate_limited: int = 0
    deliveries: Counter[str] = field(default_factory=Counter)

    def count_call(self, method: str, template: str) -> None:
        """Count one API request."""
        self.calls[f"{method} {template}"] += 1

    def to_json(self) -> dict[str, Any]:
        """The counters as JSON."""
        return {
            "total_calls": sum(self.calls.values()),
            "calls": dict(sorted(self.calls.items())),
            "rate_limited": self.rate_limited,
            "deliveries": dict(self.deliveries),
        }
