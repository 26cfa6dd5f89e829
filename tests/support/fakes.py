"""In-memory fakes of the ports, for unit tests. Each one passes the contract suite its real
adapter passes (`tests/support/contracts/`), so a unit test on a fake means the same on MongoDB."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

from storebridge_catalog_sync.claims import Claim
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.event_ids import END_ID, LEGACY_FLOOR
from storebridge_shared.events.lifecycle import EventStatus, PurgeState, Recorded
from storebridge_shared.events.storable import UnstorableEvent


class FakeStates:
    """In-memory sync states with the same conditional semantics as the MongoDB store."""

    def __init__(self) -> None:
        self.docs: dict[str, dict[str, Any]] = {}

    def _claim(self, key: str) -> Claim:
        doc = self.docs[key]
        return Claim(key, doc["kind"], doc["id"], doc["requested"], tuple(doc["events"]))

    def _doc(self, source: str, kind: str, resource_id: int) -> tuple[str, dict[str, Any]]:
        key = f"{source}:{kind}:{resource_id}"
        doc = self.docs.setdefault(
            key,
            {
                "kind": kind,
                "id": resource_id,
                "requested": 0,
                "synced": 0,
                "events": [],
                "owner": "",
                "lease_until": 0,
                "state": "idle",
            },
        )
        return key, doc

    async def request(self, source: str, kind: str, resource_id: int, event_id: str) -> str:
        key, doc = self._doc(source, kind, resource_id)
        doc["requested"] += 1
        doc["events"].append(event_id)
        doc["state"] = "pending"
        return key

    async def acquire(self, key: str, owner: str, now_ms: int, ttl_ms: int) -> Claim | None:
        doc = self.docs[key]
        if doc["lease_until"] >= now_ms:
            return None
        doc.update(owner=owner, lease_until=now_ms + ttl_ms)
        return self._claim(key)

    async def settle(self, claim: Claim, owner: str, outcome: dict[str, Any]) -> bool:
        doc = self.docs[claim.key]
        if doc["owner"] != owner or doc["requested"] != claim.requested:
            return False
        doc.update(synced=claim.requested, state="idle", owner="", lease_until=0, events=[])
        return True

    async def renew(self, key: str, owner: str, now_ms: int, ttl_ms: int) -> Claim | None:
        doc = self.docs[key]
        if doc["owner"] != owner:
            return None
        doc["lease_until"] = now_ms + ttl_ms
        return self._claim(key)

    async def release(self, key: str, owner: str, *, failed: dict[str, Any] | None = None) -> None:
        doc = self.docs[key]
        if doc["owner"] == owner:
            doc.update(owner="", lease_until=0, state="failed" if failed else doc["state"])

    async def stranded(self, now_ms: int, limit: int = 100) -> list[str]:
        return [
            k for k, d in self.docs.items() if d["state"] == "pending" and d["lease_until"] < now_ms
        ]

    async def schedule_recheck(self, key: str, at_ms: int) -> None:
        doc = self.docs[key]
        doc["recheck_at"] = min(at_ms, doc.get("recheck_at", at_ms))

    async def recheck_later(self, source: str, kind: str, resource_id: int, at_ms: int) -> None:
        key, _ = self._doc(source, kind, resource_id)
        await self.schedule_recheck(key, at_ms)

    async def due_rechecks(self, now_ms: int, limit: int = 100) -> list[str]:
        return [k for k, d in self.docs.items() if d.get("recheck_at", now_ms + 1) <= now_ms]

    async def take_recheck(self, key: str, now_ms: int, event_id: str) -> bool:
        doc = self.docs[key]
        if doc.get("recheck_at", now_ms + 1) > now_ms:
            return False
        del doc["recheck_at"]
        doc["requested"] += 1
        doc["rechecks"] = doc.get("rechecks", 0) + 1
        doc["events"].append(event_id)
        doc["state"] = "pending"
        return True

    async def get(self, source: str, kind: str, resource_id: int) -> dict[str, Any] | None:
        doc = self.docs.get(f"{source}:{kind}:{resource_id}")
        return None if doc is None else {**doc, "resource_id": doc["id"]}


class FakeRecorder:
    def __init__(self, *, fail: bool = False, refuse: bool = False) -> None:
        self.by_key: dict[tuple[str, str], tuple[EventEnvelope, EventStatus]] = {}
        self.fail = fail
        self.refuse = refuse

    async def record(self, envelope: EventEnvelope) -> Recorded:
        if self.fail:
            raise ConnectionError("mongodb down")
        if self.refuse:
            raise UnstorableEvent("key names must not contain the NULL byte")
        key = (envelope.store_hash, envelope.bc_hash)
        if key in self.by_key:
            stored, status = self.by_key[key]
            return Recorded(stored, status, duplicate=True)
        self.by_key[key] = (envelope, EventStatus.RECEIVED)
        return Recorded(envelope, EventStatus.RECEIVED, duplicate=False)

    def mark_published_soon(self, event_id: str) -> None:
        for key, (envelope, _) in self.by_key.items():
            if envelope.event_id == event_id:
                self.by_key[key] = (envelope, EventStatus.PUBLISHED)


class FakeEventMaintenance:
    """In-memory event log as the janitor and the replay see it (`store.EventMaintenance`)."""

    def __init__(self) -> None:
        self.events: dict[str, tuple[EventEnvelope, EventStatus]] = {}
        self.state = PurgeState()

    def add(self, envelope: EventEnvelope, status: EventStatus) -> None:
        """Put one event in the log in `status` (what the ingress and consumers would do)."""
        self.events[envelope.event_id] = (envelope, status)

    def _oldest_first(self, status: EventStatus, received_before: datetime) -> list[str]:
        found = [
            (e.received_at, event_id)
            for event_id, (e, s) in self.events.items()
            if s == status and e.received_at < received_before
        ]
        return [event_id for _, event_id in sorted(found)]

    async def processed_ids(self, received_before: datetime, limit: int) -> list[str]:
        return self._oldest_first(EventStatus.PROCESSED, received_before)[:limit]

    async def delete(self, event_ids: list[str]) -> int:
        gone = [
            i for i in event_ids if self.events.get(i, (None, None))[1] == EventStatus.PROCESSED
        ]
        for event_id in gone:
            del self.events[event_id]
        return len(gone)

    async def purge_state(self) -> PurgeState:
        return self.state

    async def save_purge_state(self, state: PurgeState) -> None:
        self.state = state

    async def delete_range(self, low: str, high: str, received_before: datetime) -> int:
        gone = [
            event_id
            for event_id, (e, s) in self.events.items()
            if low <= event_id < high
            and s == EventStatus.PROCESSED
            and e.received_at < received_before
        ]
        for event_id in gone:
            del self.events[event_id]
        return len(gone)

    async def legacy_ids_left(self) -> bool:
        return any(LEGACY_FLOOR <= event_id < END_ID for event_id in self.events)

    async def oldest_processed(self) -> datetime | None:
        times = [e.received_at for e, s in self.events.values() if s == EventStatus.PROCESSED]
        return min(times, default=None)

    async def count_by_status(self) -> dict[str, int]:
        statuses = [status for _, status in self.events.values()]
        return {status.value: statuses.count(status) for status in EventStatus}

    async def oldest_unprocessed(self) -> datetime | None:
        times = [e.received_at for e, s in self.events.values() if s != EventStatus.PROCESSED]
        return min(times, default=None)

    async def count_stuck(self, received_before: datetime) -> int:
        return len(self._oldest_first(EventStatus.PUBLISHED, received_before))

    async def stuck_sample(self, received_before: datetime, limit: int = 5) -> list[str]:
        return self._oldest_first(EventStatus.PUBLISHED, received_before)[:limit]

    async def has_store(self, store_hash: str) -> bool:
        return any(e.store_hash == store_hash for e, _ in self.events.values())

    async def stores(self) -> list[str]:
        return sorted({e.store_hash for e, _ in self.events.values()})

    async def window(
        self, store_hash: str, since: datetime, until: datetime | None
    ) -> AsyncIterator[EventEnvelope]:
        found = sorted(
            (e for e, _ in self.events.values() if e.store_hash == store_hash),
            key=lambda e: e.received_at,
        )
        for envelope in found:
            if since <= envelope.received_at and (until is None or envelope.received_at < until):
                yield envelope


class FakeEventLog(FakeRecorder):
    """The in-memory event log (`store.event_log.EventLog`) beyond recording: publish and process
    marks that only move an event forward, the relay's stragglers, reads by id. Each read of the
    stragglers is noted in `calls`, a list the test may share with its own callbacks to see the
    order of everything. Passes `EventLogContract`."""

    def __init__(self, *, calls: list[str] | None = None) -> None:
        super().__init__()
        self.calls = [] if calls is None else calls

    def _find(self, event_id: str) -> tuple[str, str] | None:
        for key, (envelope, _) in self.by_key.items():
            if envelope.event_id == event_id:
                return key
        return None

    def _move(self, event_id: str, status: EventStatus, *, only_from: EventStatus | None) -> None:
        key = self._find(event_id)
        if key is not None and only_from in (None, self.by_key[key][1]):
            self.by_key[key] = (self.by_key[key][0], status)

    def _stragglers(self, received_before: datetime) -> list[EventEnvelope]:
        found = [
            envelope
            for envelope, status in self.by_key.values()
            if status is EventStatus.RECEIVED and envelope.received_at < received_before
        ]
        return sorted(found, key=lambda envelope: envelope.received_at)

    async def unpublished(self, received_before: datetime, limit: int) -> list[EventEnvelope]:
        self.calls.append("unpublished")
        return self._stragglers(received_before)[:limit]

    async def count_unpublished(self, received_before: datetime) -> int:
        self.calls.append("count_unpublished")
        return len(self._stragglers(received_before))

    async def mark_published(self, event_id: str) -> None:
        self._move(event_id, EventStatus.PUBLISHED, only_from=EventStatus.RECEIVED)

    def mark_published_soon(self, event_id: str) -> None:
        self._move(event_id, EventStatus.PUBLISHED, only_from=EventStatus.RECEIVED)

    async def mark_processed(self, event_id: str, service: str) -> None:
        self._move(event_id, EventStatus.PROCESSED, only_from=None)

    async def get(self, event_id: str) -> tuple[EventEnvelope, EventStatus] | None:
        key = self._find(event_id)
        return None if key is None else self.by_key[key]


class FakePublisher:
    """A confirmed publisher (`broker.relay.Publisher`, and `ready` for the ones that say whether
    they are connected): records what it sent, or raises when `fail`."""

    def __init__(self, *, fail: bool = False, ready: bool = True) -> None:
        self.sent: list[EventEnvelope] = []
        self.fail = fail
        self.ready = ready

    async def publish(self, envelope: EventEnvelope) -> None:
        if self.fail:
            raise RuntimeError("broker down")
        self.sent.append(envelope)


class FakeLeases:
    """In-memory named leases (`store.leases.Lease`): one holder, expiry by the lease's clock.

    `leases(name, owner, ttl_secs, clock)` gives one lease; leases of one `FakeLeases` share
    their holders, as `Lease` objects on one database do.
    """

    def __init__(self) -> None:
        self.holders: dict[str, tuple[str, int]] = {}

    def __call__(
        self, name: str, owner: str, ttl_secs: float, clock: Callable[[], int]
    ) -> FakeLease:
        return FakeLease(self, name, owner, ttl_secs=ttl_secs, clock=clock)


class FakeLease:
    """One lease of a `FakeLeases`, with `Lease`'s methods."""

    def __init__(
        self,
        table: FakeLeases,
        name: str,
        owner: str,
        *,
        ttl_secs: float,
        clock: Callable[[], int],
    ) -> None:
        self._table, self.name, self.owner = table, name, owner
        self._ttl_ms, self._clock = int(ttl_secs * 1000), clock

    async def acquire(self) -> bool:
        now = self._clock()
        owner, expires_at_ms = self._table.holders.get(self.name, ("", 0))
        if owner != self.owner and expires_at_ms >= now:
            return False
        self._table.holders[self.name] = (self.owner, now + self._ttl_ms)
        return True

    async def renew(self) -> bool:
        return await self.acquire()

    async def release(self) -> None:
        owner, _ = self._table.holders.get(self.name, ("", 0))
        if owner == self.owner:
            self._table.holders[self.name] = (owner, 0)

    async def try_release(self) -> str:
        await self.release()
        return ""

    async def holder(self) -> tuple[str, int] | None:
        owner, expires_at_ms = self._table.holders.get(self.name, ("", 0))
        return (owner, expires_at_ms) if owner else None


class FakeAlerts:
    """An alerter (`janitor.stuck.Alert`) that only records (kind, message, context)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, dict[str, Any]]] = []

    async def alert(self, kind: str, message: str, **context: Any) -> None:
        self.sent.append((kind, message, context))
