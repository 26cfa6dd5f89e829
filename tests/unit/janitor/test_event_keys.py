"""The event-keys migration's decisions: which fields an old event gets, batching, stopping."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from storebridge_janitor.event_keys import UNREADABLE, Filled, fill_event_keys, keys_of
from storebridge_janitor.purge import Pacing
from storebridge_shared.events.envelope import EventEnvelope
from storebridge_shared.store.event_log import _document

AT = datetime(2026, 11, 2, 7, 30, 0, 123000, tzinfo=UTC)
UNPAUSED = Pacing(batch_size=2, duty_cycle=1.0)  # no pause between batches


def stored(n: int, *, store: str = "a1", scope: str = "store/sku/updated") -> dict[str, Any]:
    """An event document as the ingress writes it today."""
    envelope = EventEnvelope(
        event_id=f"e{n}",
        store_hash=store,
        scope=scope,
        resource_type=scope.split("/")[1],
        resource_id=str(400 + n),
        bc_hash=f"h{n}",
        created_at=AT,
        received_at=AT,
        payload={"id": 400 + n, "sku": {"product_id": 77}},
    )
    return _document(envelope)


class Store:
    """Old events in memory: some without both fields, some without `received_ms` only."""

    def __init__(self, documents: list[dict[str, Any]]) -> None:
        self.documents = {d["_id"]: d for d in documents}
        self.reads = 0
        self.frozen = False

    async def stores(self) -> list[str]:
        return sorted({d["store_hash"] for d in self.documents.values()})

    async def lacking_subject(self, limit: int) -> list[dict[str, Any]]:
        self.reads += 1
        return [d for d in self.documents.values() if d.get("subject") is None][:limit]

    async def lacking_received_ms(self, store_hash: str, limit: int) -> list[dict[str, Any]]:
        self.reads += 1
        return [
            d
            for d in self.documents.values()
            if d["store_hash"] == store_hash and d.get("received_ms") is None
        ][:limit]

    async def fill(self, fields_by_id: list[tuple[str, Mapping[str, Any]]]) -> int:
        if self.frozen:
            return 0
        for event_id, fields in fields_by_id:
            self.documents[event_id].update(fields)
        return len(fields_by_id)


def old(document: dict[str, Any], *fields: str) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in fields}


def test_given_a_stored_event_then_its_keys_are_what_the_event_log_writes_today() -> None:
    today = stored(1)

    keys, readable = keys_of(old(today, "subject", "received_ms"))

    assert readable and keys == {"subject": today["subject"], "received_ms": today["received_ms"]}
    assert keys["subject"] == "a1:product:77"  # a SKU event is about its product
    assert keys["received_ms"] == 1_793_604_600_123
    assert keys_of({"_id": "x", "envelope": {"scope": 3}}) == (UNREADABLE, False)
    assert keys_of({"_id": "x"}) == (UNREADABLE, False)


async def test_given_old_events_when_migrated_then_each_gets_both_fields_batch_by_batch() -> None:
    docs = [old(stored(n), "subject", "received_ms") for n in range(3)]
    docs += [old(stored(n, store="b2"), "received_ms") for n in range(3, 6)]
    docs += [stored(9), {"_id": "bad", "store_hash": "a1", "envelope": {}}]
    store = Store(docs)
    seen: list[int] = []

    report = await fill_event_keys(store, UNPAUSED, on_batch=lambda r: seen.append(r.filled))

    assert report.finished and (report.filled, report.unreadable) == (7, 1)
    for document in store.documents.values():
        if document["_id"] != "bad":
            assert document == stored(int(document["_id"][1:]), store=document["store_hash"])
    assert (store.documents["bad"]["subject"], store.documents["bad"]["received_ms"]) == ("", -1)
    assert seen == [2, 4, 4, 4, 6, 7]  # no subject: 2, 2, 0; a1: 0; b2: 2, 1 (short: next)
    again = await fill_event_keys(store, UNPAUSED)
    assert again.finished and again.filled == 0 and again.batches == 3  # 3 empty reads


async def test_given_keep_going_false_when_migrating_then_it_stops_and_a_rerun_resumes() -> None:
    store = Store([old(stored(n), "subject", "received_ms") for n in range(5)])

    async def no() -> bool:
        return False

    stopped = await fill_event_keys(store, UNPAUSED, no)
    resumed = await fill_event_keys(store, UNPAUSED)

    assert (stopped.finished, stopped.filled) == (False, 2)
    assert (resumed.finished, resumed.filled) == (True, 3)


async def test_given_writes_that_change_nothing_then_the_migration_stops_instead_of_looping() -> (
    None
):
    store = Store([old(stored(n), "subject", "received_ms") for n in range(5)])
    store.frozen = True

    report = await fill_event_keys(store, UNPAUSED)

    assert report == Filled(filled=0, unreadable=0, batches=1, busy_secs=report.busy_secs)
    assert store.reads == 1
