"""Delivery health per destination domain and client: the sliding success window, the
blocklist it feeds, and how often delivery-exception notices may go out."""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlparse

from storebridge_sandbox.state import Record

WINDOW_S = 120
MIN_REQUESTS = 100
MIN_SUCCESS = 0.9
BLOCK_S = 180
RETRY_NOTICE_EVERY_S = 600


def domain_of(destination: str) -> str:
    """`scheme://host[:port]` of a destination; its paths share one fate."""
    url = urlparse(destination)
    return f"{url.scheme}://{url.netloc}"


@dataclass
class _Outcome:
    at: float
    failure: str | None
    wall: int


@dataclass
class _Domain:
    outcomes: deque[_Outcome] = field(default_factory=deque)
    blocked_until: float = 0.0
    reasons: list[Record] = field(default_factory=list)
    noticed: set[int] = field(default_factory=set)


def _reasons(outcomes: deque[_Outcome]) -> list[Record]:
    found: dict[str, Record] = {}
    for outcome in outcomes:
        if outcome.failure is not None:
            reason = found.setdefault(outcome.failure, {"failure_description": outcome.failure})
            reason.update(count=reason.get("count", 0) + 1, timestamp=outcome.wall)
    return sorted(found.values(), key=lambda r: -int(r["count"]))


class HookHealth:
    """Success ratios over a sliding window; a domain below 90 % after 100 requests is blocked."""

    def __init__(self, time_compression: float = 1.0) -> None:
        self._scale = 1 / time_compression
        self._domains: dict[tuple[str, str], _Domain] = {}
        self._retry_notices: dict[str, float] = {}

    def _domain(self, client_id: str, destination: str) -> _Domain:
        return self._domains.setdefault((client_id, domain_of(destination)), _Domain())

    def blocked(self, client_id: str, destination: str) -> bool:
        """Whether deliveries of this client to this destination's domain are held back now."""
        return self._domain(client_id, destination).blocked_until > time.monotonic()

    def record(self, client_id: str, destination: str, failure: str | None) -> bool:
        """Count one sent request (`failure` None = success); True when it blocks the domain."""
        now, domain = time.monotonic(), self._domain(client_id, destination)
        domain.outcomes.append(_Outcome(now, failure, int(time.time())))
        while domain.outcomes and domain.outcomes[0].at < now - WINDOW_S * self._scale:
            domain.outcomes.popleft()
        sent = len(domain.outcomes)
        successes = sum(1 for o in domain.outcomes if o.failure is None)
        if sent < MIN_REQUESTS or successes / sent >= MIN_SUCCESS or domain.blocked_until > now:
            return False
        domain.blocked_until = now + BLOCK_S * self._scale
        domain.reasons, domain.noticed = _reasons(domain.outcomes), set()
        domain.outcomes.clear()
        return True

    def block_notice_due(self, client_id: str, destination: str, hook_id: int) -> bool:
        """True once per hook and block: the 90003 delivery exception."""
        domain = self._domain(client_id, destination)
        if hook_id in domain.noticed:
            return False
        domain.noticed.add(hook_id)
        return True

    def retry_notice_due(self, destination: str) -> bool:
        """True at most once per 10 minutes per destination: the 90001 delivery exception."""
        now = time.monotonic()
        if now < self._retry_notices.get(destination, -math.inf):
            return False
        self._retry_notices[destination] = now + RETRY_NOTICE_EVERY_S * self._scale
        return True

    def blocked_domains(self, client_id: str) -> list[Record]:
        """`/hooks/admin` `blocked_domains` of a client; `time_left` in the API's seconds."""
        now = time.monotonic()
        return [
            {
                "destination": domain,
                "time_left": math.ceil((state.blocked_until - now) / self._scale),
                "reasons": state.reasons,
            }
            for (client, domain), state in sorted(self._domains.items())
            if client == client_id and state.blocked_until > now
        ]
