"""Delete processed events past retention with range deletes on `_id`, paced by what they cost.

Event ids are ordered by receipt time (`storebridge_shared.events.event_ids`), so the old events
are the ids below the cut-off's id. The purge deletes them one `_id` range at a time (filter:
still `processed`, received before the cut-off), with no read before the delete. Each range is
sized from the last one (aiming at `batch_size` events) and after each delete the purge pauses in
proportion to how long it took: with a duty cycle d it holds the database at most a fraction d
of the time, whatever the database's speed (on the MongoDB stand-in, which serves one request at
a time, this is what keeps the ingress's latency). Where a purge ended is saved, so the next one
starts there (or at the oldest event not yet processed, if that is older). The lease is renewed
between deletes; losing it stops the purge at once.

Events stored before ids were time-ordered have random ids: until none is left, a purge first
reads their ids (a bounded `find`) and deletes them by id, paced the same way.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

import structlog

from storebridge_shared.events.event_ids import TIME_SHIFT, id_at, id_text, id_value
from storebridge_shared.events.lifecycle import PurgeState

log = structlog.get_logger(__name__)

FIRST_WIDTH = 1 << TIME_SHIFT
"""The first range spans one millisecond of ids; later ones follow the events found."""
MAX_WIDTH = 3_600_000 << TIME_SHIFT
"""A range never spans more than an hour of ids: bounds the first range after a quiet stretch,
and a stretch of no events costs at most one delete per hour of it."""


class PurgeStore(Protocol):
    """The part of the event log a purge needs."""

    async def purge_state(self) -> PurgeState:
        """Where the last purge ended."""

    async def save_purge_state(self, state: PurgeState) -> None:
        """Remember where this purge ended."""

    async def delete_range(self, low: str, high: str, received_before: datetime) -> int:
        """Delete processed events with low <= _id < high received before the cut-off."""

    async def oldest_unprocessed(self) -> datetime | None:
        """`received_at` of the oldest event not processed, or None."""

    async def oldest_processed(self) -> datetime | None:
        """`received_at` of the oldest processed event, or None (where a first purge starts)."""

    async def processed_ids(self, received_before: datetime, limit: int) -> list[str]:
        """Ids of processed events received before the cut-off (any id layout)."""

    async def delete(self, event_ids: list[str]) -> int:
        """Delete these events if they are still processed; return how many went."""

    async def legacy_ids_left(self) -> bool:
        """True while an event with a random (pre-time-ordered) id may be stored."""


@dataclass(frozen=True)
class Pacing:
    """How big each delete aims to be and what share of the time the purge may hold MongoDB."""

    batch_size: int = 500
    duty_cycle: float = 0.1

    def pause_after(self, elapsed_secs: float) -> float:
        """The pause after a delete that took `elapsed_secs`: busy at most `duty_cycle`."""
        return elapsed_secs * (1.0 - self.duty_cycle) / self.duty_cycle

    def next_width(self, width: int, deleted: int) -> int:
        """The next range's width: scaled to aim at `batch_size`, at most 2x or 1/8 of this one."""
        if deleted == 0:
            return min(width * 2, MAX_WIDTH)
        scaled = width * self.batch_size // deleted
        return max(1, min(scaled, width * 2, MAX_WIDTH), width // 8)


KeepGoing = Callable[[], Awaitable[bool]]


async def purge_processed(
    store: PurgeStore, *, received_before: datetime, pacing: Pacing, keep_going: KeepGoing
) -> int:
    """Delete processed events received before `received_before`; return how many went."""
    state = await store.purge_state()
    deleted = 0
    if not state.legacy_done and await store.legacy_ids_left():
        legacy, finished = await _purge_legacy(store, received_before, pacing, keep_going)
        deleted += legacy
        if not finished:
            return deleted
    if not state.legacy_done and not await store.legacy_ids_left():
        state = replace(state, legacy_done=True)
        await store.save_purge_state(state)
    start = state.resume_id or await _first_start(store, received_before)
    end = id_at(received_before)
    ranged, reached = await _purge_ranges(store, start, end, received_before, pacing, keep_going)
    deleted += ranged
    if reached is None:  # the whole span: resume at the cut-off, or the oldest event in use
        oldest = await store.oldest_unprocessed()
        reached = id_at(received_before if oldest is None else min(oldest, received_before))
    await store.save_purge_state(replace(state, resume_id=reached))
    log.info("purged", deleted=deleted, cutoff=received_before.isoformat(), resume_id=reached)
    return deleted


async def _first_start(store: PurgeStore, received_before: datetime) -> str:
    """Where a database's first ranged purge starts: its oldest processed event."""
    oldest = await store.oldest_processed()
    return id_at(received_before if oldest is None else min(oldest, received_before))


async def _purge_ranges(
    store: PurgeStore,
    low: str,
    end: str,
    received_before: datetime,
    pacing: Pacing,
    keep_going: KeepGoing,
) -> tuple[int, str | None]:
    """Range deletes from `low` up to `end`; (deleted, None) when done, else where it stopped."""
    deleted, width, position = 0, FIRST_WIDTH, id_value(low)
    stop = id_value(end)
    while position < stop:
        high = min(position + width, stop)
        started = time.perf_counter()
        count = await store.delete_range(id_text(position), id_text(high), received_before)
        elapsed = time.perf_counter() - started
        deleted, position, width = deleted + count, high, pacing.next_width(width, count)
        if position < stop and not await paced_pause(pacing, elapsed, keep_going, deleted):
            return deleted, id_text(position)
    return deleted, None


async def _purge_legacy(
    store: PurgeStore, received_before: datetime, pacing: Pacing, keep_going: KeepGoing
) -> tuple[int, bool]:
    """Read-then-delete batches for events of any id layout; (deleted, finished)."""
    deleted = 0
    while True:
        started = time.perf_counter()
        ids = await store.processed_ids(received_before, pacing.batch_size)
        deleted += await store.delete(ids) if ids else 0
        elapsed = time.perf_counter() - started
        if len(ids) < pacing.batch_size:
            break
        if not await paced_pause(pacing, elapsed, keep_going, deleted):
            return deleted, False
    return deleted, True


async def paced_pause(
    pacing: Pacing, elapsed: float, keep_going: KeepGoing, done: int, *, work: str = "purge"
) -> bool:
    """Renew the lease and wait out the duty cycle; False when the lease is lost (or the work
    is asked to stop): `{work}_interrupted` is logged with how many items it `done`."""
    if not await keep_going():
        log.warning(f"{work}_interrupted", done=done, reason="lease lost or stopping")
        return False
    await asyncio.sleep(pacing.pause_after(elapsed))
    return True
