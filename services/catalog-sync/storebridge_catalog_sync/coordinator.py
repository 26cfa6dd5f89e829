"""One sync at a time per resource, a burst coalesced into one sync, across all replicas.

Each event adds 1 to the resource's `requested` counter, then tries to take its lease. The holder
loops: sync, record, and release only if nothing was requested meanwhile (else sync again). A
worker that cannot take the lease returns at once: the holder will see the higher counter. The
sweep picks up resources left pending by a worker that died holding an expired lease.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import structlog

from storebridge_catalog_sync.claims import Claim
from storebridge_catalog_sync.outcomes import SyncOutcome
from storebridge_shared.broker.failures import PermanentFailure, TransientFailure

log = structlog.get_logger(__name__)

SERVICE = "catalog-sync"
Runner = Callable[[str, int], Awaitable[SyncOutcome]]
"""Syncs one resource: (kind, source id) -> outcome."""


class States(Protocol):
    """The sync-state store (`storebridge_catalog_sync.store.sync_state.SyncStates`)."""

    async def request(self, source: str, kind: str, resource_id: int, event_id: str) -> str:
        """Count a request; return the key."""

    async def acquire(self, key: str, owner: str, now_ms: int, ttl_ms: int) -> Claim | None:
        """Take the lease or None."""

    async def settle(self, claim: Claim, owner: str, outcome: dict[str, Any]) -> bool:
        """Record and release when nothing new was requested."""

    async def renew(self, key: str, owner: str, now_ms: int, ttl_ms: int) -> Claim | None:
        """Extend the lease and re-read."""

    async def release(self, key: str, owner: str, *, failed: dict[str, Any] | None = None) -> None:
        """Give the lease back after an error."""

    async def stranded(self, now_ms: int, limit: int = 100) -> list[str]:
        """Pending keys with an expired lease."""

    async def schedule_recheck(self, key: str, at_ms: int) -> None:
        """Have the resource synced again at `at_ms` (the earliest of several requests wins)."""

    async def due_rechecks(self, now_ms: int, limit: int = 100) -> list[str]:
        """Keys whose recheck time has come."""

    async def take_recheck(self, key: str, now_ms: int, event_id: str) -> bool:
        """Turn a due recheck into a request (one worker wins); False when already taken."""


class ProcessedMarks(Protocol):
    """The event log's processed mark."""

    async def mark_processed(self, event_id: str, service: str) -> None:
        """Record that `service` finished `event_id`."""


def _now_ms() -> int:
    return int(time.time() * 1000)


def outcome_document(outcome: SyncOutcome) -> dict[str, Any]:
    """The outcome as stored in the sync state (strings and integers only)."""
    return {
        "in_sync": "yes" if outcome.in_sync else "no",
        "sku": outcome.sku,
        "api_calls": outcome.api_calls,
        "destinations": {
            r.destination: {
                "status": r.status.value,
                "reason": r.reason,
                "destination_id": r.destination_id or 0,
                "api_calls": r.api_calls,
                "writes": r.writes,
            }
            for r in outcome.results
        },
    }


@dataclass
class Coordinator:
    """Runs syncs under the per-resource lease."""

    source: str
    states: States
    events: ProcessedMarks
    run: Runner
    owner: str
    lease_ms: int = 60_000
    recheck_ms: int = 0
    """After a write with an unknown outcome, sync again this much later (0: never)."""
    clock: Callable[[], int] = field(default=_now_ms)

    async def submit(self, kind: str, resource_id: int, event_id: str) -> None:
        """Request a sync for an event and run it here unless another worker holds the lease."""
        key = await self.states.request(self.source, kind, resource_id, event_id)
        await self.drain(key)

    async def drain(self, key: str) -> bool:
        """Sync `key` until nothing more is requested; False when another worker holds it."""
        claim = await self.states.acquire(key, self.owner, self.clock(), self.lease_ms)
        if claim is None:
            log.info("catalog.coalesced", key=key)
            return False
        try:
            while claim is not None:
                outcome = await self.run(claim.kind, claim.resource_id)
                await self._recheck_if_uncertain(key, outcome)
                self._raise_if_failed(outcome)
                for event_id in claim.events:
                    await self.events.mark_processed(event_id, SERVICE)
                if await self.states.settle(claim, self.owner, outcome_document(outcome)):
                    return True
                claim = await self.states.renew(key, self.owner, self.clock(), self.lease_ms)
            return True
        except PermanentFailure as error:
            failed = {"in_sync": "no", "reason": str(error)[:500]}
            await self.states.release(key, self.owner, failed=failed)
            raise
        except BaseException:
            await self.states.release(key, self.owner)
            raise

    async def sweep(self) -> int:
        """Finish resources left pending by a worker that died, and run the rechecks that are
        due; return how many were synced."""
        now = self.clock()
        keys = await self.states.stranded(now)
        for key in await self.states.due_rechecks(now):
            if await self.states.take_recheck(key, now, f"recheck-{now}"):
                keys.append(key)
        done = 0
        for key in dict.fromkeys(keys):
            try:
                done += int(await self.drain(key))
            except Exception as error:
                log.warning("catalog.sweep_failed", key=key, error=str(error)[:300])
        return done

    async def _recheck_if_uncertain(self, key: str, outcome: SyncOutcome) -> None:
        """A write got no answer: B may apply it late, over what this or a later sync wrote.
        Sync again once B can no longer apply it (issue 14, item 2)."""
        if outcome.uncertain and self.recheck_ms:
            at = self.clock() + self.recheck_ms
            await self.states.schedule_recheck(key, at)
            log.warning("catalog.recheck_scheduled", key=key, at_ms=at)

    @staticmethod
    def _raise_if_failed(outcome: SyncOutcome) -> None:
        failed = [r for r in outcome.results if r.status.value == "failed"]
        if not failed:
            return
        reasons = "; ".join(f"{r.destination}: {r.reason}" for r in failed)
        message = f"{outcome.kind} {outcome.source_id}: {reasons}"
        if any(r.permanent for r in failed):
            raise PermanentFailure(message)
        raise TransientFailure(message)
