"""The activity register use case: count every sync into a run, remember each resource's last.

Event-driven syncs call `record_outcome` once per finished sync (the `SyncContext.on_outcome`
hook; `outcome_recorder(db)` builds it): each destination's result is `$inc`ed into that
destination's run of the current hour and stored as the resource's last status. A backfill opens
one run with `BackfillRun` and adds its counters as it goes.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from storebridge_catalog_sync.outcomes import DestinationResult, OutcomeHook, Status, SyncOutcome
from storebridge_shared.records.activity import COUNTERS, ResourceState
from storebridge_shared.store.client import Database
from storebridge_shared.store.register import ResourceStatusStore, RunStore

EVENTS_KIND = "events"
BACKFILL_KIND = "backfill"

COUNTER_OF: dict[Status, str] = {
    Status.CREATED: "created",
    Status.UPDATED: "updated",
    Status.UNCHANGED: "unchanged",
    Status.SKIPPED: "skipped",
    Status.FAILED: "failed",
    Status.DELETED: "updated",
    Status.DISABLED: "updated",
}
"""Counter each result status adds to; a delete or disable in a destination is a write."""


def now_ms() -> int:
    """Wall-clock time in epoch milliseconds (the register's unit of time)."""
    return time.time_ns() // 1_000_000


def resource_state(
    outcome: SyncOutcome, result: DestinationResult, run_id: str, at_ms: int, api_calls: int
) -> ResourceState:
    """The resource's last status in one destination after `outcome`, counted in `run_id`,
    with the API calls it cost there (the count its run adds)."""
    return ResourceState(
        resource_type=outcome.kind,
        source_id=str(outcome.source_id),
        destination=result.destination,
        status=result.status.value,
        at_ms=at_ms,
        run_id=run_id,
        sku=outcome.sku,
        target_id=result.destination_id,
        reason=result.reason,
        api_calls=api_calls,
    )


async def record_outcome(
    db: Database, outcome: SyncOutcome, *, at_ms: int | None = None, duration_ms: int = 0
) -> None:
    """Add one event-driven sync to each destination's hourly run and to the resource status."""
    at = now_ms() if at_ms is None else at_ms
    runs, statuses = RunStore(db), ResourceStatusStore(db)
    for result, calls in zip(outcome.results, outcome.calls_per_destination(), strict=True):
        run_id = await runs.add_to_hour(
            EVENTS_KIND,
            result.destination,
            {COUNTER_OF[result.status]: 1},
            at_ms=at,
            api_calls=calls,
            busy_ms=duration_ms,
        )
        await statuses.record(resource_state(outcome, result, run_id, at, calls))


def outcome_recorder(db: Database) -> OutcomeHook:
    """The `SyncContext.on_outcome` hook that feeds the activity register."""

    async def hook(outcome: SyncOutcome) -> None:
        await record_outcome(db, outcome)

    return hook


@dataclass
class BackfillRun:
    """One backfill's run in the register: counters are kept here and flushed as deltas."""

    db: Database
    run_id: str
    destination: str
    pending: Counter[str] = field(default_factory=Counter)
    totals: Counter[str] = field(default_factory=Counter)
    flushed_calls: int = 0

    async def start(self, started_ms: int) -> None:
        """Open the run (a resumed backfill keeps its run and counters)."""
        await RunStore(self.db).start(self.run_id, BACKFILL_KIND, self.destination, started_ms)

    def count(self, counter: str, n: int = 1) -> None:
        """Count `n` items under one of COUNTERS."""
        assert counter in COUNTERS, counter
        self.pending[counter] += n
        self.totals[counter] += n

    async def resource(self, state: ResourceState) -> None:
        """Store one resource's outcome under this run."""
        await ResourceStatusStore(self.db).record(state)

    async def flush(self, api_calls_total: int) -> None:
        """Write the counters gathered since the last flush and the API calls made since."""
        delta_calls = api_calls_total - self.flushed_calls
        if not self.pending and not delta_calls:
            return
        await RunStore(self.db).add(
            self.run_id, dict(self.pending), api_calls=delta_calls, at_ms=now_ms()
        )
        self.pending.clear()
        self.flushed_calls = api_calls_total

    async def finish(
        self,
        api_calls_total: int,
        status: str,
        *,
        note: str = "",
        counters: Mapping[str, int] | None = None,
    ) -> None:
        """Flush and close the run with its status; `counters` replace the counted ones."""
        await self.flush(api_calls_total)
        if counters is not None:
            await RunStore(self.db).set_counters(self.run_id, counters)
        await RunStore(self.db).finish(self.run_id, status, finished_ms=now_ms(), note=note)


def counters_line(counts: Mapping[str, int]) -> str:
    """`created 3, updated 1, unchanged 0, skipped 2, failed 0`."""
    return ", ".join(f"{name} {int(counts.get(name, 0))}" for name in COUNTERS)
