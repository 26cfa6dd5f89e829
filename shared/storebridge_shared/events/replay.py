"""Replay: publish stored events of a time window again, so a service can rebuild what it derives.

Safe because every consumer is idempotent (compare-then-write, per-resource state in
MongoDB): an event it already handled changes nothing, one it missed is handled now. Pure apart
from the ports. `storebridge replay` and the operator console's "replay this window" both use it.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import AsyncIterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from fnmatch import fnmatchcase

from storebridge_shared.broker.relay import Publisher
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.scopes import (
    ACCEPTED_SCOPES,
    CHANNEL_PRODUCT_ACTIONS,
    is_accepted,
)

_RELATIVE = re.compile(r"^(\d+(?:\.\d+)?)([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_time(text: str, now: datetime) -> datetime:
    """ISO 8601 (naive means UTC) or a duration ago such as `30m`, `6h`, `7d`."""
    if match := _RELATIVE.match(text.strip()):
        amount, unit = match.groups()
        return now - timedelta(**{_UNITS[unit]: float(amount)})
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not a time: {text!r} (ISO 8601 or 30m, 6h, 7d)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def scope_matches(scope: str, patterns: list[str]) -> bool:
    """True when `scope` matches one of the patterns (`store/product/*`, `*` for all)."""
    return any(fnmatchcase(scope, pattern) for pattern in patterns)


def matching_scopes(patterns: list[str]) -> list[str]:
    """Every scope storebridge accepts that one of the patterns matches, sorted (what a time
    window of the event log is filtered on)."""
    return sorted(scope for scope in ACCEPTED_SCOPES if scope_matches(scope, patterns))


def _channel_samples(pattern: str) -> list[str]:
    """Channel assignment scopes a pattern is tried on (the channel ids it names, else 1)."""
    ids = re.findall(r"[1-9][0-9]*", pattern) or ["1"]
    return [f"store/channel/{i}/product/{a}" for i in ids for a in CHANNEL_PRODUCT_ACTIONS]


def _matches_channels(pattern: str) -> bool:
    return any(fnmatchcase(sample, pattern) for sample in _channel_samples(pattern))


@dataclass(frozen=True)
class ScopeSelection:
    """The scopes a time window is filtered on: every fixed scope storebridge accepts that one
    of the patterns matches (iterated, counted) and, when a pattern can match one, every
    channel assignment scope (`store/channel/{id}/product/assigned|unassigned`, any channel
    id: open-ended, so only `in` answers for them)."""

    fixed: tuple[str, ...]
    patterns: tuple[str, ...]
    open_ended: bool

    def __contains__(self, scope: object) -> bool:
        if not isinstance(scope, str):
            return False
        if scope in self.fixed:
            return True
        return self.open_ended and is_accepted(scope) and scope_matches(scope, list(self.patterns))

    def __iter__(self) -> Iterator[str]:
        return iter(self.fixed)

    def __len__(self) -> int:
        return len(self.fixed)


def selected_scopes(patterns: list[str]) -> ScopeSelection:
    """What a window of the event log is filtered on for `patterns` (see ScopeSelection)."""
    return ScopeSelection(
        tuple(matching_scopes(patterns)),
        tuple(patterns),
        any(_matches_channels(p) for p in patterns),
    )


def time_window(since: str, until: str | None, now: datetime) -> tuple[datetime, datetime | None]:
    """[since, until) read with `parse_time`; ValueError when unreadable or empty."""
    start = parse_time(since, now)
    end = parse_time(until, now) if until else None
    if start >= (end or now):
        last = f"until ({end.isoformat()})" if end else f"now ({now.isoformat()})"
        raise ValueError(f"empty window: since ({start.isoformat()}) is not before {last}")
    return start, end


def unmatched_pattern(patterns: list[str]) -> str | None:
    """The first pattern that matches no scope storebridge accepts (a typo), or None."""
    for pattern in patterns:
        fixed = any(scope_matches(scope, [pattern]) for scope in ACCEPTED_SCOPES)
        if not fixed and not _matches_channels(pattern):
            return pattern
    return None


@dataclass
class ReplayReport:
    """What a replay found and published, per scope."""

    found: Counter[str] = field(default_factory=Counter)
    published: int = 0

    @property
    def total(self) -> int:
        """Events in the window that matched the scopes."""
        return sum(self.found.values())


async def replay(
    events: AsyncIterable[EventEnvelope],
    publisher: Publisher,
    *,
    scopes: list[str],
    dry_run: bool = False,
    chunk: int = 100,
) -> ReplayReport:
    """Publish every event whose scope matches, in order, `chunk` confirms awaited together."""
    report = ReplayReport()
    pending: list[EventEnvelope] = []
    async for envelope in events:
        if not scope_matches(envelope.scope, scopes):
            continue
        report.found[envelope.scope] += 1
        if dry_run:
            continue
        pending.append(envelope)
        if len(pending) >= chunk:
            report.published += await _publish_all(publisher, pending)
            pending = []
    if pending:
        report.published += await _publish_all(publisher, pending)
    return report


async def _publish_all(publisher: Publisher, envelopes: list[EventEnvelope]) -> int:
    await asyncio.gather(*(publisher.publish(envelope) for envelope in envelopes))
    return len(envelopes)
