"""A reconcile pass in the activity register: one run per destination, `reconcile:{pass}:{dest}`.

The run is opened when the pass starts (a resumed pass reopens its own), every sync the pass
runs adds its destination's result to it (and to the resource's last status), and closing it
adds what the pass found and the listing calls. A pass that found nothing and failed nothing
replaces the previous such run of its destination, so quiet passes every 15 s do not bury the
register.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storebridge_catalog_sync.outcomes import SyncOutcome
from storebridge_catalog_sync.reconcile.decide import PassCounts
from storebridge_catalog_sync.reconcile.metrics import ReconcileMetrics
from storebridge_catalog_sync.register import COUNTER_OF, now_ms, resource_state
from storebridge_catalog_sync.store.reconcile_state import CurrentPass
from storebridge_shared.store.client import Database
from storebridge_shared.store.register import ResourceStatusStore, RunStore


def run_id_of(current: CurrentPass, destination: str) -> str:
    """The run of one pass in one destination."""
    return f"{current.kind}:{current.pass_id}:{destination}"


@dataclass
class PassReport:
    """Writes the runs of the passes; `hook` is the reconcile context's `on_outcome`."""

    db: Database
    metrics: ReconcileMetrics | None = None
    _current: CurrentPass | None = None
    _counts: PassCounts | None = None

    def watch(self, current: CurrentPass | None, counts: PassCounts | None) -> None:
        """Count the outcomes that follow into `current` (None: outside a pass)."""
        self._current, self._counts = current, counts

    async def open(self, current: CurrentPass, destinations: Sequence[str]) -> None:
        """Open (or reopen) the pass's run in each destination."""
        for destination in destinations:
            await RunStore(self.db).start(
                run_id_of(current, destination), current.kind, destination, current.started_ms
            )

    async def hook(self, outcome: SyncOutcome) -> None:
        """Add one finished sync to the pass's runs and to the resource's last status."""
        current = self._current
        if current is None:
            return
        if self.metrics is not None:
            self.metrics.count(current.kind.replace("-", "_"), outcome)
        at = now_ms()
        for result, calls in zip(outcome.results, outcome.calls_per_destination(), strict=True):
            run_id = run_id_of(current, result.destination)
            await RunStore(self.db).add(
                run_id, {COUNTER_OF[result.status]: 1}, api_calls=calls, at_ms=at
            )
            state = resource_state(outcome, result, run_id, at, calls)
            await ResourceStatusStore(self.db).record(state)

    async def close(
        self,
        current: CurrentPass,
        destinations: Sequence[str],
        counts: PassCounts,
        *,
        listing_calls: int,
        stopped: str,
        finished_ms: int,
        reason: str = "",
    ) -> None:
        """Add what the pass found and its listing calls; close each run (paused if stopped),
        its note led by why the pass ran (`reason`: a rule change)."""
        runs = RunStore(self.db)
        for index, destination in enumerate(destinations):
            run_id = run_id_of(current, destination)
            calls = listing_calls // len(destinations)
            calls += listing_calls % len(destinations) if index == 0 else 0
            await runs.add(run_id, {}, api_calls=calls, at_ms=finished_ms, found=counts.total_found)
            run = await runs.get(run_id)
            failed = run.counters["failed"] if run is not None else 0
            found = run.found if run is not None else counts.total_found
            status = "paused" if stopped else ("failures" if failed else "succeeded")
            note = counts.note(stopped, total=found)
            note = f"{reason}; {note}" if reason else note
            await runs.finish(run_id, status, finished_ms=finished_ms, note=note)
            if not stopped and found == 0 and not failed:
                await runs.prune_quiet(current.kind, destination, keep=run_id)
