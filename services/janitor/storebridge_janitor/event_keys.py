"""Fill `subject` and `received_ms` into events stored before they existed, paced like the purge.

Such events are invisible to the resource page (found by `subject`) and to every time window
(the event-log search, replays: read by `received_ms`). Both are computed from the event's own
envelope by `lookup_keys`, the function the event log stores every new event with, and written
in batches of `Pacing.batch_size` (one read, one unordered bulk write) with the purge's duty
cycle: after each batch a pause of (1 - d) / d times what it took, so the migration holds
MongoDB at most a share d of the time (the stand-in serves one request at a time: this is what
keeps the ingress's latency; `make bench`, `bench_event_keys`). A filled event leaves the
query, so a stopped run resumes where it was, and once none is left a run costs two reads
plus one per store, all on indexes (`docs/operations.md`, "Events stored before their lookup
fields").

`storebridge events migrate` runs it once; the janitor runs it in the background at start-up
while it holds its lease (`fill_when_leader`).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

import structlog
from pydantic import ValidationError

from storebridge_janitor.purge import KeepGoing, Pacing, paced_pause
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.ops.background import Stopping
from storebridge_shared.store.event_log import lookup_keys

log = structlog.get_logger(__name__)

BATCH = 100
"""Events per batch: a read and a bulk write of 100 hold the stand-in 35-40 ms (measured)."""
UNREADABLE: Mapping[str, Any] = {"subject": "", "received_ms": -1}
"""What an event whose envelope cannot be read gets: found by no resource and in no window
(every window starts at or after 0), and no longer selected by the migration."""


class KeyStore(Protocol):
    """The part of the event log the migration needs (`storebridge_shared.store.event_keys`)."""

    async def stores(self) -> list[str]:
        """The store hashes of the stored events."""

    async def lacking_subject(self, limit: int) -> list[dict[str, Any]]:
        """Up to `limit` events without `subject`."""

    async def lacking_received_ms(self, store_hash: str, limit: int) -> list[dict[str, Any]]:
        """Up to `limit` events of one store without `received_ms`."""

    async def fill(self, fields_by_id: list[tuple[str, Mapping[str, Any]]]) -> int:
        """Set each event's fields; how many changed."""


@dataclass
class Filled:
    """What a migration did."""

    filled: int = 0
    unreadable: int = 0
    batches: int = 0
    busy_secs: float = 0.0
    """Time spent in MongoDB's reads and writes (the pauses excluded)."""
    finished: bool = False
    """True when no event lacks either field any more (else it stopped: lease, signal)."""


def keys_of(document: Mapping[str, Any]) -> tuple[Mapping[str, Any], bool]:
    """The lookup fields of a stored event from its envelope, and whether it could be read."""
    try:
        envelope = EventEnvelope.model_validate(document["envelope"])
    except (KeyError, TypeError, ValidationError):
        return UNREADABLE, False
    return lookup_keys(envelope), True


async def _always() -> bool:
    return True


async def fill_event_keys(
    store: KeyStore,
    pacing: Pacing,
    keep_going: KeepGoing = _always,
    *,
    on_batch: Callable[[Filled], None] | None = None,
) -> Filled:
    """Fill every event lacking `subject`, then every store's events lacking `received_ms`;
    pause after each batch by the duty cycle; stop early when `keep_going` says so."""
    report = Filled()
    readers: list[Callable[[int], Awaitable[list[dict[str, Any]]]]] = [store.lacking_subject]
    readers += [partial(store.lacking_received_ms, s) for s in await store.stores()]
    for read in readers:
        while True:
            started = time.perf_counter()
            documents = await read(pacing.batch_size)
            fields = [(str(d["_id"]), keys_of(d)) for d in documents]
            changed = await store.fill([(event_id, keys) for event_id, (keys, _) in fields])
            elapsed = time.perf_counter() - started
            report.batches += 1
            report.busy_secs += elapsed
            report.filled += changed
            report.unreadable += sum(1 for _, (_, readable) in fields if not readable)
            if on_batch is not None:
                on_batch(report)
            if documents and not changed:  # nothing moved: never loop on the same batch
                log.warning("event_keys_stalled", left=len(documents))
                return report
            if len(documents) < pacing.batch_size:
                break
            if not await paced_pause(pacing, elapsed, keep_going, report.filled, work="event_keys"):
                return report
    report.finished = True
    if report.filled:
        log.info("event_keys_filled", filled=report.filled, unreadable=report.unreadable)
    return report


class Leader(Protocol):
    """The janitor's lease, as the migration needs it."""

    async def acquire(self) -> bool:
        """Take or extend it; True if held."""


async def fill_when_leader(
    store: KeyStore, lease: Leader, pacing: Pacing, retry_secs: float, stopping: Stopping
) -> None:
    """The janitor's start-up migration (a background loop): once this janitor holds the lease,
    fill every event's lookup fields; done when none lacks them, or on stopping. While another
    janitor holds the lease (it migrates), look again every `retry_secs`."""
    while not stopping:
        try:
            if await lease.acquire():

                async def keep_going() -> bool:
                    return not stopping and await lease.acquire()

                if (await fill_event_keys(store, pacing, keep_going)).finished:
                    return
        except Exception as error:  # MongoDB down: the next round tries again
            log.warning("event_keys_failed", error=f"{type(error).__name__}: {error}")
        if await stopping.sleep(retry_secs):
            return
