"""In-memory fakes of the ports, for unit tests. Each one passes the contract suite its real
adapter passes (`tests/support/contracts/`), so a unit test on a fake means the same on MongoDB."""

from __future__ import annotations

from typing import Any

from storebridge_catalog_sync.claims import Claim
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.events.lifecycle import EventStatus, Recorded
from storebridge_shared.events.storable import UnstorableEvent


class FakeStates:
    """In-memory sync states with the same conditional semantics as the MongoDB store."""

    def __init__(self) -> None:
        self.docs: dict[str, dict[str, Any]] = {}

    def _claim(self, key: str) -> Claim:
        doc = self.docs[key]
        return Claim(key, doc["kind"], doc["id"], doc["requested"], tuple(doc["events"]))

    async def request(self, source: str, kind: str, resource_id: int, event_id: str) -> str:
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


class FakePublisher:
    def __init__(self, *, fail: bool = False) -> None:
        self.sent: list[EventEnvelope] = []
        self.fail = fail

    async def publish(self, envelope: EventEnvelope) -> None:
        if self.fail:
            raise RuntimeError("broker down")
        self.sent.append(envelope)
