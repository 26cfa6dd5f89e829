"""The event-log search's listing (pure): its rows, where a page ends and the next begins,
and how many events to read next to fill a page. The reads themselves:
`storebridge_shared.store.event_window`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from math import ceil

WINDOW_PAGE = 500
"""Most events read per query of a time window."""


@dataclass(frozen=True)
class EventRow:
    """One stored event as the event-log search lists it (no payload)."""

    event_id: str
    scope: str
    resource_type: str
    resource_id: str
    received_at: datetime
    received_ms: int


@dataclass(frozen=True)
class After:
    """Where a listing left off: the last receipt time it showed and the ids shown at it (the
    next page starts at that millisecond without them: keyset, never a skip)."""

    received_ms: int
    ids: frozenset[str] = frozenset()


MOST_IDS_AFTER = 200
"""Most ids an `After` carries (a link holds it): past them, the next millisecond."""


def after_rows(rows: Sequence[EventRow], before: After | None = None) -> After | None:
    """Where a page of `rows` (oldest first) ends, the page having started `before`: its last
    millisecond and the ids shown at it, on this page and those before; past MOST_IDS_AFTER
    events in one millisecond, the millisecond after it. None for an empty page."""
    if not rows:
        return None
    last = rows[-1].received_ms
    ids = {r.event_id for r in rows if r.received_ms == last}
    if before is not None and before.received_ms == last:
        ids |= before.ids
    if len(ids) > MOST_IDS_AFTER:
        return After(last + 1)
    return After(last, frozenset(ids))


def next_page_size(wanted: int, matched: int, read: int, *, largest: int = WINDOW_PAGE) -> int:
    """How many events to read next to find `wanted` more matches, having matched `matched` of
    the `read` so far: `wanted` at first (every event may match), then `wanted` over the share
    seen, a quarter more for chance, at most `largest` (and `largest` when none matched)."""
    if read == 0:
        return max(1, min(wanted, largest))
    if matched == 0:
        return largest
    return max(1, min(largest, ceil(wanted * read / matched * 1.25)))
