"""Counts of the calls one client made, for the activity register and the benchmarks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class CallStats:
    """Requests sent (retries included), by method; retries, 429s, errors and pacing waits."""

    total: int = 0
    by_method: Counter[str] = field(default_factory=Counter)
    retries: int = 0
    rate_limited: int = 0
    failures: int = 0
    quota_waits: int = 0
    quota_waited_s: float = 0.0

    def record_call(self, method: str) -> None:
        """Count one request put on the wire."""
        self.total += 1
        self.by_method[method] += 1

    def snapshot(self) -> dict[str, Any]:
        """A plain copy that later calls do not change."""
        return {
            "total": self.total,
            "by_method": dict(self.by_method),
            "retries": self.retries,
            "rate_limited": self.rate_limited,
            "failures": self.failures,
            "quota_waits": self.quota_waits,
            "quota_waited_s": round(self.quota_waited_s, 3),
        }
